"""What a pipeline script works with: find sections and figures, collect rows with provenance.

A pipeline declares each figure by what it counts (`Find`: its noun, the words that single it
out, its kind) and the section it stands in (by number and title). A figure that cannot be read
with certainty is recorded as a problem and the pipeline goes on, so that one run lists every
missing, unreadable or ambiguous figure; the run fails when any was recorded. Values inferred
rather than read (a year, a state, a session) are recorded with their source for the review
page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opendata.errors import ExtractionError
from opendata.extract.binding import BindingError, Bound, Find, NotStated, bind
from opendata.extract.dates import DateSpan, DateValue, parse_date
from opendata.extract.numbers import ParseError, Qualifier
from opendata.extract.places import Place, PlaceError, Places, place_of
from opendata.extract.report import Report
from opendata.extract.restated import restatements, subject_names, words_around
from opendata.extract.sections import Bullet, Section, Sentence
from opendata.extract.years import YearError, year_for

Row = dict[str, Any]
# A day number right before a date it belongs to: "17 y el viernes 18 de octubre", "17, 18".
_DAY_BEFORE = re.compile(
    r"(?<![\d,.])(?:[12]?\d|3[01])\s*(?:y|al|a|-|–|,)\s*(?:el\s+)?"
    r"(?:(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\s+)?$",
    re.IGNORECASE,
)
FigureSpec = tuple[str, str, str, Find]  # code, description, unit, how to find it


@dataclass(frozen=True)
class Figure:
    """A number read from the report, with the text it was written as and its sentence."""

    value: int
    qualifier: Qualifier
    text: str
    section: Section
    sentence: str
    start: int = 0  # in the section's prose


@dataclass(frozen=True)
class Inference:
    """A value the report does not state next to its row: where it was taken from."""

    dataset: str
    item: str
    value: str
    source: str


class Extraction:
    """The tables of one dataset, filled by its pipeline script."""

    def __init__(self, dataset: str, report: Report, places: Places | None = None) -> None:
        self.dataset = dataset
        self.report = report
        self.places = places or Places(())
        self.tables: dict[str, list[Row]] = {}
        self.sections_used: set[str] = set()
        self.problems: list[ExtractionError] = []
        self.inferences: list[Inference] = []
        self.figures: dict[str, Figure] = {}
        self.unstated: list[str] = []  # optional figures this edition does not state
        self.subjects: dict[str, str] = {}  # section key -> the title it was found by

    # --- problems -------------------------------------------------------------------------

    def fail(self, item: str, section: str, problem: str) -> ExtractionError:
        return ExtractionError(self.dataset, item, section, problem)

    def problem(self, item: str, section: Section | str, problem: str) -> None:
        label = section.label if isinstance(section, Section) else section
        self.problems.append(self.fail(item, label, problem))

    def items(self, item: str, section: Section, what: str) -> list[Bullet]:
        """The section's list items when they are certainly all and only its items; else none,
        and a problem: a count is never taken from the lines that happen to look like items."""
        if not section.bullets:
            self.problem(item, section, f"the list of {what} was not found")
            return []
        if section.list_doubts:
            doubt = section.list_doubts[0]
            self.problem(
                item, section, f"the list of {what} cannot be read with certainty: {doubt}"
            )
            return []
        return section.bullets

    def infer(self, item: str, value: str, source: str) -> None:
        self.inferences.append(Inference(self.dataset, item, value, source))

    # --- sections -------------------------------------------------------------------------

    def section(self, key: str, title: str, item: str) -> Section:
        """The one section whose heading is about `title`, numbered `key` in this report.

        `title` is the whole distinctive subject ("Política Nacional de Datos Abiertos"), not a
        generic prefix that headings of other subjects share. A section renumbered in another
        edition is found by its title; a number whose heading is about something else is not
        used; two headings about the subject are an ambiguity. Raises ExtractionError.
        """
        numbered = next((s for s in self.report.sections if s.key == key), None)
        titled = [s for s in self.report.sections if s.title_matches(title)]
        if len(titled) > 1:
            keys = "; ".join(repr(s.label) for s in titled)
            raise self.fail(item, key, f"several sections are about {title!r}: {keys}")
        if titled:
            found = titled[0]
            self.sections_used.add(found.key)
            self.subjects[found.key] = title
            if found is not numbered:
                self.infer(item, f"sección {found.key}", f"hallada por su título «{found.title}»")
            return self._whole(found, item)
        if numbered is not None:
            raise self.fail(
                item,
                key,
                f"section {key} is {numbered.title!r}, not about {title!r}, and no section is",
            )
        raise self.fail(item, key, f"section not found in the report (about {title!r})")

    def _whole(self, section: Section, item: str) -> Section:
        """`section`, unless a line removed as page furniture may have been the end of one of
        its lines: what is read there could be a shortened text."""
        cut = self.report.cut_lines
        for line in section.lines:
            if line.number in cut:
                removal = cut[line.number]
                raise self.fail(
                    item,
                    section.key,
                    f"line {line.number} may be cut short: line {removal.line} after it "
                    f"({removal.text!r}) was removed as a repeated header or footer but reads "
                    "as its end",
                )
        return section

    # --- figures --------------------------------------------------------------------------

    def figure(
        self, code: str, section: Section, find: Find, nouns: Sequence[str] = ()
    ) -> Figure | None:
        """The figure `find` describes, or None with the problem recorded."""
        try:
            bound = bind(section, find, list(nouns))
        except NotStated as exc:
            if find.optional:
                self.unstated.append(code)
            else:
                self.problem(code, section, str(exc))
            return None
        except BindingError as exc:
            self.problem(code, section, str(exc))
            return None
        figure = _figure(bound, section)
        if self._heading_disagrees(code, section, find, nouns, figure):
            return None
        for other, earlier in self.figures.items():
            if earlier.section is section and earlier.start == figure.start:
                self.problem(code, section, f"the text {figure.text!r} is also figure {other}")
                return None
        self.figures[code] = figure
        return figure

    def _heading_disagrees(
        self, code: str, section: Section, find: Find, nouns: Sequence[str], figure: Figure
    ) -> bool:
        """Whether the heading states the figure ("1.4 VI Cumbre") with another value than the
        text ("la Séptima Cumbre"): then neither is certain (recorded as a problem)."""
        try:
            stated = bind(section.heading, find, list(nouns))
        except BindingError:
            return False  # the heading does not state it, or not readably: the text alone
        if (stated.value, stated.qualifier) == (figure.value, figure.qualifier):
            return False
        end = figure.start + len(figure.text)
        said = words_around(section.body, figure.start, end, section.sentence_of(figure.start))
        self.problem(
            code,
            section,
            f"the heading says {stated.text!r} ({stated.value}) but the text says "
            f"{figure.text!r} ({figure.value}) in {said!r}",
        )
        return True

    def _restated_otherwise(
        self, code: str, section: Section, find: Find, nouns: list[str], figure: Figure
    ) -> bool:
        """Whether another section (a summary) states this figure with another value."""
        title = self.subjects.get(section.key)
        if title is None:
            return False
        names = subject_names(section, title)
        period = self.report.period
        for other in restatements(self.report.sections, section, names, find, nouns, period):
            stated = other.bound
            if (stated.value, stated.qualifier) != (figure.value, figure.qualifier):
                self.problem(
                    code,
                    section,
                    f"{figure.text!r} here, but section {other.section.label!r} says "
                    f"{stated.text!r} in {other.fragment!r}",
                )
                return True
        return False

    def indicator(
        self, code: str, descripcion: str, unidad: str, figure: Figure | None, periodo: str | None
    ) -> None:
        """One row of `indicadores` for a figure stated in the text."""
        if figure is None:
            return
        self.add(
            "indicadores",
            {
                "indicador": code,
                "descripcion": descripcion,
                "valor": figure.value,
                "unidad": unidad,
                "calificador": figure.qualifier,
                "cifra_texto": figure.text,
                "periodo": periodo,
                "metodo": "texto",
                "seccion": figure.section.key,
                "oracion": figure.sentence,
            },
        )

    def indicators(
        self, section: Section, figures: Sequence[FigureSpec], periodo: str | None
    ) -> dict[str, Figure]:
        """One row per figure of `figures`, read from `section`; returns those read."""
        nouns = [find.noun for _, _, _, find in figures if find.noun]
        read = {}
        for code, descripcion, unidad, find in figures:
            figure = self.figure(code, section, find, nouns)
            if figure is not None and self._restated_otherwise(code, section, find, nouns, figure):
                figure = None
            self.indicator(code, descripcion, unidad, figure, periodo)
            if figure is not None:
                read[code] = figure
        return read

    def counted(
        self, code: str, descripcion: str, unidad: str, table: str, section: Section, periodo: str
    ) -> None:
        """One row of `indicadores` that counts the rows of `table`, read from a list."""
        rows = self.tables.get(table, [])
        if not rows:
            self.problem(code, section, f"no rows in {table!r} to count")
            return
        self.add(
            "indicadores",
            {
                "indicador": code,
                "descripcion": descripcion,
                "valor": len(rows),
                "unidad": unidad,
                "calificador": "exacto",
                "cifra_texto": None,
                "periodo": periodo,
                "metodo": "conteo",
                "seccion": section.key,
                "oracion": f"Conteo de los elementos listados en la sección {section.label}.",
            },
        )

    # --- text, dates, years, places ------------------------------------------------------------

    def match(
        self, item: str, section: Section, pattern: str, flags: int = re.IGNORECASE
    ) -> re.Match[str] | None:
        """The one match of a regular expression in the section's prose, or None (recorded)."""
        matches = list(re.finditer(pattern, section.prose, flags))
        if len(matches) == 1:
            return matches[0]
        if matches:
            found = "; ".join(repr(m[0][:80]) for m in matches)
            self.problem(item, section, f"ambiguous, several matches: {found}")
        else:
            self.problem(item, section, f"not found (looked for {pattern!r})")
        return None

    def year(self, item: str, section: Section, sentence: Sentence | None = None) -> int | None:
        """The year a date without one takes, from an unambiguous source, or None (recorded)."""
        try:
            year, source = year_for(section, sentence, self.report.period)
        except YearError as exc:
            self.problem(item, section, str(exc))
            return None
        self.infer(item, f"año {year}", source)
        return year

    def date(
        self, item: str, section: Section, text: str, sentence: Sentence | None = None
    ) -> DateValue | None:
        """Parse `text` as a date; a date without its year takes one from `year`."""
        try:
            return parse_date(text)
        except ParseError as exc:
            if "without a year" not in str(exc):
                self.problem(item, section, str(exc))
                return None
        year = self.year(item, section, sentence)
        if year is None:
            return None
        try:
            return parse_date(text, year)
        except ParseError as exc:
            self.problem(item, section, str(exc))
            return None

    def date_of(self, item: str, section: Section, figure: Figure | None) -> DateValue | None:
        """The date of an event: the one date of its figure's sentence, else the section's."""
        spans: list[DateSpan] = []
        sentence = None
        if figure is not None:
            sentence = section.sentence_of(figure.start)
            spans = [d for d in section.dates if sentence.start <= d.start < sentence.end]
        if not spans:
            spans = section.dates
        distinct = sorted({d.text for d in spans})
        if len(distinct) != 1:
            found = "; ".join(repr(text) for text in distinct) or "none"
            self.problem(item, section, f"expected one date, found {found}")
            return None
        span = spans[0]
        before = section.body[max(0, span.start - 40) : span.start]
        if _DAY_BEFORE.search(before):
            # "el 17 y el viernes 18 de octubre": a span of days this reader cannot take whole.
            written = section.body[span.start - len(_DAY_BEFORE.search(before)[0]) : span.end]  # type: ignore[index]
            self.problem(item, section, f"a date written in a form not understood: {written!r}")
            return None
        return self.date(item, section, span.text, section.sentence_of(span.start))

    def place(self, item: str, section: Section, text: str) -> Place | None:
        """The institution, city and state of a list item's place ("..., Zapopan, Jalisco")."""
        try:
            place = place_of(text, self.places)
        except PlaceError as exc:
            self.problem(item, section, str(exc))
            return None
        if place.source != "texto":
            self.infer(item, place.entidad.nombre, place.source)
        return place

    def add(self, table: str, row: Row) -> None:
        self.tables.setdefault(table, []).append(row)


def _figure(bound: Bound, section: Section) -> Figure:
    return Figure(
        bound.value, bound.qualifier, bound.text, section, bound.sentence.text, bound.start
    )
