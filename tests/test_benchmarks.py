"""The benchmarks still run (their figures are printed, never asserted): a benchmark that no
longer imports would go unnoticed until someone needs its numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def benchmark(script: str, *args: str) -> tuple[list[str], str]:
    """Run benchmarks/`script`: its output's lines, and its last line (the BENCH line)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    return lines, lines[-1]


def test_the_extraction_benchmark_runs_and_prints_its_line() -> None:
    lines, last = benchmark("extraction.py", "--repeat", "1")
    assert last.startswith("BENCH extraction_s=") and " editions=" in last
    bundled = next(line for line in lines if line.startswith("bundled "))
    assert bundled.split()[2:] == ["37", "0"]  # every figure read, no problem


def test_the_large_table_benchmark_runs_and_prints_its_line(tmp_path: Path) -> None:
    lines, last = benchmark(
        "large_tables.py", "--rows", "3000", "--repeat", "1", "--workdir", str(tmp_path)
    )
    assert last.startswith("BENCH rows=3000 ") and "identical_errors=true" in last
    assert " vs_pyarrow=" in last and " vs_floor=" in last
    floor = next(line for line in lines if line.startswith("pyarrow streamed + Parquet"))
    assert floor.split()[-1] == "0"  # the floor ran, and exited 0
    assert (tmp_path / "f.parquet").is_file()
