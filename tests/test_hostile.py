"""Hostile and damaged input: one clear line, exit 2, no traceback, the output untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata.cli import cli
from opendata.errors import OpendataError
from opendata.extract import Extraction, load_report
from opendata.extract.sections import split_sections
from opendata.project import Project
from opendata.runner import RunResult
from opendata.validate.packages import PackageData
from opendata.validate.rules import check_rules, load_rules


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
    write("duplicado.txt", repeated.encode(), "section(s) 4.1 appear more than once")
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
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, stderr)
        assert expected in lines[0], (name, lines[0])
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
    for section in split_sections(text):
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
