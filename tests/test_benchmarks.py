"""The benchmarks still run (their figures are printed, never asserted): a benchmark that no
longer imports would go unnoticed until someone needs its numbers."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_extraction_benchmark_runs_and_prints_its_line() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/extraction.py"), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH extraction_s=") and " editions=" in last
    bundled = next(line for line in done.stdout.splitlines() if line.startswith("bundled "))
    assert bundled.split()[2:] == ["37", "0"]  # every figure read, no problem
