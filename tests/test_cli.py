"""The command line, through click's CliRunner (and a subprocess where start-up matters)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT, tree_digest

from opendata.cli import cli
from opendata.runner import RunResult


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(ROOT), *args])
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_commands_and_exit_codes() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("run", "list", "validate"):
        assert command in out
    code, out, _ = invoke("run", "--help")
    assert code == 0
    assert "--source" in out and "Examples:" in out and "Exit codes" in out


def test_run_list_validate(tmp_path: Path) -> None:
    out = tmp_path / "salida"
    code, stdout, stderr = invoke("run", "--out", str(out), "plandai", "datacon")
    assert code == 0, stderr
    assert "plandai: 1 table, 5 rows" in stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "data.json",
        "datacon",
        "plandai",
        "revision.html",
        "run-manifest.json",
        "validation-report.html",
        "validation-report.json",
    ]
    assert "indicadores-ceaytp not rebuilt" in stderr

    code, stdout, _ = invoke("list", str(out), "--json")
    assert code == 0
    entries = json.loads(stdout)
    assert [e["dataset"] for e in entries] == ["datacon", "plandai"]
    csv = next(r for r in entries[1]["resources"] if r["name"] == "indicadores")
    assert csv["rows"] == 5 and csv["hash"].startswith("sha256:")
    code, stdout, _ = invoke("list", str(out))
    lines = [line for line in stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == sum(len(e["resources"]) for e in entries)
    assert len({line.index(" rows ") for line in lines}) == 1  # one column, however many rows
    assert len({line.index(" B  sha256:") for line in lines}) == 1

    code, stdout, _ = invoke("validate", str(out))
    assert code == 0
    assert stdout.strip().endswith("0 errors, 0 warnings")
    assert "valid: 2 datasets" in stdout


def test_validate_finds_a_tampered_file(bundled: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    target = out / "plandai" / "indicadores.csv"
    target.write_text(
        target.read_text(encoding="utf-8").replace(",668,", ",669,"), encoding="utf-8"
    )
    code, stdout, _ = invoke("validate", str(out))
    assert code == 1
    assert "plandai/indicadores: integrity:hash-count" in stdout


def test_input_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, stderr = invoke("run", "--out", str(tmp_path / "o"), "no-such-dataset")
    assert code == 2
    assert stderr.startswith("error: unknown dataset(s): no-such-dataset")
    code, _, stderr = invoke("run", "--out", str(tmp_path / "o"), "--source", "nope.txt")
    assert code == 2
    assert stderr.strip().splitlines()[-1] == "error: nope.txt: no such report file"
    assert "Traceback" not in stderr
    code, _, stderr = invoke("validate", str(tmp_path / "empty"))
    assert code == 2 and "no data packages" in stderr


def test_command_line_mistakes_are_one_line_and_exit_2() -> None:
    """Before a command runs too: click's own message for opendata's options is three lines."""
    cases = {
        ("--bogus", "list"): "error: No such option '--bogus'; see 'opendata --help'",
        ("nosuchcmd",): "error: No such command 'nosuchcmd'; see 'opendata --help'",
        ("run", "--nope"): "error: No such option '--nope'. Did you mean '--force'?; "
        "see 'opendata run --help'",
    }
    for args, line in cases.items():
        result = CliRunner().invoke(cli, list(args), prog_name="opendata")
        assert (result.exit_code, result.stderr.splitlines()) == (2, [line]), args
    result = CliRunner().invoke(cli, ["--project"], prog_name="opendata")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: Option '--project' requires an argument."]


def test_a_failed_run_leaves_the_output_folder_as_it_was(
    bundled: RunResult, report_text: str, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    before = tree_digest(out)
    broken = tmp_path / "broken.txt"
    broken.write_text(report_text.replace("con 164 compromisos", "con compromisos"), "utf-8")
    code, _, stderr = invoke("run", "--source", str(broken), "--out", str(out))
    assert code == 2
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith("error: cocreacion-desde-lo-local: compromisos: not found")
    )
    assert tree_digest(out) == before


def test_module_entry_point_and_light_startup() -> None:
    code = (
        "import sys, runpy; sys.argv = ['opendata', '--help'];\n"
        "try:\n    runpy.run_module('opendata', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('pyarrow', 'frictionless', 'pandas', 'pypdf', 'vl_convert')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Usage: opendata" in done.stdout
    assert "HEAVY []" in done.stdout


def test_every_command_has_an_example_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in sorted(cli.commands):
        code, out, _ = invoke(name, "--help")
        assert code == 0
        assert "Examples:" in out, name
        assert f"opendata {name}" in readme, name
