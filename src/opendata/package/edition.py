"""Descriptor texts that state facts of one edition, filled from that edition's figures.

A descriptor's title and descriptions may say which edition, year, dates and report period a
dataset covers. Written as placeholders they are filled from the extracted figures, so another
edition's packages describe that edition:

- `{periodo_informe}`: the report's period ("2023-2024");
- `{anio}`: the year (or years, "2024-2025") of the dataset's figures;
- `{edicion}`: the edition, as a Spanish ordinal ("cuarta"), from the indicator `edicion`;
  `{edicion_romano}`: the same in Roman numerals ("VI");
- `{fechas}`: the dates of the figures in words ("17 y 18 de octubre de 2024");
- `{seccion}`: the report section the figures were read from ("3.1").

A text that states such a fact without a placeholder is checked against the figures: an
edition ordinal, a year, a report period or a date that contradicts them fails the run.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from opendata.metadata.citation import MONTHS, spanish_date
from opendata.package.descriptor import Descriptor

_UNIT_ORDINALS = ["", "primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima"]
_UNIT_ORDINALS += ["octava", "novena"]
_TEN_ORDINALS = ["", "décima", "vigésima", "trigésima", "cuadragésima", "quincuagésima"]
_TEN_ORDINALS += ["sexagésima", "septuagésima", "octogésima", "nonagésima"]


def _ordinal_word(number: int) -> str:
    """The feminine Spanish ordinal of 1 to 99: "cuarta", "decimocuarta", "vigésima primera"."""
    tens, unit = divmod(number, 10)
    if number in (11, 12):
        return ("undécima", "duodécima")[number - 11]
    if tens == 1 and unit:
        return ("decim" if unit == 8 else "decimo") + _UNIT_ORDINALS[unit]  # "decimoctava"
    return " ".join(word for word in (_TEN_ORDINALS[tens], _UNIT_ORDINALS[unit]) if word)


_ORDINALS = ["", *(_ordinal_word(number) for number in range(1, 100))]
_ORDINAL_VALUES = {word: value for value, word in enumerate(_ORDINALS) if word}
_ORDINAL_VALUES |= {w.replace("é", "e"): v for w, v in list(_ORDINAL_VALUES.items()) if "é" in w}
_ORDINAL_VALUES |= {re.sub(r"a\b", "o", w): v for w, v in list(_ORDINAL_VALUES.items())}
_PLACEHOLDER = re.compile(r"\{(periodo_informe|anio|edicion|edicion_romano|fechas|seccion)\}")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_EDITION_WORD = re.compile(
    r"\b("
    + "|".join(sorted(_ORDINAL_VALUES, key=len, reverse=True))
    + r")\s+(?:edici[oó]n|cumbre)\b",
    re.IGNORECASE,
)
_EDITION_ROMAN = re.compile(r"\b([IVX]{1,6})\s+(?:Cumbre|Conferencia|Edici[oó]n|Encuentro)\b")
_REPORT_PERIOD = re.compile(
    r"informe\s+de\s+cierre\s+((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})", re.I
)
_YEAR_RANGE = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})(?![0-9])")
_DAY_DATE = re.compile(
    r"\b(\d{1,2})(?:\s+(?:y|al)\s+(\d{1,2}))?\s+de\s+(" + "|".join(MONTHS) + r")"
    r"(?:\s+de\s+((?:19|20)\d{2}))?",
    re.IGNORECASE,
)
_TEXT_KEYS = ("title", "description")


@dataclass
class Facts:
    """What a dataset's figures say of its edition."""

    reports: list[tuple[int, int]]  # the period of each edition of the report, oldest first
    editions: list[int] = field(default_factory=list)  # the `edicion` figures, in order
    periods: list[str] = field(default_factory=list)  # ISO periods of its figures and rows
    sections: list[str] = field(default_factory=list)  # the report sections read

    @property
    def period(self) -> tuple[int, int]:
        return self.reports[0][0], self.reports[-1][1]

    def values(self) -> dict[str, str]:
        first, last = self.reports[0], self.reports[-1]
        span = _span(*first) + (f" a {_span(*last)}" if last != first else "")
        values = {"periodo_informe": span}
        years = sorted({y for p in self.periods for y in _years(p)})
        if years:
            values["anio"] = _span(years[0], years[-1])
        editions = sorted(set(self.editions))
        if editions and all(e < len(_ORDINALS) for e in editions):
            values["edicion"] = _enumerate([_ORDINALS[e] for e in editions])
            values["edicion_romano"] = _enumerate([_roman(e) for e in editions])
        day_periods = sorted({p for p in self.periods if re.match(r"^\d{4}-\d{2}", p)})
        if day_periods:
            values["fechas"] = _enumerate([words_of_period(p) for p in day_periods], "; ")
        if self.sections:
            values["seccion"] = ", ".join(self.sections)
        return values


def _enumerate(items: list[str], separator: str = ", ") -> str:
    """ "quinta", "quinta y sexta", "cuarta, quinta y sexta"."""
    return items[0] if len(items) == 1 else f"{separator.join(items[:-1])} y {items[-1]}"


def facts_of(
    reports: list[tuple[int, int]], tables: dict[str, list[dict[str, Any]]], sections: set[str]
) -> Facts:
    """The facts of one dataset, from its rows (every edition) and the sections it read."""
    facts = Facts(reports, sections=sorted(sections))
    for row in tables.get("indicadores", []):
        if row.get("indicador") == "edicion" and isinstance(row.get("valor"), int):
            facts.editions.append(row["valor"])
        if row.get("periodo"):
            facts.periods.append(str(row["periodo"]))
    return facts


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}-{end}"


def _years(period: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(period)]


def _roman(number: int) -> str:
    parts = []
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


def words_of_period(period: str) -> str:
    """ "2024-10-17/2024-10-18" -> "17 y 18 de octubre de 2024"; "2024-11" -> "noviembre de
    2024"."""
    parts = period.split("/")
    try:
        days = [dt.date.fromisoformat(p) for p in parts if len(p) == 10]
    except ValueError:
        return period
    if len(days) == len(parts) == 2:
        first, last = days
        if (first.year, first.month) == (last.year, last.month):
            joint = "y" if (last - first).days == 1 else "al"
            return f"{first.day} {joint} {last.day} de {MONTHS[first.month - 1]} de {first.year}"
        return (
            f"{first.day} de {MONTHS[first.month - 1]} al {last.day} de {MONTHS[last.month - 1]} "
            f"de {last.year}"
        )
    if len(days) == len(parts) == 1:
        return spanish_date(days[0])
    month = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", period)
    if month:
        return f"{MONTHS[int(month[2]) - 1]} de {month[1]}"
    return period.replace("/", "-")


def render(descriptor: Descriptor, facts: Facts) -> tuple[Descriptor, list[str]]:
    """The descriptor with its placeholders filled, and what could not be filled."""
    values = facts.values()
    missing: list[str] = []

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            value = values.get(match[1])
            if not value:
                missing.append(match[0])
                return match[0]
            return value

        return _PLACEHOLDER.sub(one, text)

    rendered = copy.deepcopy(descriptor)
    for holder in _text_holders(rendered):
        for key in _TEXT_KEYS:
            if isinstance(holder.get(key), str):
                holder[key] = fill(holder[key])
    if isinstance(rendered.get("keywords"), list):
        rendered["keywords"] = [fill(k) if isinstance(k, str) else k for k in rendered["keywords"]]
    return rendered, sorted(set(missing))


def _text_holders(descriptor: Descriptor) -> list[dict[str, Any]]:
    holders: list[dict[str, Any]] = [descriptor]
    for key in ("resources", "sources", "views"):
        holders.extend(item for item in descriptor.get(key, []) if isinstance(item, dict))
    return holders


def contradictions(descriptor: Descriptor, facts: Facts) -> list[str]:
    """Each statement of a descriptor text that the dataset's figures contradict."""
    found: list[str] = []
    years = {y for p in facts.periods for y in _years(p)}
    for holder in _text_holders(descriptor):
        for key in _TEXT_KEYS:
            text = holder.get(key)
            if not isinstance(text, str):
                continue
            where = f"{holder.get('name') or holder.get('title') or descriptor.get('name')}.{key}"
            found.extend(_check_text(text, where, facts, years))
    return found


def _check_text(text: str, where: str, facts: Facts, years: set[int]) -> list[str]:
    found = []
    if facts.editions:
        said = " or ".join(str(e) for e in sorted(set(facts.editions)))
        for match in _EDITION_WORD.finditer(text):
            value = _ORDINAL_VALUES.get(match[1].lower())
            if value is not None and value not in facts.editions:
                found.append(f"{where} says {match[0]!r}, the figures say edition {said}")
        for match in _EDITION_ROMAN.finditer(text):
            if match[1] not in {_roman(e) for e in facts.editions}:
                found.append(f"{where} says {match[0]!r}, the figures say edition {said}")
    for match in _REPORT_PERIOD.finditer(text):
        if (int(match[1]), int(match[2])) not in facts.reports:
            periods = " and ".join(_span(*p) for p in facts.reports)
            found.append(f"{where} says {match[0]!r}, the report's period is {periods}")
    # A span of years names a report's period or the years of the figures; any other
    # year must be a year of the figures.
    rest = _REPORT_PERIOD.sub(" ", text)
    for match in _YEAR_RANGE.finditer(rest):
        span = (int(match[1]), int(match[2]))
        if span not in facts.reports and not (years and set(span) <= years):
            periods = " and ".join(_span(*p) for p in facts.reports)
            found.append(
                f"{where} says {match[0]!r}, neither a report's period ({periods}) "
                "nor the years of its figures"
            )
    for match in _YEAR.finditer(_YEAR_RANGE.sub(" ", rest)):
        if years and int(match[0]) not in years:
            found.append(f"{where} names the year {match[0]}, which none of its figures is of")
    bounds = _day_bounds(facts.periods)
    if bounds is not None:
        for match in _DAY_DATE.finditer(text):
            year = int(match[4]) if match[4] else bounds[0].year
            month = MONTHS.index(match[3].lower()) + 1
            try:
                days = [dt.date(year, month, int(d)) for d in (match[1], match[2]) if d]
            except ValueError:
                found.append(f"{where} names an impossible date {match[0]!r}")
                continue
            if any(d < bounds[0] or d > bounds[1] for d in days):
                found.append(f"{where} says {match[0]!r}, the figures are of {facts.periods[0]}")
    return found


def _day_bounds(periods: list[str]) -> tuple[dt.date, dt.date] | None:
    days = []
    for period in periods:
        for part in period.split("/"):
            if len(part) == 10:
                try:
                    days.append(dt.date.fromisoformat(part))
                except ValueError:
                    return None
            else:
                return None
    return (min(days), max(days)) if days else None


def describe(
    descriptor: Descriptor,
    reports: list[tuple[int, int]],
    tables: dict[str, list[dict[str, Any]]],
    sections: set[str],
) -> tuple[Descriptor, list[str]]:
    """The descriptor's texts filled from the figures of `reports` (the periods of the
    editions it was read from), and each problem with its texts."""
    name = descriptor.get("name")
    facts = facts_of(reports, tables, sections)
    rendered, missing = render(descriptor, facts)
    problems = [f"{name}: descriptor: {m} has no value in this edition's figures" for m in missing]
    problems += [f"{name}: descriptor: {c}" for c in contradictions(rendered, facts)]
    return rendered, problems
