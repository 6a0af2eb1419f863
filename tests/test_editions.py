"""Editions the project was not built on: every figure right, or every problem listed.

Each edition of tests/editions.py is one class of variation a real next edition brings. An
edition a careful reader would publish must give every figure of the data catalog right (its
value and qualifier); one that a careful reader could not be sure of must fail with a line for
each problem, exit 2, and leave the earlier output as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, tree_digest
from editions import EDITIONS, TEST_MARK, Edition
from pdf_maker import text_to_pdf
from test_figures import FIGURES

from opendata.cli import cli
from opendata.project import CATALOG, Project
from opendata.runner import RunResult, run

PUBLISHED = [e for e in EDITIONS if not e.problems]
REFUSED = [e for e in EDITIONS if e.problems]


def write(edition: Edition, report_text: str, folder: Path) -> Path:
    text = edition.build(report_text)
    if edition.pdf:
        return text_to_pdf(text, folder / f"{edition.name}.pdf", furniture=True)
    path = folder / f"{edition.name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def figures(result: RunResult) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (dataset, row["indicador"]): (row["valor"], row["calificador"])
        for dataset, tables in result.tables.items()
        if dataset != CATALOG
        for row in tables["indicadores"]
        if row["metodo"] == "texto"
    }


@pytest.mark.parametrize("edition", PUBLISHED, ids=[e.name for e in PUBLISHED])
def test_an_edition_a_careful_reader_publishes(
    edition: Edition, project: Project, report_text: str, tmp_path: Path
) -> None:
    source = write(edition, report_text, tmp_path)
    result = run(project, source=source, out=tmp_path / "out")
    expected = {(d, i): (v, q) for d, i, v, q in FIGURES} | edition.figures
    got = figures(result)
    wrong = {key: (got.get(key), want) for key, want in expected.items() if got.get(key) != want}
    assert not wrong, wrong
    assert sorted(got) == sorted(expected)
    assert result.validation.valid, result.validation.summary()


@pytest.mark.parametrize("edition", REFUSED, ids=[e.name for e in REFUSED])
def test_an_edition_with_unsure_figures_lists_every_problem_and_writes_nothing(
    edition: Edition, bundled: RunResult, report_text: str, tmp_path: Path
) -> None:
    earlier = tmp_path / "output"
    shutil.copytree(bundled.out, earlier)
    before = tree_digest(earlier)
    source = write(edition, report_text, tmp_path)
    result = CliRunner().invoke(
        cli, ["--project", str(ROOT), "-q", "run", "--out", str(earlier), "--source", str(source)]
    )
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in lines), lines
    for words in edition.problems:
        assert any(words in line for line in lines), (words, lines)
    assert tree_digest(earlier) == before


def test_a_next_edition_describes_itself(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    """Titles and descriptions state the edition at hand: its ordinal, dates, year, period."""
    import json

    edition = next(e for e in EDITIONS if e.name == "siguiente")
    result = run(project, source=write(edition, report_text, tmp_path), out=tmp_path / "out")
    assert TEST_MARK.split(":")[0] in result.report.source.path.read_text(encoding="utf-8")  # type: ignore[union-attr]

    def descriptor(name: str) -> dict[str, str]:
        return dict(json.loads((result.out / name / "datapackage.json").read_text("utf-8")))

    datacon = descriptor("datacon")
    assert datacon["title"] == "Conferencia Nacional de Datos Abiertos (DATACON) 2025"
    assert "quinta edición" in datacon["description"]
    assert "16 y 17 de octubre de 2025" in datacon["description"]
    assert "informes de cierre de la CEAyTP (2024-2025; sección 3.1)" in datacon["description"]
    assert descriptor("cumbre-nacional-estado-abierto")["title"].startswith("VII Cumbre")
    assert "sexta edición" in descriptor("plandai")["title"]
    assert "2024-2025" in descriptor(CATALOG)["title"]


def test_moved_sections_keep_their_provenance(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    edition = next(e for e in EDITIONS if e.name == "renumerada")
    result = run(project, source=write(edition, report_text, tmp_path), out=tmp_path / "out")
    sections = {
        dataset: {row["seccion"] for row in tables["indicadores"]}
        for dataset, tables in result.tables.items()
        if dataset != CATALOG
    }
    assert sections["cumbre-nacional-estado-abierto"] == {"1.3"}
    assert sections["difusion-gobierno-abierto"] == {"1.4"}
    assert sections["datacon"] == {"3.2"}
    assert sections["plandai"] == {"5.1"}
    panels = result.tables["cumbre-nacional-estado-abierto"]["paneles"]
    assert panels[1]["titulo"] == "El Congreso Abierto y sus desafíos"  # corrected where it moved


def test_a_state_after_its_city_is_read_from_the_place_part(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    edition = next(e for e in EDITIONS if e.name == "lugar-declarado")
    result = run(project, source=write(edition, report_text, tmp_path), out=tmp_path / "out")
    row = result.tables["semanas-universitarias-transparencia"]["jornadas"][4]
    assert (row["institucion"], row["ciudad"], row["entidad_federativa"], row["cve_ent"]) == (
        "Universidad Michoacana de San Nicolás de Hidalgo",
        "Morelia",
        "Michoacán de Ocampo",
        "16",
    )
    assert row["origen_entidad"] == "texto"


def test_furniture_is_removed_and_reported(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    edition = next(e for e in EDITIONS if e.name == "mobiliario")
    result = run(project, source=write(edition, report_text, tmp_path), out=tmp_path / "out")
    assert result.report is not None
    reasons = {r.why for r in result.report.furniture}
    assert "encabezado o pie con número de página" in reasons
    assert any("dentro de un número" in why for why in reasons)
    page = (result.out / "revision.html").read_text(encoding="utf-8")
    assert "Mobiliario de página retirado" in page
    assert f"{len(result.report.furniture)} líneas" in page
