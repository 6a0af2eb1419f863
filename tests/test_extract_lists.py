"""Figures counted from a list: every item read with certainty, or a refusal naming the figure.

A list whose lines are not all clearly items of one style (a bullet lost after a page break,
another glyph, numbered items among bullets, two items on one line, a paragraph glued to the
last item, an item repeated) must never give a count from the lines that happen to look like
items. A list in one consistent style, in any glyph a report prints, is read whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from editions import edit
from extract_kit import refusal_lines, run_report

from opendata.project import Project
from opendata.runner import run

FIRST_PAGE = [
    "Estrategia de Cocreación desde lo Local",
    "Caja de Herramientas de Gobierno Abierto Municipal",
    "Semana del Gobierno Abierto (Open Gov Week)",
    "Semanas Universitarias por la transparencia",
]
SECOND_PAGE = [
    "Concursos Nacionales en Redes Sociales",
    "Métrica de Gobierno Abierto 2023",
    "Métrica de Justicia Abierta 2023",
    "Contrataciones Abiertas",
    "Infraestructura Abierta",
    "Plan DAI",
]
PROGRAMS = FIRST_PAGE + SECOND_PAGE


def _lines(marks: list[str], items: list[str]) -> str:
    return "".join(f"{mark}{item}\n" for mark, item in zip(marks, items, strict=True))


def _pages(first: str, second: str) -> Callable[[str], str]:
    """Section 1.3 with its two pages of programs printed as given."""

    def build(text: str) -> str:
        return edit(
            text,
            (_lines(["- "] * 4, FIRST_PAGE), first),
            (_lines(["- "] * 6, SECOND_PAGE), second),
        )

    return build


def _second_page(marks: list[str]) -> Callable[[str], str]:
    return _pages(_lines(["- "] * 4, FIRST_PAGE), _lines(marks, SECOND_PAGE))


def _glyph(glyph: str) -> Callable[[str], str]:
    return _pages(_lines([glyph] * 4, FIRST_PAGE), _lines([glyph] * 6, SECOND_PAGE))


def _replace(*pairs: tuple[str, str]) -> Callable[[str], str]:
    return lambda text: edit(text, *pairs)


def _numbered_second_page(text: str) -> str:
    return _second_page([f"{n}. " for n in range(1, 7)])(text)


REFUSED: dict[str, tuple[Callable[[str], str], str]] = {
    "bullets lost after a page break": (_second_page([""] * 6), "programas_difundidos"),
    "PDF bullet glyph on the second page": (_second_page(["\uf0b7 "] * 6), "programas_difundidos"),
    "round bullets on the second page": (_second_page(["• "] * 6), "programas_difundidos"),
    "numbered items among bullets": (_numbered_second_page, "programas_difundidos"),
    "numbering that skips a number": (
        _pages(
            _lines([f"{n}. " for n in range(1, 5)], FIRST_PAGE),
            _lines([f"{n}. " for n in range(6, 12)], SECOND_PAGE),
        ),
        "programas_difundidos",
    ),
    "stars on the first two items": (
        _pages(_lines(["* ", "* ", "- ", "- "], FIRST_PAGE), _lines(["- "] * 6, SECOND_PAGE)),
        "programas_difundidos",
    ),
    "two items on one line": (
        _replace(
            (
                "- Métrica de Gobierno Abierto 2023\n- Métrica de Justicia Abierta 2023\n",
                "- Métrica de Gobierno Abierto 2023 - Métrica de Justicia Abierta 2023\n",
            )
        ),
        "programas_difundidos",
    ),
    "a paragraph glued to the last item": (
        _replace(("- Plan DAI\n", "- Plan DAI\nEn total se difundieron 12 programas.\n")),
        "programas_difundidos",
    ),
    "an item without its bullet between two items": (
        _replace(("- Infraestructura Abierta\n", "Infraestructura Abierta\n")),
        "programas_difundidos",
    ),
    "an item repeated": (
        _replace(("- Infraestructura Abierta\n", "- Infraestructura Abierta\n" * 2)),
        "programas_difundidos",
    ),
    "two jornadas on one line": (
        _replace(
            (
                "- 6 de marzo, Facultad de Derecho, UNAM, CDMX.\n- 11 de marzo,",
                "- 6 de marzo, Facultad de Derecho, UNAM, CDMX. - 11 de marzo,",
            )
        ),
        "jornadas",
    ),
    "a jornada that lost its bullet after the list": (
        _replace(
            (
                "- 27 de noviembre, Comisión Estatal de Derechos Humanos, Michoacán.\n",
                "- 27 de noviembre, Comisión Estatal de Derechos Humanos, Michoacán.\n\n"
                "28 de noviembre, Universidad Autónoma de Nayarit, Tepic, Nayarit.\n",
            )
        ),
        "jornadas",
    ),
    "two agenda items on one line": (
        _replace(
            (
                "- Presentación de avances Plan DAI\n",
                "- Presentación de avances Plan DAI - Presentación de avances Plan DAI 2025\n",
            )
        ),
        "puntos_orden_del_dia",
    ),
    "an agenda item in another glyph": (
        _replace(("- Presentación de avances Plan DAI\n", "• Presentación de avances Plan DAI\n")),
        "puntos_orden_del_dia",
    ),
    "an agenda item that lost its bullet after a date": (
        _replace(
            (
                "04 de diciembre de 2024\n\n- Presentación y en su caso, aprobación del Modelo",
                "04 de diciembre de 2024\n\nPresentación y en su caso, aprobación del Modelo",
            )
        ),
        "puntos_orden_del_dia",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_an_uncertain_list_is_refused_naming_its_figure(
    case: str, report_text: str, tmp_path: Path
) -> None:
    build, figure = REFUSED[case]
    lines = refusal_lines(run_report(build(report_text), tmp_path))
    assert any(f": {figure}: " in line for line in lines), lines


PUBLISHED: dict[str, Callable[[str], str]] = {
    "the PDF bullet glyph throughout": _glyph("\uf0b7 "),
    "stars throughout": _glyph("* "),
    "squares throughout": _glyph("■ "),
    "a wrapped item and a paragraph after the list, in the PDF glyph": lambda text: edit(
        _glyph("\uf0b7 ")(text),
        (
            "\uf0b7 Caja de Herramientas de Gobierno Abierto Municipal\n",
            "\uf0b7 Caja de Herramientas de\nGobierno Abierto Municipal\n",
        ),
        (
            "\uf0b7 Plan DAI\n",
            "\uf0b7 Plan DAI\n\nTodos los materiales se difundieron en las redes del SNT.\n",
        ),
    ),
}


@pytest.mark.parametrize("case", list(PUBLISHED), ids=list(PUBLISHED))
def test_a_list_in_one_style_is_read_whole(
    case: str, project: Project, report_text: str, tmp_path: Path
) -> None:
    source = tmp_path / "informe.txt"
    source.write_text(PUBLISHED[case](report_text), encoding="utf-8")
    result = run(project, source=source, out=tmp_path / "out")
    tables = result.tables["difusion-gobierno-abierto"]
    assert [row["programa"] for row in tables["programas_difundidos"]] == PROGRAMS
    counted = [r for r in tables["indicadores"] if r["indicador"] == "programas_difundidos"]
    assert [row["valor"] for row in counted] == [10]
