"""What a pipeline script works with: find figures in sections, collect rows with provenance.

Patterns are regular expressions over a section's prose (case-insensitive) with three
placeholders: {N} a number ("164", "9,810", "once", "más de mil"), {ORD} an ordinal ("quinta",
"VI") and {DATE} a Spanish date. A pattern must match exactly once; anything else is an
ExtractionError that names the dataset, the item and the section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opendata.errors import ExtractionError
from opendata.extract.report import Report, SectionNotFound
from opendata.extract.sections import Section
from opendata.extract.spanish import (
    DATE,
    NUMBER,
    ORDINAL,
    DateValue,
    ParseError,
    parse_date,
    parse_number,
    parse_ordinal,
)

Row = dict[str, Any]

_PLACEHOLDERS = {
    "{N}": f"(?P<valor>{NUMBER})",
    "{ORD}": f"(?P<valor>{ORDINAL})",
    "{DATE}": f"(?P<fecha>{DATE})",
}
# Used only to explain a failure: what stands where a number or date was expected.
_LOOSE = {"{N}": r"(?P<valor>\S+)", "{ORD}": r"(?P<valor>\S+)", "{DATE}": r"(?P<fecha>.{1,40}?)"}


def compile_pattern(pattern: str, strict: bool = True) -> re.Pattern[str]:
    table = _PLACEHOLDERS if strict else _LOOSE
    source = pattern
    for placeholder, regex in table.items():
        source = source.replace(placeholder, regex)
    return re.compile(source, re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A number read from the report, with the sentence it came from."""

    value: int
    qualifier: str
    section: Section
    sentence: str


class Extraction:
    """The tables of one dataset, filled by its pipeline script."""

    def __init__(self, dataset: str, report: Report) -> None:
        self.dataset = dataset
        self.report = report
        self.tables: dict[str, list[Row]] = {}
        self.sections_used: set[str] = set()

    def fail(self, item: str, section: str, problem: str) -> ExtractionError:
        return ExtractionError(self.dataset, item, section, problem)

    def section(self, key: str, item: str) -> Section:
        try:
            section = self.report.section(key)
        except SectionNotFound:
            raise self.fail(item, key, "section not found in the report") from None
        self.sections_used.add(key)
        return section

    def match(self, item: str, section: Section, pattern: str) -> re.Match[str]:
        """The one match of `pattern` in the section's prose."""
        matches = list(compile_pattern(pattern).finditer(section.prose))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            found = "; ".join(repr(m[0]) for m in matches)
            raise self.fail(item, section.label, f"ambiguous, several matches: {found}")
        loose = list(compile_pattern(pattern, strict=False).finditer(section.prose))
        if len(loose) == 1:
            bad = loose[0].groupdict().get("valor") or loose[0].groupdict().get("fecha")
            raise self.fail(item, section.label, f"unreadable figure {bad!r} in {loose[0][0]!r}")
        raise self.fail(item, section.label, f"not found (looked for {pattern!r})")

    def figure(self, item: str, section: Section, pattern: str) -> Figure:
        match = self.match(item, section, pattern)
        try:
            if "{ORD}" in pattern:
                quantity_value, qualifier = parse_ordinal(match["valor"]), "exacto"
            else:
                quantity = parse_number(match["valor"])
                quantity_value, qualifier = quantity.value, quantity.qualifier
        except ParseError as exc:
            raise self.fail(item, section.label, str(exc)) from None
        return Figure(quantity_value, qualifier, section, section.sentence_at(match.start()))

    def date(self, item: str, section: Section, text: str, year: int | None = None) -> DateValue:
        """Parse `text` as a date; a date without a year takes the section's year."""
        try:
            return parse_date(text, year if year is not None else section.year())
        except ParseError as exc:
            raise self.fail(item, section.label, str(exc)) from None

    def add(self, table: str, row: Row) -> None:
        self.tables.setdefault(table, []).append(row)

    def indicator(
        self, code: str, descripcion: str, unidad: str, figure: Figure, periodo: str
    ) -> None:
        """One row of `indicadores` for a figure stated in the text."""
        self.add(
            "indicadores",
            {
                "indicador": code,
                "descripcion": descripcion,
                "valor": figure.value,
                "unidad": unidad,
                "calificador": figure.qualifier,
                "periodo": periodo,
                "metodo": "texto",
                "seccion": figure.section.key,
                "oracion": figure.sentence,
            },
        )

    def indicators(
        self, section: Section, figures: Sequence[tuple[str, str, str, str]], periodo: str
    ) -> None:
        """One row per (code, description, unit, pattern) of `figures`, read from `section`."""
        for code, descripcion, unidad, pattern in figures:
            self.indicator(code, descripcion, unidad, self.figure(code, section, pattern), periodo)

    def counted(
        self, code: str, descripcion: str, unidad: str, table: str, section: Section, periodo: str
    ) -> None:
        """One row of `indicadores` that counts the rows of `table`, read from a list."""
        rows = self.tables.get(table, [])
        if not rows:
            raise self.fail(code, section.label, f"no rows in {table!r} to count")
        self.add(
            "indicadores",
            {
                "indicador": code,
                "descripcion": descripcion,
                "valor": len(rows),
                "unidad": unidad,
                "calificador": "exacto",
                "periodo": periodo,
                "metodo": "conteo",
                "seccion": section.key,
                "oracion": f"Conteo de los elementos listados en la sección {section.label}.",
            },
        )
