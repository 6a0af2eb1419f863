"""Hostile and damaged input: one clear line, the right exit code, no traceback, no secret,
nothing lost, never a mixed output.

The corpus, by class: bad reports and project files (first), paths, signals, concurrency, a
full disk, bombs, secrets, damaged outputs, and the error boundary. Most cases run the
`opendata` command in a process of its own (tests/hostile_kit.py) and assert its exit code,
its one `error: ...` line, no traceback, no secret, its peak memory and the digest of the
output that was there before.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, tree_digest
from hostile_kit import (
    OPENDATA,
    assert_clean,
    base_env,
    command,
    file_size_limit,
    flate_bomb_pdf,
    memory_guard,
    nested_pdf,
    sparse_file,
    start,
    without_override,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata import destination
from opendata.cli import cli
from opendata.errors import InputError, OpendataError
from opendata.extract import Extraction, load_report
from opendata.extract.furniture import clean
from opendata.extract.sections import StructureError, is_heading_line, split_sections
from opendata.project import BUNDLED_REPORT as BUNDLED
from opendata.project import Project
from opendata.runner import RunResult
from opendata.validate.packages import PackageData
from opendata.validate.rules import check_rules, load_rules

sys.path.insert(0, str(ROOT / "benchmarks"))
import tablegen


def run_cli(project: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--project", str(project), "-q", "run", "--out", str(out), *args]
    )
    return result.exit_code, result.stderr


@pytest.fixture
def earlier(bundled: RunResult, tmp_path: Path) -> Path:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    return out


def _reports(text: str, folder: Path) -> dict[str, tuple[Path, str]]:
    """Bad reports and the words their error must contain."""
    made: dict[str, tuple[Path, str]] = {}

    def write(name: str, data: bytes, expected: str) -> None:
        (folder / name).write_bytes(data)
        made[name] = (folder / name, expected)

    write("vacio.txt", b"", "the report is empty")
    write("binario.txt", os.urandom(2048) + b"\x00" + os.urandom(64), "binary data (NUL byte)")
    write("latin1.txt", text.encode("latin-1", errors="replace"), "latin1.txt:9: not UTF-8")
    cut = text.index("impactando a 668")
    write("truncado.txt", text[: cut + 14].encode(), "plandai: personas_participantes: not found")
    garbage = text.replace(
        "27 entidades federativas activas", "veintisiete-y-pico entidades federativas activas"
    )
    write(
        "basura.txt", garbage.encode(), "plandai: entidades_federativas_activas: unreadable figure"
    )
    start = text.index("4.1 Quinta edición del PlanDAI 2024-2025\n\nDesde")
    section = text[start : text.index("FRANCISCO REYNALDO")]
    elsewhere = text.index("3.1 Conferencia Nacional de Datos Abiertos\n\nLa ")
    repeated = text[:elsewhere] + section + text[elsewhere:]
    write("duplicado.txt", repeated.encode(), "section 4.1 appears more than once")
    write("roto.pdf", b"%PDF-1.7\n" + os.urandom(4096), "PDF too complex or damaged")
    write(
        "sin-secciones.txt",
        b"Un texto cualquiera.\nSin encabezados.\n",
        "no section headings found",
    )
    big = folder / "enorme.txt"
    with big.open("wb") as handle:
        chunk = text.encode() * 16
        while handle.tell() < 200 * 1024 * 1024:
            handle.write(chunk)
    made["enorme.txt"] = (big, "too large for a report")
    return made


def test_a_corpus_of_bad_reports(report_text: str, earlier: Path, tmp_path: Path) -> None:
    before = tree_digest(earlier)
    tried = 0
    for name, (path, expected) in _reports(report_text, tmp_path).items():
        code, stderr = run_cli(ROOT, earlier, "--source", str(path))
        lines = stderr.strip().splitlines()
        assert code == 2, (name, stderr)
        # One line per problem, each naming it; several problems end with a count.
        assert lines and all(line.startswith("error: ") for line in lines), (name, stderr)
        assert any(expected in line for line in lines), (name, lines)
        assert len(lines) == 1 or lines[-1].endswith("could not be read; nothing written")
        assert "Traceback" not in stderr
        assert tree_digest(earlier) == before, name
        tried += 1
    assert tried == 9


def _project_copy(tmp_path: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    target = tmp_path / "proyecto"
    for name in listed.stdout.splitlines():
        if name.startswith(("pipelines/", "datapackages/", "validation/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


BAD_DESCRIPTORS: dict[str, tuple[str, Callable[[str], str], str]] = {
    "invalid YAML": (
        "datapackages/plandai/datapackage.yaml",
        lambda text: text.replace("keywords: [", "keywords: [[", 1),
        "datapackages/plandai/datapackage.yaml:",
    ),
    "unknown field type": (
        "datapackages/_comun/indicadores.schema.yaml",
        lambda text: text.replace("    type: integer", "    type: entero", 1),
        "field 'valor' has unknown type 'entero'",
    ),
    "schema that does not match the table": (
        "datapackages/_comun/indicadores.schema.yaml",
        lambda text: text.replace("- name: unidad", "- name: unidad_de_medida", 1),
        "does not match the schema (missing ['unidad_de_medida'], unexpected ['unidad'])",
    ),
    "invalid JSON suite": (
        "validation/plandai.json",
        lambda text: text.replace("{", "{,", 1),
        "validation/plandai.json:1: invalid JSON",
    ),
    "unknown rule kind": (
        "validation/reglas.yaml",
        lambda text: text.replace("regla: suma_igual", "regla: suma_magica", 1),
        "unknown regla 'suma_magica'",
    ),
    "bad corrections": (
        "pipelines/sources/correcciones.yaml",
        lambda text: text + "\n- seccion: 1.4\n",
        "correcciones.yaml: correction 8 needs text fields",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DESCRIPTORS))
def test_bad_descriptors_suites_and_rules(case: str, earlier: Path, tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    relative, damage, expected = BAD_DESCRIPTORS[case]
    path = project / relative
    path.write_text(damage(path.read_text("utf-8")), "utf-8")
    before = tree_digest(earlier)
    code, stderr = run_cli(project, earlier)
    lines = stderr.strip().splitlines()
    assert code == 2, stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert tree_digest(earlier) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_reports_only_ever_fail_cleanly(
    project: Project, report_text: str, data: st.DataObject, tmp_path: Path
) -> None:
    """Cut, garble or repeat any slice of the report: extraction succeeds or names the problem."""
    start = data.draw(st.integers(0, len(report_text) - 1))
    end = data.draw(st.integers(start, min(len(report_text), start + 400)))
    filler = data.draw(
        st.sampled_from(["", "x", "٧", "\n", "- ", "1.1 ", "más de ", report_text[start:end]])
    )
    path = tmp_path / "informe.txt"
    path.write_text(report_text[:start] + filler + report_text[end:], "utf-8")
    try:
        report = load_report(path, project.corrections)
        for pipeline in project.pipelines():
            if pipeline.extract is not None:
                pipeline.extract(Extraction(pipeline.dataset, report))
    except OpendataError:
        pass


@given(st.text(max_size=300))
def test_the_section_finder_never_crashes(text: str) -> None:
    lines, _ = clean(text.split("\n"), None, is_heading_line)
    try:
        sections = split_sections(lines)
    except StructureError:
        return
    for section in sections:
        section.numbers  # noqa: B018 (scanning the prose must not fail)
        section.dates  # noqa: B018
        section.sentences()
        section.year()
        section.pages()


def test_formula_like_cells_are_a_warning_and_the_data_is_kept(bundled: RunResult) -> None:
    import pyarrow as pa

    package = PackageData.read(bundled.out / "difusion-gobierno-abierto/datapackage.json")
    table = package.table("programas_difundidos")
    values = table.column("programa").to_pylist()
    values[0] = '=HYPERLINK("http://example.org","Plan DAI")'
    index = table.schema.get_field_index("programa")
    package._tables["programas_difundidos"] = table.set_column(index, "programa", pa.array(values))
    rules = [r for r in load_rules(ROOT / "validation") if r.id == "celdas-sin-formulas"]
    findings, _ = check_rules(rules, [package])
    assert [f.severity for f in findings] == ["warning"]
    assert "row 2 programa='=HYPERLINK(" in findings[0].message
    assert package.rows("programas_difundidos")[0]["programa"] == values[0]


# The cases below run the command as a user does; see tests/hostile_kit.py.


def _digests(*folders: Path) -> list[dict[str, str]]:
    return [tree_digest(folder) if folder.exists() else {} for folder in folders]


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the project (its pipelines, descriptors, suites and rules) to damage."""
    return _project_copy(tmp_path)


def _small_project(root: Path, rows: int, edition: int = 1) -> Path:
    """A project of two CSV tables (fast to run: no report, no GX): padron and bajas."""
    import csv

    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "nombre", "type": "string"},
        ],
        "primaryKey": ["id"],
    }
    for name in ("padron", "bajas"):
        table = tablegen.write_project(root, name, f"Tabla {name}", schema)
        target = table.with_name(f"{name}.csv")
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["id", "nombre"])
            writer.writerows([i, f"{name} {edition} fila {i}"] for i in range(1, rows + 1))
        script = root / "pipelines" / f"{name}.py"
        script.write_text(
            script.read_text("utf-8").replace("datos/registros.csv", f"datos/{name}.csv"), "utf-8"
        )
    return root


# Paths: --out, --dest, --source, --summary and names that would lead elsewhere.


def _run_args(project: Path, out: Path, *args: str) -> list[str]:
    return ["--project", str(project), "-q", "run", "--out", str(out), *args]


PATH_CASES: dict[str, tuple[Callable[[Path, Path], list[str]], str]] = {
    "out is /": (lambda project, tmp: _run_args(project, Path("/")), "root of the file system"),
    "out is the home folder": (
        lambda project, tmp: _run_args(project, tmp / "casa"),
        "the home folder",
    ),
    "out holds the home folder": (
        lambda project, tmp: _run_args(project, tmp),
        "it holds the home folder",
    ),
    "out is the project": (lambda project, tmp: _run_args(project, project), "project folder"),
    "out is datapackages/": (
        lambda project, tmp: _run_args(project, project / "datapackages"),
        "inside the project's datapackages/ folder",
    ),
    "out is inside validation/": (
        lambda project, tmp: _run_args(project, project / "validation" / "salida"),
        "inside the project's validation/ folder",
    ),
    "out holds the report": (
        lambda project, tmp: _run_args(
            ROOT, tmp / "informes", "--source", str(tmp / "informes" / "informe.txt")
        ),
        "holds an input of the run",
    ),
    "out holds the corrections": (
        lambda project, tmp: _run_args(
            ROOT, tmp / "informes", "--corrections", str(tmp / "informes" / "c.yaml")
        ),
        "holds an input of the run",
    ),
    "out is not empty and not an output": (
        lambda project, tmp: _run_args(ROOT, tmp / "documentos"),
        "pass --force to write there anyway",
    ),
    "out is a file": (lambda project, tmp: _run_args(ROOT, tmp / "nota.txt"), "nota.txt"),
    "out is below a file": (
        lambda project, tmp: _run_args(ROOT, tmp / "nota.txt" / "salida"),
        "nota.txt is a file",
    ),
    "summary in a missing folder": (
        lambda project, tmp: [
            *_run_args(ROOT, tmp / "output"),
            "--summary",
            str(tmp / "no-existe" / "resumen.md"),
        ],
        "--summary",
    ),
    "source is a folder": (
        lambda project, tmp: [*_run_args(ROOT, tmp / "output"), "--source", str(tmp)],
        "--source",
    ),
    "source is a FIFO": (
        lambda project, tmp: [*_run_args(ROOT, tmp / "output"), "--source", str(tmp / "fifo")],
        "must be a regular file, this is a named pipe (FIFO)",
    ),
    "source is /dev/zero": (
        lambda project, tmp: [*_run_args(ROOT, tmp / "output"), "--source", "/dev/zero"],
        "must be a regular file, this is a character device",
    ),
    "dest is /": (
        lambda project, tmp: ["download", "x", "--portal", "http://127.0.0.1:9", "--dest", "/"],
        "--dest /: that is the root of the file system",
    ),
    "dest is not empty and holds no datasets": (
        lambda project, tmp: [
            "download",
            "x",
            "--portal",
            "http://127.0.0.1:9",
            "--dest",
            str(tmp / "documentos"),
        ],
        "pass --force to write there anyway",
    ),
    "dest is the project's datapackages/": (
        lambda project, tmp: [
            "--project",
            str(project),
            "download",
            "x",
            "--portal",
            "http://127.0.0.1:9",
            "--dest",
            str(project / "datapackages"),
        ],
        "inside the project's datapackages/ folder",
    ),
}


@pytest.mark.parametrize("case", PATH_CASES)
def test_paths(case: str, copy: Path, earlier: Path, tmp_path: Path) -> None:
    make_args, expected = PATH_CASES[case]
    (tmp_path / "casa").mkdir()
    (tmp_path / "informes").mkdir()
    (tmp_path / "informes" / "informe.txt").write_bytes(ROOT.joinpath(BUNDLED).read_bytes())
    (tmp_path / "informes" / "c.yaml").write_text("[]\n")
    (tmp_path / "documentos").mkdir()
    (tmp_path / "documentos" / "tesis.docx").write_bytes(b"mi tesis")
    (tmp_path / "nota.txt").write_text("nota")
    os.mkfifo(tmp_path / "fifo")
    watched = [copy, earlier, tmp_path / "documentos", tmp_path / "casa"]
    before, listing = _digests(*watched), sorted(p.name for p in tmp_path.iterdir())
    ran = command(*make_args(copy, tmp_path), env=base_env(HOME=str(tmp_path / "casa")))
    assert_clean(ran, 2, expected)
    assert _digests(*watched) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no lock, no staging


def test_force_writes_into_a_foreign_folder_and_keeps_what_it_holds(tmp_path: Path) -> None:
    project = _small_project(tmp_path / "proyecto", rows=5)
    out = tmp_path / "documentos"
    out.mkdir()
    (out / "tesis.docx").write_bytes(b"mi tesis")
    ran = command("--project", str(project), "-q", "run", "--out", str(out), "--force")
    assert ran.code == 0, ran.stderr
    assert (out / "tesis.docx").read_bytes() == b"mi tesis"
    assert (out / "padron" / "datapackage.json").is_file()


def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    project = _small_project(tmp_path / "proyecto", rows=5)
    locked = tmp_path / "solo-lectura"
    locked.mkdir(mode=0o555)
    try:
        out = locked / "salida"
        ran = command(*_run_args(project, out), preexec=without_override)
        assert_clean(ran, 2, f"{out}: cannot write to {locked} (Permission denied)")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


NAME_CASES: dict[str, tuple[str, Callable[[str], str], str]] = {
    "resource named ../../evil": (
        "datapackages/plandai/datapackage.yaml",
        lambda text: text.replace("- name: indicadores", "- name: ../../evil", 1),
        "must be lower-case letters",
    ),
    "DATASET ../evil": (
        "pipelines/plandai.py",
        lambda text: text.replace('DATASET = "plandai"', 'DATASET = "../evil"', 1),
        "DATASET '../evil' must be",
    ),
}


@pytest.mark.parametrize("case", NAME_CASES)
def test_no_name_places_a_file_outside_its_folder(case: str, copy: Path, tmp_path: Path) -> None:
    relative, damage, expected = NAME_CASES[case]
    (copy / relative).write_text(damage((copy / relative).read_text("utf-8")), "utf-8")
    out = tmp_path / "salida" / "output"
    ran = command(*_run_args(copy, out))
    assert_clean(ran, 2, expected)
    assert not (tmp_path / "evil").exists() and not (tmp_path / "salida" / "evil").exists()
    assert not out.exists()


# Signals: a run stopped at any step of building and swapping its output leaves the earlier
# output or the new one, never a mix, and the next run leaves no staging folder behind.


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small project, its output from edition 1 and the output of edition 2 (the run the
    signal cases stop), with the number of steps edition 2's run takes."""
    base = tmp_path_factory.mktemp("editions")
    project = _small_project(base / "proyecto", rows=50)
    old = base / "old" / "output"
    assert command("--project", str(project), "-q", "run", "--out", str(old)).code == 0
    _small_project(project, rows=60, edition=2)
    new = base / "new" / "output"
    shutil.copytree(old, new)
    report = base / "steps.json"
    ran = command(
        "--project", str(project), "-q", "run", "--out", str(new), "padron",
        hook=True, env=base_env(HOOK_REPORT=str(report)),
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    steps = json.loads(report.read_text())
    assert tree_digest(new) != tree_digest(old)
    return {"project": project, "old": tree_digest(old), "new": tree_digest(new),
            "source": old, **steps}  # fmt: skip


def _stop_points(steps: int, exchange: int) -> list[int]:
    """Steps to stop at: the first ones, around the exchange, while the old output is
    removed, the last."""
    picked = {1, 2, exchange // 3, 2 * exchange // 3, exchange - 1, exchange, exchange + 1}
    picked |= {exchange + 2, (exchange + steps) // 2, steps}
    return sorted(p for p in picked if 1 <= p <= steps)


@pytest.mark.parametrize("exchange", ["renameat2", "two renames"])
def test_a_run_stopped_anywhere_in_its_swap_leaves_all_old_or_all_new(
    editions: dict[str, Any], exchange: str, tmp_path: Path
) -> None:
    project, old, new = editions["project"], editions["old"], editions["new"]
    points = _stop_points(editions["steps"], editions["exchange"])
    assert len(points) >= 8
    seen = set()
    for number, point in enumerate(points):
        for sig in ("SIGINT", "SIGKILL"):
            out = tmp_path / f"{point}-{sig}" / "output"
            shutil.copytree(editions["source"], out)
            env = base_env(HOOK_STOP_AT=str(point), HOOK_SIGNAL=sig)
            if exchange == "two renames":
                env["HOOK_NO_EXCHANGE"] = "1"
            args = ("--project", str(project), "-q", "run", "--out", str(out), "padron")
            ran = command(*args, hook=True, env=env)
            if sig == "SIGINT":
                assert_clean(ran, 130, "error: interrupted")
            else:
                assert ran.code == -signal.SIGKILL, (point, ran.stderr)
                destination.recover(out)  # what the next writer does first
            state = tree_digest(out)
            assert state in (old, new), (point, sig)
            seen.add("old" if state == old else "new")
            if number % 3 == 0:  # the next run completes and leaves nothing beside the output
                assert command(*args, env=base_env()).code == 0
                assert tree_digest(out) == new
                assert _siblings(out) == [".output.lock", "output"]
    assert seen == {"old", "new"}


def test_sigterm_unwinds_like_ctrl_c(editions: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(editions["source"], out)
    env = base_env(HOOK_STOP_AT=str(editions["exchange"]), HOOK_SIGNAL="SIGTERM")
    args = ("--project", str(editions["project"]), "-q", "run", "--out", str(out), "padron")
    ran = command(*args, hook=True, env=env)
    assert_clean(ran, 143, "error: terminated")
    assert tree_digest(out) == editions["old"]
    assert _siblings(out) == [".output.lock", "output"]  # its staging removed on the way out


# Concurrency: one writer at a time on an output folder; the second fails with one line.


def test_a_second_run_on_the_same_output_fails_cleanly(
    editions: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "output"
    shutil.copytree(editions["source"], out)
    pause = tmp_path / "paused"
    env = base_env(HOOK_PAUSE_AT=str(editions["exchange"]), HOOK_PAUSE_FILE=str(pause))
    args = ["--project", str(editions["project"]), "-q", "run", "--out", str(out), "padron"]
    first = start(*args, env=env)
    try:
        deadline = time.monotonic() + 120
        while not pause.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pause.exists(), "the first run never reached its swap"
        second = command(*args)
        assert_clean(second, 2, f"another opendata command is using it (process {first.pid})")
        publish = command(
            "--project", str(editions["project"]), "-q", "publish", "--out", str(out),
            "--portal", "http://127.0.0.1:9",
            env=base_env(CKAN_API_TOKEN="x" * 20),
        )  # fmt: skip
        assert_clean(publish, 2, "another opendata command is using it")
        assert tree_digest(out) == editions["old"]
    finally:
        pause.unlink(missing_ok=True)
        _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert tree_digest(out) == editions["new"]


# A full disk: a write that fails part-way changes nothing, and says what failed.


def test_a_full_disk_changes_nothing(editions: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(editions["source"], out)
    ran = command(
        "--project", str(editions["project"]), "-q", "run", "--out", str(out), "--force",
        preexec=file_size_limit(1024),
    )  # fmt: skip
    assert_clean(ran, 2, "File too large")
    assert f"nothing changed in {out}" in ran.stderr
    assert tree_digest(out) == editions["old"]
    assert _siblings(out) == [".output.lock", "output"]


def test_a_full_disk_on_the_report_run_changes_nothing(earlier: Path) -> None:
    before = tree_digest(earlier)
    ran = command(*_run_args(ROOT, earlier, "--force", "plandai"), preexec=file_size_limit(4096))
    assert_clean(ran, 2, "File too large")
    assert tree_digest(earlier) == before
    assert _siblings(earlier) == [".output.lock", "output"]


# Bombs: inputs made to exhaust memory or time end in one line, under 1 GiB.

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def _bomb_cases(tmp: Path, project: Path) -> dict[str, tuple[Callable[[], list[str]], str]]:
    """Each case: what makes its input and gives the command's arguments, and the words of
    its error."""
    run = _run_args(project, tmp / "output", "plandai")  # one dataset: quicker
    descriptor = project / "datapackages" / "plandai" / "datapackage.yaml"
    rules, suite = project / "validation" / "reglas.yaml", project / "validation" / "plandai.json"
    publish = ["publish", "--portal", "http://127.0.0.1:9", "--token-file"]

    def sparse() -> str:
        return str(sparse_file(tmp / "ceros.txt", 2 << 30))

    return {
        "YAML alias bomb in the rules": (
            lambda: _write(rules, BOMB, run),
            "YAML aliases (*a) are not allowed",
        ),
        "YAML alias bomb in a descriptor": (
            lambda: _write(descriptor, BOMB, run),
            "YAML aliases (*a) are not allowed",
        ),
        "YAML nested 10,000 deep": (
            lambda: _write(rules, "[" * 10_000 + "]" * 10_000, run),
            "nested more than 64 levels deep",
        ),
        "YAML of a date that is not one": (
            lambda: _write(rules, "- fecha: 2024-13-45\n", run),
            "invalid value in YAML",
        ),
        "JSON suite nested 100,000 deep": (
            lambda: _write(suite, "[" * 100_000 + "]" * 100_000, run),
            "nested too deeply",
        ),
        "JSON suite with a 10,000-digit number": (
            lambda: _write(suite, '{"n": ' + "9" * 10_000 + "}", run),
            "invalid value in JSON",
        ),
        "corrections from /dev/zero": (
            lambda: [*run, "--corrections", "/dev/zero"],
            "character device",
        ),
        "corrections from a FIFO": (
            lambda: [*run, "--corrections", str(tmp / "fifo")],
            "named pipe",
        ),
        "corrections of 2 GB": (lambda: [*run, "--corrections", sparse()], "too large"),
        "report of 2 GB": (lambda: [*run, "--source", sparse()], "too large for a report"),
        "schema from /dev/zero": (
            lambda: _write(
                descriptor,
                descriptor.read_text("utf-8").replace(
                    "../_comun/indicadores.schema.yaml", "/dev/zero"
                ),
                run,
            ),
            "character device",
        ),
        "flate bomb PDF": (
            lambda: [*run, "--source", str(flate_bomb_pdf(tmp / "bomba.pdf", 300 << 20))],
            "PDF too complex or damaged",
        ),
        "PDF of arrays nested 100,000 deep": (
            lambda: [*run, "--source", str(nested_pdf(tmp / "anidado.pdf", 100_000))],
            "PDF too complex or damaged",
        ),
        "token file from /dev/zero": (lambda: [*publish, "/dev/zero"], "character device"),
        "token file that is a FIFO": (lambda: [*publish, str(tmp / "fifo")], "named pipe"),
        "token file of 2 GB": (lambda: [*publish, sparse()], "too large for a token file"),
    }


def _write(path: Path, text: str, args: list[str]) -> list[str]:
    path.write_text(text, "utf-8")
    return args


BOMB_CASES = [
    "YAML alias bomb in the rules",
    "YAML alias bomb in a descriptor",
    "YAML nested 10,000 deep",
    "YAML of a date that is not one",
    "JSON suite nested 100,000 deep",
    "JSON suite with a 10,000-digit number",
    "corrections from /dev/zero",
    "corrections from a FIFO",
    "corrections of 2 GB",
    "report of 2 GB",
    "schema from /dev/zero",
    "flate bomb PDF",
    "PDF of arrays nested 100,000 deep",
    "token file from /dev/zero",
    "token file that is a FIFO",
    "token file of 2 GB",
]


@pytest.mark.parametrize("case", BOMB_CASES)
def test_bombs(case: str, tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    cases = _bomb_cases(tmp_path, project)
    assert sorted(cases) == sorted(BOMB_CASES)
    make, expected = cases[case]
    args = make()
    if args[0] in ("publish",):
        args = ["--project", str(project), "-q", *args]
    ran = command(*args, preexec=memory_guard, timeout=120)
    assert_clean(ran, 2, expected)
    assert not (tmp_path / "output").exists()


# Secrets: no token, no password of a URL, in anything printed or written, on any error path
# of publish and download. Portal cases run against loopback only: the local CKAN, or a
# portal made to misbehave.

CANARY = "canary-5e1f0a9d7c3b41"


class BadPortal:
    """A portal on loopback that fails every call in one way, quoting the request's token."""

    def __init__(self, mode: str) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                echoed = f"{self.headers.get('Authorization')} {self.headers.get('X-CKAN-API-Key')}"
                if mode == "echo-409":
                    error = {"__type": "Validation Error", "name": [f"no: {echoed}"]}
                    self.answer(409, json.dumps({"success": False, "error": error}).encode())
                elif mode == "echo-500":
                    self.answer(500, f"Internal error, token {echoed}".encode())
                elif mode == "huge":
                    self.answer(200, b" " * (65 << 20))
                elif mode == "html":
                    self.answer(200, f"<html>{echoed}</html>".encode())
                else:  # package_show: a dataset whose files are elsewhere or need a password
                    answer = {"success": True, "result": portal.package}
                    self.answer(200, json.dumps(answer).encode())

            def do_GET(self) -> None:
                if self.path == "/away":
                    self.send_response(302)
                    self.send_header("Location", f"http://user:{CANARY}@127.0.0.2:9/x.csv")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.answer(404, b"")

            def answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{port}"
        files = {  # where the dataset's datapackage.json is, by mode
            "package-404": f"http://u:{CANARY}@127.0.0.1:{port}/datapackage.json",
            "package-redirect": f"http://127.0.0.1:{port}/away",
            "package-elsewhere": f"http://u:{CANARY}@127.0.0.3:9/datapackage.json",
        }
        descriptor = {"format": "JSON", "opendata_key": "datapackage.json", "url": files.get(mode)}
        self.package = {"name": "x", "resources": [descriptor]}
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _secret_cases(tmp: Path, out: Path) -> dict[str, tuple[list[str], dict[str, str], int, str]]:
    """Each case: arguments, environment, exit code, the words of its error."""
    publish = ["--project", str(ROOT), "-q", "publish", "--out", str(out)]
    token_file = tmp / "token"
    token_file.write_text(f"{CANARY}\x07\n")
    local = "http://127.0.0.1:9"
    with_password = f"https://opendata:{CANARY}@127.0.0.1:9/"
    return {
        "token with a newline": (
            publish, {"CKAN_URL": local, "CKAN_API_TOKEN": f"{CANARY}\nX-Evil: 1"}, 2,
            "CKAN_API_TOKEN: the API token holds a control character (U+000A) at position 22",
        ),
        "token outside Latin-1": (
            publish, {"CKAN_URL": local, "CKAN_API_TOKEN": f"{CANARY}€"}, 2, "outside Latin-1",
        ),
        "token file with a control character": (
            [*publish, "--token-file", str(token_file)], {"CKAN_URL": local}, 2,
            "control character (U+0007)",
        ),
        "password in CKAN_URL, publish": (
            publish, {"CKAN_URL": with_password, "CKAN_API_TOKEN": "t" * 20}, 2,
            "portal URL 'https://***@127.0.0.1:9/' holds a user name or password",
        ),
        "password in CKAN_URL, datasets": (
            ["datasets"], {"CKAN_URL": with_password}, 2, "holds a user name or password",
        ),
        "password in --portal, download": (
            ["download", "x", "--portal", with_password, "--dest", str(tmp / "d")], {}, 2,
            "holds a user name or password",
        ),
        "a host that only starts like loopback": (
            publish,
            {"CKAN_URL": "http://127.0.0.1.attacker.example", "CKAN_API_TOKEN": CANARY},
            2, "is plain HTTP",
        ),
        "nobody listening": (
            publish, {"CKAN_URL": "http://127.0.0.1:9", "CKAN_API_TOKEN": CANARY}, 3,
            "cannot connect to http://127.0.0.1:9",
        ),
    }  # fmt: skip


SECRET_CASES = [
    "token with a newline",
    "token outside Latin-1",
    "token file with a control character",
    "password in CKAN_URL, publish",
    "password in CKAN_URL, datasets",
    "password in --portal, download",
    "a host that only starts like loopback",
    "nobody listening",
]


@pytest.mark.parametrize("case", SECRET_CASES)
def test_secrets_on_error_paths(case: str, earlier: Path, tmp_path: Path) -> None:
    cases = _secret_cases(tmp_path, earlier)
    assert sorted(cases) == sorted(SECRET_CASES)
    args, env, code, expected = cases[case]
    before = tree_digest(earlier)
    ran = command(*args, env=base_env(**env), cwd=tmp_path)
    assert_clean(ran, code, expected, secrets=[CANARY])
    assert tree_digest(earlier) == before


@pytest.mark.parametrize("mode", ["echo-409", "echo-500", "huge", "html"])
def test_secrets_when_the_portal_misbehaves(mode: str, earlier: Path, tmp_path: Path) -> None:
    portal = BadPortal(mode)
    try:
        env = base_env(CKAN_URL=portal.url, CKAN_API_TOKEN=CANARY)
        summary = tmp_path / "resumen.md"
        publish = command(
            "--project", str(ROOT), "-q", "publish", "--out", str(earlier),
            "--summary", str(summary), env=env,
        )  # fmt: skip
        datasets = command("datasets", env=env)
        download = command("download", "x", "--dest", str(tmp_path / "datos"), env=env)
    finally:
        portal.close()
    expected = {"echo-409": "rejected", "echo-500": "server error", "huge": "larger than 64 MiB"}
    for ran in (publish, datasets, download):
        assert_clean(ran, 3, expected.get(mode, "unexpected answer"), secrets=[CANARY])
    written = "".join(p.read_text("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file())
    assert CANARY not in written


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("package-404", "datapackage.json: HTTP 404"),
        ("package-redirect", "redirect to another host refused (http://***@127.0.0.2:9/x.csv)"),
        ("package-elsewhere", "http://***@127.0.0.3:9/datapackage.json: not on the portal's host"),
    ],
)
def test_secrets_when_files_are_elsewhere(mode: str, expected: str, tmp_path: Path) -> None:
    portal = BadPortal(mode)
    try:
        env = base_env(CKAN_URL=portal.url)
        ran = command("download", "x", "--dest", str(tmp_path / "datos"), env=env)
    finally:
        portal.close()
    assert_clean(ran, 3, expected, secrets=[CANARY])
    assert not list((tmp_path / "datos").iterdir())


def test_secrets_against_the_local_portal(
    settings: dict[str, str], earlier: Path, tmp_path: Path
) -> None:
    env = base_env(CKAN_URL=settings["CKAN_URL"], CKAN_API_TOKEN=CANARY)
    publish = command("--project", str(ROOT), "-q", "publish", "--out", str(earlier), env=env)
    assert_clean(publish, 3, "the API token was not accepted", secrets=[CANARY])
    download = command("download", "no-existe", "--dest", str(tmp_path / "d"), env=env)
    assert_clean(download, 3, "package_show (HTTP 404): not found", secrets=[CANARY])


# Damaged outputs: what `list`, `validate` and `publish` meet in a folder someone changed.


def _damage(kind: str, out: Path) -> None:
    descriptor = out / "plandai" / "datapackage.json"
    if kind == "truncated Parquet":
        parquet = out / "plandai" / "indicadores.parquet"
        parquet.write_bytes(parquet.read_bytes()[:100])
    elif kind == "descriptor is a list":
        descriptor.write_text("[1, 2, 3]\n")
    elif kind == "resource path leads out":
        data = json.loads(descriptor.read_text("utf-8"))
        data["resources"][0]["path"] = "../../../../etc/passwd"
        descriptor.write_text(json.dumps(data))
    elif kind == "descriptor not UTF-8":
        descriptor.write_bytes(b'{"name": "plandai\xff"}')
    elif kind == "descriptor of 100 MB":
        sparse_file(descriptor, 100 << 20)


DAMAGED = {  # kind: (list, validate, publish): the exit code and the words of each error
    "truncated Parquet": ((2, "unreadable Parquet file"), (1, "plandai"), (2, "does not match")),
    "descriptor is a list": ((2, "must be a JSON object, not a list"),) * 3,
    "resource path leads out": ((2, "is not a path inside the package folder"),) * 3,
    "descriptor not UTF-8": ((2, "not UTF-8"),) * 3,
    "descriptor of 100 MB": ((2, "too large for a data package descriptor"),) * 3,
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_outputs(kind: str, earlier: Path) -> None:
    _damage(kind, earlier)
    before = tree_digest(earlier)
    env = base_env(CKAN_URL="http://127.0.0.1:9", CKAN_API_TOKEN="t" * 20)
    listed = command("--project", str(ROOT), "list", str(earlier), env=env)
    validated = command("--project", str(ROOT), "-q", "validate", str(earlier), env=env)
    published = command("--project", str(ROOT), "-q", "publish", "--out", str(earlier), env=env)
    for ran, (code, expected) in zip((listed, validated, published), DAMAGED[kind], strict=True):
        if code == 1:  # validate's findings are its report, on stdout
            assert ran.code == 1 and expected in ran.stdout and "INVALID" in ran.stdout
            assert "Traceback" not in ran.stdout + ran.stderr
        else:
            assert_clean(ran, code, expected)
    assert tree_digest(earlier) == before


def test_a_damaged_manifest_is_as_if_absent(tmp_path: Path) -> None:
    project = _small_project(tmp_path / "proyecto", rows=5)
    out = tmp_path / "output"
    assert command(*_run_args(project, out)).code == 0
    (out / "run-manifest.json").write_text("{ roto")
    ran = command(*_run_args(project, out))
    assert ran.code == 0, ran.stderr
    assert json.loads((out / "run-manifest.json").read_text())["entradas_sha256"]


def test_a_damaged_validation_report_stops_publishing(earlier: Path) -> None:
    (earlier / "validation-report.json").write_text('{"findings": 7}')
    env = base_env(CKAN_URL="http://127.0.0.1:9", CKAN_API_TOKEN="t" * 20)
    ran = command("--project", str(ROOT), "-q", "publish", "--out", str(earlier), env=env)
    assert_clean(ran, 2, "validation-report.json: damaged")


# The error boundary: whatever fails, one place says it, with the right exit code.


def _boundary_cases(project: Path) -> dict[str, tuple[Callable[[], object], list[str], str]]:
    plandai = project / "pipelines" / "plandai.py"
    suite, rules = project / "validation" / "plandai.json", project / "validation" / "reglas.yaml"

    def raising() -> None:
        text = plandai.read_text("utf-8")
        start = text.index("def extract(")
        body = text.index(":\n", start) + 2
        plandai.write_text(text[:body] + '    raise ValueError("boom")\n' + text[body:])

    def unknown_expectation() -> None:
        data = json.loads(suite.read_text("utf-8"))
        data["expectations"][0]["type"] = "expect_magic"
        suite.write_text(json.dumps(data))

    publish = ["publish", "--portal", "http://127.0.0.1:9"]
    return {
        "a pipeline raises": (raising, [], "pipelines/plandai.py raised ValueError: boom (line"),
        "a pipeline raises on import": (
            lambda: (project / "pipelines" / "zz.py").write_text('raise RuntimeError("mal")\n'),
            [],
            "pipelines/zz.py raised RuntimeError: mal (line 1)",
        ),
        "an expectation GX does not know": (
            unknown_expectation,
            [],
            "plandai.json: expectation 'expect_magic': expect_magic not found",
        ),
        "a rule of the wrong shape": (
            lambda: rules.write_text(
                rules.read_text("utf-8").replace("  total: 100", "  total: cien", 1)
            ),
            [],
            "total must be a number, not 'cien'",
        ),
        "--timeout nan": (lambda: None, [*publish, "--timeout", "nan"], "'nan' is not between"),
        "--timeout 1e300": (lambda: None, [*publish, "--timeout", "1e300"], "is not between"),
        "an unknown command": (lambda: None, ["publicar"], "No such command 'publicar'"),
    }


BOUNDARY_CASES = [
    "a pipeline raises",
    "a pipeline raises on import",
    "an expectation GX does not know",
    "a rule of the wrong shape",
    "--timeout nan",
    "--timeout 1e300",
    "an unknown command",
]


@pytest.mark.parametrize("case", BOUNDARY_CASES)
def test_the_error_boundary(case: str, copy: Path, earlier: Path) -> None:
    cases = _boundary_cases(copy)
    assert sorted(cases) == sorted(BOUNDARY_CASES)
    damage, args, expected = cases[case]
    damage()
    before = tree_digest(earlier)
    ran = command(
        "--project", str(copy), "-q", *(args or ["run", "--out", str(earlier), "plandai"])
    )
    assert_clean(ran, 2, expected)
    assert tree_digest(earlier) == before


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(ROOT), *args])
    return result.exit_code, result.stderr


def test_a_bug_prints_its_traceback_and_says_it_is_one(
    monkeypatch: pytest.MonkeyPatch, earlier: Path
) -> None:
    def broken(out: Path) -> list[dict[str, Any]]:
        raise ZeroDivisionError(f"division by zero near {CANARY}")

    from opendata import redaction

    redaction.remember_secret(CANARY)
    monkeypatch.setattr("opendata.listing.describe_output", broken)
    code, stderr = _invoke("list", str(earlier))
    assert code == 70
    assert "Traceback" in stderr and "ZeroDivisionError" in stderr and CANARY not in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: this is a bug in opendata")


def test_several_problems_are_several_lines(monkeypatch: pytest.MonkeyPatch, earlier: Path) -> None:
    def problems(out: Path) -> list[dict[str, Any]]:
        raise InputError("informe.txt:3: primera\ninforme.txt:9: segunda")

    monkeypatch.setattr("opendata.listing.describe_output", problems)
    code, stderr = _invoke("list", str(earlier))
    assert (code, stderr.splitlines()) == (
        2,
        ["error: informe.txt:3: primera", "error: informe.txt:9: segunda"],
    )


def test_an_os_error_on_a_path_is_named(monkeypatch: pytest.MonkeyPatch, earlier: Path) -> None:
    def denied(out: Path) -> list[dict[str, Any]]:
        raise PermissionError(13, "Permission denied", str(out / "plandai"))

    monkeypatch.setattr("opendata.listing.describe_output", denied)
    code, stderr = _invoke("list", str(earlier))
    assert (code, stderr.splitlines()) == (2, [f"error: {earlier}/plandai: Permission denied"])


def test_a_closed_stdout_ends_quietly(earlier: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # whoever read the listing went away (`opendata list | head -0`)
    try:
        process = subprocess.Popen(
            [str(OPENDATA), "--project", str(ROOT), "list", str(earlier)],
            stdout=writer,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(writer)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (141, b"")


def test_damaged_pdfs_only_ever_fail_cleanly(report_text: str, tmp_path: Path) -> None:
    """Bytes flipped, cut, repeated or zeroed anywhere in a PDF of the report: read, or one
    InputError (pypdf raises a dozen kinds of exception on such files)."""
    import random

    from pdf_maker import text_to_pdf

    from opendata.extract.source import read_report

    original = text_to_pdf(report_text[:8_000], tmp_path / "informe.pdf").read_bytes()
    rng = random.Random(13)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(150):
        data = bytearray(original)
        start = rng.randrange(len(data))
        kind = rng.choice(["flip", "cut", "repeat", "zero"])
        if kind == "flip":
            for _ in range(rng.randint(1, 50)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == "cut":
            del data[start:]
        elif kind == "repeat":
            data[start:start] = data[start : start + rng.randint(1, 5000)] * rng.randint(1, 20)
        else:
            data[start : start + rng.randint(1, 2000)] = bytes(100)
        damaged = tmp_path / "danado.pdf"
        damaged.write_bytes(bytes(data))
        try:
            read_report(damaged)
            outcomes["read"] += 1
        except InputError as error:
            assert str(error).startswith(f"{damaged}: "), error
            outcomes["refused"] += 1
    assert outcomes["read"] and outcomes["refused"]


def _table_project(root: Path, data: bytes | int) -> Path:
    """A project of one CSV table with `data` as its file (an int: a sparse file of NULs)."""
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "texto", "type": "string"}]}
    table = tablegen.write_project(root, "padron", "Padrón", schema)
    if isinstance(data, int):
        sparse_file(table, data)
    else:
        table.write_bytes(data)
    return root


LONG_CELLS: dict[str, tuple[bytes | int, int, str]] = {  # the table, exit code, words expected
    "a cell of 200 KiB in a ragged file": (
        b"id,texto\r\n1," + b"a" * 200_000 + b"\r\n2,b,sobra\r\n",
        1,
        'Row at position "3" has an extra value',
    ),
    "a cell of 17 MiB": (
        b"id,texto\r\n1,b\r\n2," + b"a" * (17 << 20) + b"\r\n3,c\r\n",
        1,
        "row 3: a cell or line longer than 16 MiB",
    ),
    "a table of 2 GB of NULs": (2 << 30, 2, "row 1: a cell or line longer than 16 MiB"),
}


@pytest.mark.parametrize("case", LONG_CELLS)
def test_long_cells_of_a_large_table(case: str, tmp_path: Path) -> None:
    """Python's csv module stops at 128 KiB; opendata reads cells up to 16 MiB and reports a
    longer one as a finding with its row, in bounded memory."""
    data, code, expected = LONG_CELLS[case]
    project = _table_project(tmp_path / "proyecto", data)
    ran = command(*_run_args(project, tmp_path / "output"), preexec=memory_guard)
    assert ran.code == code, ran.stderr[-2000:]
    assert expected in ran.stderr and "Traceback" not in ran.stderr
    assert ran.rss_mib < 1024
    assert not (tmp_path / "output").exists()
