"""The command the extraction tests run: `opendata run` on an edited copy of the report."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT

from opendata.cli import cli


def run_report(text: str, folder: Path) -> Result:
    """`opendata -q run` of the project on `text` (written to folder/informe.txt), into
    folder/out."""
    source = folder / "informe.txt"
    source.write_text(text, encoding="utf-8")
    return run_source(source, folder / "out")


def run_source(source: Path, out: Path) -> Result:
    args = ["--project", str(ROOT), "-q", "run", "--out", str(out), "--source", str(source)]
    return CliRunner().invoke(cli, args)


def refusal_lines(result: Result) -> list[str]:
    """The `error:` lines of a run refused with exit 2 and no traceback."""
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    return lines
