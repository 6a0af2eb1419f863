"""Qualifier words around a figure, round two: words before the number ("cerca a",
"por encima de", "mínimo"), words closing the figure's phrase ("(aprox.)", ", aproximadamente.",
"y más"), decomposed accents; and a following phrase with its own noun ("aproximadamente la
mitad de ellas", "o más bien", "como mínimo uno") that is not the figure's qualifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_kit import refusal_lines, run_source

from opendata.project import CATALOG, Project
from opendata.runner import run
from opendata.validate.figure_text import read_figure

DATACON = "el registro de más de 500 personas,"
PLANDAI = "impactando a 668 personas que"
SEMANAS = "y 20,000 visualizaciones en redes sociales."
VISITS = "9,810 visitas al sitio de internet,"
PEOPLE = "personas_participantes"
REGISTERED = "personas_registradas"
VIEWS = "visualizaciones_redes_sociales"

PUBLISHED = [
    (PLANDAI, "impactando a cerca a 670 personas que", PEOPLE, 670, "aproximado"),
    (PLANDAI, "impactando a 670 personas (aprox.) que", PEOPLE, 670, "aproximado"),
    (SEMANAS, "y 20,000 visualizaciones en redes sociales, aproximadamente.", VIEWS, 20000,
     "aproximado"),
    (SEMANAS, "y 20,000 visualizaciones (aproximadamente) en redes sociales.", VIEWS, 20000,
     "aproximado"),
    (VISITS, "9,810 visitas al sitio de internet aproximadamente,", "visitas_sitio_web", 9810,
     "aproximado"),
    (DATACON, "el registro de por encima de 500 personas,", REGISTERED, 500, "mas_de"),
    (DATACON, "el registro de 500 personas y más,", REGISTERED, 500, "mas_de"),
    (DATACON, "el registro de mínimo 500 personas,", REGISTERED, 500, "mas_de"),
    (DATACON, "el registro de máximo de 500 personas,", REGISTERED, 500, "menos_de"),
    (DATACON, "el registro de ma\u0301s de 500 personas,", REGISTERED, 500, "mas_de"),
    # A qualifier phrase followed by a noun phrase of its own is not the figure's.
    (DATACON, "el registro de 500 personas, aproximadamente la mitad de ellas mujeres,",
     REGISTERED, 500, "exacto"),
    (PLANDAI, "impactando a 668 personas, más o menos el doble que en la edición anterior, que",
     PEOPLE, 668, "exacto"),
    ("la participación de 24 panelistas de", "la participación de 24 panelistas o más bien "
     "especialistas de", "panelistas", 24, "exacto"),
    ("recibiendo 40 comentarios, que", "recibiendo 40 comentarios, como mínimo uno por "
     "organismo garante, que", "comentarios_recibidos", 40, "exacto"),
    ("452 comentarios,", "452 comentarios o menos de los esperados,", "comentarios_recibidos",
     452, "exacto"),
]  # fmt: skip

REFUSED = [
    (DATACON, "el registro de sobre 500 personas,", REGISTERED, "'sobre 500'"),
    (PLANDAI, "impactando a 668 personas aproximadamente beneficiadas que", PEOPLE,
     "may start another phrase"),
    (PLANDAI, "impactando a 668 personas de tres regiones, aproximadamente, que", PEOPLE,
     "a qualifier after another number"),
]  # fmt: skip


def edited(report_text: str, old: str, new: str, folder: Path) -> Path:
    assert report_text.count(old) == 1, old
    path = folder / "edicion.txt"
    path.write_text(report_text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "figure", "value", "qualifier"), PUBLISHED, ids=[c[1] for c in PUBLISHED]
)
def test_the_words_next_to_a_figure_give_its_qualifier(
    old: str,
    new: str,
    figure: str,
    value: int,
    qualifier: str,
    project: Project,
    report_text: str,
    tmp_path: Path,
) -> None:
    result = run(project, source=edited(report_text, old, new, tmp_path), out=tmp_path / "out")
    rows = [
        row
        for dataset, tables in result.tables.items()
        if dataset != CATALOG
        for row in tables["indicadores"]
        if row["indicador"] == figure and row["valor"] == value
    ]
    assert [r["calificador"] for r in rows] == [qualifier], rows
    assert result.validation.valid, result.validation.summary()


@pytest.mark.parametrize(("old", "new", "figure", "words"), REFUSED, ids=[c[1] for c in REFUSED])
def test_a_qualifier_whose_figure_cannot_be_told_is_refused(
    old: str, new: str, figure: str, words: str, report_text: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    lines = refusal_lines(run_source(edited(report_text, old, new, tmp_path), out))
    assert any(f": {figure}: " in line and words in line for line in lines), lines
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("por encima de 500", 500, "mas_de"),
        ("mínimo 500", 500, "mas_de"),
        ("cerca a 670", 670, "aproximado"),
        ("670 personas (aprox.)", 670, "aproximado"),
        ("500 personas y más", 500, "mas_de"),
        ("20,000 visualizaciones (aproximadamente)", 20000, "aproximado"),
    ],
)
def test_the_independent_reader_reads_the_words_too(text: str, value: int, qualifier: str) -> None:
    assert read_figure(text) == (value, qualifier)


def test_a_qualifier_of_the_next_number_is_not_the_figure_before_it(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    """ "20 Redes Locales de Socialización impactando aproximadamente a 670 personas": the
    qualifier opens the next number; the 20 is exact."""
    source = edited(report_text, PLANDAI, "impactando aproximadamente a 670 personas que", tmp_path)
    result = run(project, source=source, out=tmp_path / "out")
    qualifiers = {
        row["indicador"]: row["calificador"] for row in result.tables["plandai"]["indicadores"]
    }
    assert qualifiers["redes_locales_instaladas"] == "exacto"
    assert qualifiers[PEOPLE] == "aproximado"
