"""Page furniture is removed only on strong evidence; a line of prose at a page's edge stays."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pdf_maker import text_to_pdf

from opendata.errors import ExtractionFailed
from opendata.extract.furniture import Removal, clean
from opendata.extract.sections import is_heading_line
from opendata.project import Project
from opendata.runner import run

ITEM = (
    "Presentación y en su caso, aprobación del Programa de Implementación Modelo de la "
    "Política Nacional de Datos Abiertos"
)
WORDS = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete"]
HEADER = "Informe de cierre 2023-2024 · Comisión de Estado Abierto y Transparencia Proactiva"


def _paged(text: str) -> str:
    """A page break at each long run of blank lines, as a word processor's page breaks give."""
    return text.replace("\n\n\n\n\n\n", "\n\f\n")


def _agenda(out: Path) -> list[str]:
    path = next((out / "sesiones-comision").rglob("*orden*.csv"))
    with path.open(encoding="utf-8") as handle:
        return [row["punto"] for row in csv.DictReader(handle)]


def _pages(*pages: list[str]) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    starts = []
    for page in pages:
        starts.append(len(lines))
        lines.extend(page)
    return lines, starts


def _clean(lines: list[str], starts: list[int] | None) -> tuple[list[str], list[Removal]]:
    kept, removals = clean(lines, starts, is_heading_line)
    return [line.text for line in kept], removals


def test_an_agenda_item_whose_tail_ends_two_pages_is_kept_whole(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    # The wrapped tail "de Datos Abiertos" of items 5 and 15 is the last line of two pages.
    source = text_to_pdf(_paged(report_text), tmp_path / "paginado.pdf", furniture=True)
    result = run(project, source=source, out=tmp_path / "out")
    agenda = _agenda(result.out)
    assert agenda.count(ITEM) == 2
    assert not [item for item in agenda if item.endswith("Política Nacional")]
    assert result.report is not None
    texts = {removal.text for removal in result.report.furniture}
    assert HEADER in texts  # the running header, on every page, is still furniture
    assert "de Datos Abiertos" not in texts


def test_a_repeated_line_that_ends_items_is_refused_not_cut(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    # A text copied from a PDF: three agenda items wrapped before the same words.
    text = re.sub(r"(?m)^(- .*Política Nacional) (de Datos Abiertos)$", r"\1\n\2", report_text)
    assert text.count("\nde Datos Abiertos\n") == 3
    source = tmp_path / "copiado.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ExtractionFailed) as failed:
        run(project, source=source, out=tmp_path / "out")
    message = str(failed.value)
    assert message.startswith("sesiones-comision: sesiones: line ")
    assert "may be cut short" in message
    assert "'de Datos Abiertos'" in message
    assert "\n" not in message


def test_a_line_at_the_foot_of_two_pages_of_many_is_prose() -> None:
    pages = [[HEADER, f"Párrafo {WORDS[n]}.", "- Un punto", "de Datos Abiertos"] for n in (0, 1)]
    pages += [[HEADER, f"Párrafo {WORDS[n]}.", f"Fin {WORDS[n]}."] for n in range(2, 6)]
    kept, removals = _clean(*_pages(*pages))
    assert kept.count("de Datos Abiertos") == 2
    assert {r.text for r in removals} == {HEADER}
    assert all(r.cuts is None for r in removals)


def test_a_running_header_on_a_minority_of_pages_is_kept() -> None:
    pages = [[HEADER, f"Texto {WORDS[n]}."] for n in range(3)]
    pages += [[f"Otro texto {WORDS[n]}."] for n in range(3, 7)]
    kept, removals = _clean(*_pages(*pages))
    assert kept.count(HEADER) == 3
    assert removals == []


def test_a_running_line_must_stand_at_the_same_place() -> None:
    # The same line at the top of one page, the foot of another, the middle of a third.
    line = "Comisión de Estado Abierto"
    pages = [
        [line, "Texto uno.", "Más texto."],
        ["Texto dos.", "Más texto.", line],
        ["Texto tres.", "Más texto.", "Y más.", line, "Sigue.", "Aún.", "Fin."],
        ["Texto cuatro.", "Fin."],
    ]
    kept, _ = _clean(*_pages(*pages))
    assert kept.count(line) == 3


def test_a_lowercase_footer_after_an_unfinished_item_is_furniture() -> None:
    pages = [[HEADER, f"- Punto {n} sin punto final", "www.snt.org.mx"] for n in range(4)]
    kept, removals = _clean(*_pages(*pages))
    assert "www.snt.org.mx" not in kept
    assert all(r.cuts is None for r in removals)


def test_a_footer_inside_a_sentence_that_goes_on_cuts_nothing() -> None:
    pages = [[HEADER, "y las instituciones trabajan con las", "de la Comisión"]] * 3
    pages += [[HEADER, "personas.", "de la Comisión"]]
    _, removals = _clean(*_pages(*pages))
    footers = [r for r in removals if r.text == "de la Comisión"]
    assert len(footers) == 4  # at the foot of every page: furniture, and the sentence goes on
    assert all(r.cuts is None for r in footers)


def test_furniture_that_reads_as_the_end_of_a_line_marks_that_line() -> None:
    pages = [
        [HEADER, f"- Punto {n} de la Política Nacional", "de Datos Abiertos"] for n in range(4)
    ]
    lines, starts = _pages(*pages)
    _, removals = _clean(lines, starts)
    cut = {r.cuts for r in removals if r.text == "de Datos Abiertos"}
    assert cut == {starts[n] + 2 for n in range(4)}  # each "- Punto …" line, numbered from 1


def test_a_text_report_keeps_a_line_repeated_twice() -> None:
    # Twice, even with different digits, is no running header: two sessions of two years.
    lines = [
        "Sesiones:",
        "Primera Sesión Ordinaria 2023",
        "Texto.",
        "Primera Sesión Ordinaria 2024",
    ]
    kept, removals = _clean(lines, None)
    assert kept == lines
    assert removals == []
