"""A number is read whole or not at all: never its last (or first) piece as the whole number.

A split or misspelt number word ("veinti siete", "cuatro cientos", "docientos"), a decimal
with no digit before its point (".5 millones"), a soft hyphen inside a number word: the
expression has no value and a figure it would be is refused in one line that names it.
Compound ordinals ("décima cuarta", "cuadragésima cuarta", "vigesimocuarta", NFD accents)
are read whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from editions import edit

from opendata.cli import cli
from opendata.extract.numbers import read_ordinal, scan
from opendata.project import Project
from opendata.runner import run
from opendata.validate.figure_text import read_figure

BROKEN = [
    ("de veinti siete entidades", "veinti siete"),
    ("de veinti-siete entidades", "veinti-siete"),
    ("de veinti\u00adsiete entidades", "veinti\u00adsiete"),
    ("de veinti\u00ad siete entidades", "veinti\u00ad siete"),
    ("de veinti-\nsiete entidades", "veinti-\nsiete"),
    ("instalado dieci seis Secretariados", "dieci seis"),
    ("se recibieron cuatro cientos cincuenta y dos comentarios", "cuatro cientos cincuenta y dos"),
    ("se recibieron docientos cincuenta y dos comentarios", "docientos cincuenta y dos"),
    ("a seis cientas sesenta y ocho personas", "seis cientas sesenta y ocho"),
    ("y trecientas cinco organizaciones", "trecientas cinco"),
    ("de dos mil docientas alumnas", "dos mil docientas"),
    ("y veinte mil sietecientas visualizaciones", "veinte mil sietecientas"),
    ("y nuevecientos doce registros", "nuevecientos doce"),
    ("y seten ta y cinco ciudadanas", "seten ta y cinco"),
    ("y vein te mil visualizaciones", "vein te mil"),
    ("y veinti 7 entidades", "veinti 7"),
    ("y 7 cientos registros", "7 cientos"),
    ("y .5 millones de visualizaciones", ".5 millones"),
    ("y ,5 millones de visualizaciones", ",5 millones"),
    ("y un .30% no aplicaban", ".30%"),
    ("y .20 mil visualizaciones", ".20 mil"),
    ("la centésima cuarta edición", "centésima cuarta"),
]


@pytest.mark.parametrize(("text", "written"), BROKEN, ids=[w for _, w in BROKEN])
def test_a_broken_number_is_one_expression_with_no_value(text: str, written: str) -> None:
    found = [e for e in scan(text) if e.text(text) != "un"]
    assert [e.text(text)[-len(written) :] for e in found] == [written], found
    assert found[0].value is None and found[0].problem


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("medio millón", 500_000),
        ("12\u00ad480", None),
    ],
)
def test_half_a_million_is_read_and_digits_split_by_an_invisible_mark_are_not(
    text: str, value: int | None
) -> None:
    (found,) = scan(text)
    assert (found.text(text), found.value) == (text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("de\u0301cima cuarta", 14),
        ("decimocuarta", 14),
        ("decimoctava", 18),
        ("vigesimocuarta", 24),
        ("cuadragésima cuarta", 44),
        ("nonagésimo noveno", 99),
    ],
)
def test_compound_ordinals_read_whole(text: str, value: int) -> None:
    assert read_ordinal(text) == value
    assert read_figure(text) == (value, "exacto")  # the net under extraction agrees


REFUSED = [
    ("27 entidades federativas activas", "veinti siete entidades federativas activas",
     "entidades_federativas_activas", "veinti siete"),
    ("27 entidades federativas activas", "veinti\u00adsiete entidades federativas activas",
     "entidades_federativas_activas", "veinti"),
    ("15 Secretariados", "dieci seis Secretariados", "secretariados_tecnicos_instalados",
     "dieci seis"),
    ("452 comentarios", "cuatro cientos cincuenta y dos comentarios", "comentarios_recibidos",
     "cuatro cientos cincuenta y dos"),
    ("668 personas", "seis cientas sesenta y ocho personas", "personas_participantes",
     "seis cientas sesenta y ocho"),
    ("75 ciudadanas", "seten ta y cinco ciudadanas", "personas_ciudadanas", "seten ta y cinco"),
    ("2,000 alumnas", "dos mil docientas alumnas", "asistentes_presenciales",
     "dos mil docientas"),
    ("20,000 visualizaciones", "vein te mil visualizaciones", "visualizaciones_redes_sociales",
     "vein te mil"),
    ("20,000 visualizaciones", ".5 millones de visualizaciones",
     "visualizaciones_redes_sociales", ".5 millones"),
    ("y un 30% no aplicaban", "y un .30% no aplicaban", "comentarios_no_aplicables_pct", ".30%"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "figure", "written"), REFUSED, ids=[r[1][:30] for r in REFUSED]
)
def test_a_report_with_a_broken_number_is_refused_naming_the_figure(
    old: str, new: str, figure: str, written: str, report_text: str, tmp_path: Path
) -> None:
    source = tmp_path / "informe.txt"
    source.write_text(edit(report_text, (old, new)), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["--project", str(ROOT), "-q", "run", "--out", str(tmp_path / "out"), "--source",
         str(source)],
    )  # fmt: skip
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert f"{figure}: unreadable figure" in lines[0] and written in lines[0], lines


@pytest.mark.parametrize(
    ("written", "value", "title_word"),
    [("la décima cuarta edición", 14, "decimocuarta"),
     ("la de\u0301cima cuarta edición", 14, "decimocuarta"),
     ("la cuadragésima cuarta edición", 44, "cuadragésima cuarta"),
     ("la vigesimocuarta edición", 24, "vigésima cuarta")],
)  # fmt: skip
def test_a_compound_ordinal_edition_is_published(
    written: str, value: int, title_word: str, project: Project, report_text: str, tmp_path: Path
) -> None:
    source = tmp_path / "informe.txt"
    source.write_text(edit(report_text, ("la cuarta edición,", f"{written},")), encoding="utf-8")
    result = run(project, source=source, out=tmp_path / "out")
    rows = [r for r in result.tables["datacon"]["indicadores"] if r["indicador"] == "edicion"]
    assert [r["valor"] for r in rows] == [value]
    package = (tmp_path / "out" / "datacon" / "datapackage.json").read_text(encoding="utf-8")
    assert f"{title_word} edición" in package
