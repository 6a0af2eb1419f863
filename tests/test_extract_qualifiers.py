"""Signs and words around a figure that change what it says ("+500", "~670", "500+",
"hasta a 668"): the right `calificador`, or a one-line refusal naming the figure; never
`exacto`."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_kit import refusal_lines, run_source

from opendata.extract.numbers import scan
from opendata.project import CATALOG, Project
from opendata.runner import run
from opendata.validate.figure_text import check_figure, read_figure

DATACON = "el registro de más de 500 personas"
PLANDAI = "impactando a 668 personas"
SEMANAS = "y 20,000 visualizaciones"
APERTURA = "el 70% fue incorporado"
VIEWS = "visualizaciones_redes_sociales"
INCORPORATED = "comentarios_incorporados_pct"

PUBLISHED = [
    (DATACON, "el registro de +500 personas", "personas_registradas", 500, "mas_de", "+500"),
    (DATACON, "el registro de >500 personas", "personas_registradas", 500, "mas_de", ">500"),
    (DATACON, "el registro de ≥ 500 personas", "personas_registradas", 500, "mas_de", "≥ 500"),
    (DATACON, "el registro de 500+ personas", "personas_registradas", 500, "mas_de", "500+"),
    (PLANDAI, "impactando a ~670 personas", "personas_participantes", 670, "aproximado", "~670"),
    (PLANDAI, "impactando a ± 670 personas", "personas_participantes", 670, "aproximado", None),
    (PLANDAI, "impactando a <700 personas", "personas_participantes", 700, "menos_de", "<700"),
    (PLANDAI, "impactando casi a 668 personas", "personas_participantes", 668, "aproximado", None),
    (PLANDAI, "impactando a 668 o más personas", "personas_participantes", 668, "mas_de", None),
    (SEMANAS, "y ≈20,000 visualizaciones", VIEWS, 20000, "aproximado", None),
    (SEMANAS, "y 20 mil+ visualizaciones", VIEWS, 20000, "mas_de", None),
    (APERTURA, "casi el 70% fue incorporado", INCORPORATED, 70, "aproximado", None),
]  # fmt: skip

REFUSED = [
    (PLANDAI, "impactando hasta a 668 personas", "personas_participantes", "'hasta a 668'"),
    (PLANDAI, "impactando hasta con 668 personas", "personas_participantes", "'hasta con 668'"),
    (PLANDAI, "impactando a más de ~668 personas", "personas_participantes", "qualified twice"),
    (PLANDAI, "impactando a 668 ± 10 personas", "personas_participantes", "'668 ± 10'"),
    (PLANDAI, "impactando a 668 ±10 personas", "personas_participantes", "'668 ±10'"),
    (PLANDAI, "impactando a 668 personas+", "personas_participantes", "a sign after the noun"),
    (PLANDAI, "impactando a x+668 personas", "personas_participantes", "a sign before"),
    ("2 talleres, contó", "+ 2 talleres, contó", "talleres", "'+ 2'"),
    (APERTURA, "el +70% fue incorporado", "comentarios_incorporados_pct", "'+70%'"),
    (APERTURA, "hasta el 70% fue incorporado", "comentarios_incorporados_pct", "'hasta el 70%'"),
]  # fmt: skip


def edited(report_text: str, old: str, new: str, folder: Path) -> Path:
    assert report_text.count(old) == 1, old
    path = folder / "edicion.txt"
    path.write_text(report_text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "figure", "value", "qualifier", "written"),
    PUBLISHED,
    ids=[case[1] for case in PUBLISHED],
)
def test_a_sign_or_word_gives_the_figure_its_qualifier(
    old: str,
    new: str,
    figure: str,
    value: int,
    qualifier: str,
    written: str | None,
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
        if row["indicador"] == figure
    ]
    assert [(r["valor"], r["calificador"]) for r in rows] == [(value, qualifier)]
    if written is not None:
        assert rows[0]["cifra_texto"] == written
    assert result.validation.valid, result.validation.summary()


@pytest.mark.parametrize(
    ("old", "new", "figure", "words"), REFUSED, ids=[case[1] for case in REFUSED]
)
def test_a_sign_or_word_that_cannot_be_read_is_refused(
    old: str, new: str, figure: str, words: str, report_text: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    lines = refusal_lines(run_source(edited(report_text, old, new, tmp_path), out))
    assert any(f": {figure}: " in line and words in line for line in lines), lines
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("+500", 500, "mas_de"),
        ("> 500", 500, "mas_de"),
        ("≤50", 50, "menos_de"),
        ("~670", 670, "aproximado"),
        ("≈20,000", 20000, "aproximado"),
        ("500+", 500, "mas_de"),
        ("20 mil+", 20000, "mas_de"),
        ("casi el 70%", 70, "aproximado"),
        ("668 o más", 668, "mas_de"),
    ],
)
def test_the_independent_reader_reads_the_sign_too(text: str, value: int, qualifier: str) -> None:
    assert read_figure(text) == (value, qualifier)
    found = scan(f"con {text} personas")
    assert [(e.value, e.qualifier, e.text(f"con {text} personas")) for e in found] == [
        (value, qualifier, text)
    ]


@pytest.mark.parametrize(
    ("cifra", "sentence"),
    [("670", "impactando a ~670 personas."), ("500", "el registro de 500+ personas.")],
)
def test_the_net_catches_a_figure_published_without_its_sign(cifra: str, sentence: str) -> None:
    """Were the extractor to drop the sign, the row's text would not stand whole."""
    assert check_figure(cifra, sentence, int(cifra), "exacto") is not None
