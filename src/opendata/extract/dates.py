"""Spanish dates in prose: "03 de junio de 2024", "17 y 18 de octubre", "durante el mes de
octubre", "noviembre de 2024", "30 de septiembre al 2 de octubre", "17/10/2024".

A date written without its year is parsed only with a year given by the caller, who says where
the year came from (see Extraction.date); it is never guessed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from opendata.extract.numbers import ParseError

Precision = Literal["dia", "mes", "anio"]

MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_WEEKDAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\s+"
_DAY = r"(?:[0-9]{1,2}(?![0-9])(?:°|º|o\.?)?|primero)"
_YEAR = r"[0-9]{4}(?![0-9])"
_TO = r"\s*(?:y|al|a|-|–)\s*"
_OF_YEAR = rf"(?:\s+(?:de|del)\s+{_YEAR})?"

# For composing into other patterns (no named groups).
DATE = (
    rf"(?:(?:{_WEEKDAY})?{_DAY}\s+de\s+{_MONTH}{_TO}{_DAY}\s+de\s+{_MONTH}{_OF_YEAR}"
    rf"|(?:{_WEEKDAY})?{_DAY}(?:{_TO}{_DAY})?\s+de\s+{_MONTH}{_OF_YEAR}"
    rf"|(?:durante\s+)?el\s+mes\s+de\s+{_MONTH}{_OF_YEAR}"
    rf"|{_MONTH}\s+(?:de|del)\s+{_YEAR}"
    rf"|(?:durante|en)\s+{_MONTH}(?!\s+(?:de|del)\s+[0-9])"
    rf"|[0-9]{{1,2}}/[0-9]{{1,2}}/{_YEAR})"
)
_DATE_IN_TEXT = re.compile(rf"(?<![\w/]){DATE}(?![\w/])", re.IGNORECASE)

_PARTS = re.compile(
    rf"^(?:{_WEEKDAY})?(?:"
    rf"(?P<d1>{_DAY})\s+de\s+(?P<m1>{_MONTH}){_TO}(?P<d2x>{_DAY})\s+de\s+(?P<m2>{_MONTH})"
    rf"|(?P<d>{_DAY})(?:{_TO}(?P<d2>{_DAY}))?\s+de\s+(?P<m>{_MONTH})"
    rf"|(?:durante\s+)?el\s+mes\s+de\s+(?P<mm>{_MONTH})"
    rf"|(?:durante\s+|en\s+)(?P<mi>{_MONTH})"
    rf"|(?P<mo>{_MONTH})(?=\s+(?:de|del)\s+[0-9])"
    rf")(?:\s+(?:de|del)\s+(?P<year>{_YEAR}))?$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(rf"^(?P<d>[0-9]{{1,2}})/(?P<m>[0-9]{{1,2}})/(?P<year>{_YEAR})$")


@dataclass(frozen=True)
class DateValue:
    """A date or a span of days, or a month when the text gives no day."""

    start: dt.date
    end: dt.date
    precision: Precision

    def iso(self) -> str:
        """ISO 8601: "2024-06-03", "2024-10" or the interval "2024-10-17/2024-10-18"."""
        if self.precision == "mes":
            return self.start.strftime("%Y-%m")
        if self.precision == "anio":
            return str(self.start.year)
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class DateSpan:
    """A date expression of a text: where it stands and whether it names its year."""

    start: int
    end: int
    text: str
    has_year: bool


def scan_dates(text: str) -> list[DateSpan]:
    """Every date expression of `text`, in order."""
    found = []
    for match in _DATE_IN_TEXT.finditer(text):
        written = match[0]
        found.append(DateSpan(match.start(), match.end(), written, bool(re.search(_YEAR, written))))
    return found


def _day(text: str) -> int:
    return 1 if text.lower() == "primero" else int(re.sub(r"\D", "", text))


def parse_date(text: str, year: int | None = None) -> DateValue:
    """Parse a Spanish date; `year` fills in a date written without one ("6 de marzo")."""
    raw = " ".join(text.split())
    numeric = _NUMERIC.match(raw)
    match = _PARTS.match(raw)
    if not match and not numeric:
        raise ParseError(f"not a Spanish date: {text!r}")
    try:
        if numeric:
            day = dt.date(int(numeric["year"]), int(numeric["m"]), int(numeric["d"]))
            return DateValue(day, day, "dia")
        assert match is not None
        if match["year"]:
            year = int(match["year"])
        if year is None:
            raise ParseError(f"date without a year and no year given for it: {text!r}")
        if match["d1"]:
            start = dt.date(year, MONTHS[match["m1"].lower()], _day(match["d1"]))
            end = dt.date(year, MONTHS[match["m2"].lower()], _day(match["d2x"]))
        elif match["d"]:
            month = MONTHS[match["m"].lower()]
            start = dt.date(year, month, _day(match["d"]))
            end = dt.date(year, month, _day(match["d2"])) if match["d2"] else start
        else:
            month_name = match["mm"] or match["mi"] or match["mo"]
            first = dt.date(year, MONTHS[month_name.lower()], 1)
            return DateValue(first, _month_end(first), "mes")
    except ValueError as exc:
        raise ParseError(f"impossible date: {text!r} ({exc})") from exc
    if end < start:
        raise ParseError(f"date range ends before it starts: {text!r}")
    return DateValue(start, end, "dia")


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
