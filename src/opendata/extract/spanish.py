"""Parsers for figures and dates written in Spanish prose.

Numbers: "2,000", "9,810", "164", "once", "ciento sesenta y cuatro", "más de 500",
"más de mil". Ordinals: "quinta", "Sexta", "VI". Dates: "03 de junio de 2024",
"17 y 18 de octubre" (year from context), "durante el mes de octubre" (month precision).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from text_to_num import text2num

Qualifier = Literal["exacto", "mas_de"]
Precision = Literal["dia", "mes", "anio"]


class ParseError(ValueError):
    """Text that should hold a number or a date does not."""


_UNITS = [
    "cero",
    "un",
    "una",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "dieciseis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiún",
    "veintiun",
    "veintiuno",
    "veintiuna",
    "veintidós",
    "veintidos",
    "veintitrés",
    "veintitres",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintiseis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
    "cien",
    "ciento",
    "doscientos",
    "doscientas",
    "trescientos",
    "trescientas",
    "cuatrocientos",
    "cuatrocientas",
    "quinientos",
    "quinientas",
    "seiscientos",
    "seiscientas",
    "setecientos",
    "setecientas",
    "ochocientos",
    "ochocientas",
    "novecientos",
    "novecientas",
    "mil",
    "millón",
    "millon",
    "millones",
]

_WORD = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_SPELLED = rf"{_WORD}(?:\s+(?:y\s+)?{_WORD})*"
_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"  # not \d: it matches "٧" and other scripts' digits

# A number as written in the report, optionally preceded by the lower-bound marker "más de".
NUMBER = rf"\b(?:(?:más|mas)\s+de\s+)?(?:{_DIGITS}|{_SPELLED})\b"

_LOWER_BOUND = re.compile(r"^(?:más|mas)\s+de\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    value: int
    qualifier: Qualifier


def parse_number(text: str) -> Quantity:
    """Parse a Spanish cardinal: digits with thousands commas, or words; "más de" = lower bound."""
    raw = " ".join(text.split())
    qualifier: Qualifier = "exacto"
    match = _LOWER_BOUND.match(raw)
    if match:
        qualifier = "mas_de"
        raw = raw[match.end() :]
    if not raw:
        raise ParseError(f"no number in {text!r}")
    if re.fullmatch(_DIGITS, raw):
        return Quantity(int(raw.replace(",", "")), qualifier)
    if re.fullmatch(_SPELLED, raw, re.IGNORECASE):
        try:
            return Quantity(int(text2num(raw.lower(), "es")), qualifier)
        except ValueError as exc:
            raise ParseError(f"not a Spanish number: {text!r}") from exc
    raise ParseError(f"not a Spanish number: {text!r}")


_ORDINALS = {
    "primer": 1,
    "primero": 1,
    "primera": 1,
    "segundo": 2,
    "segunda": 2,
    "tercer": 3,
    "tercero": 3,
    "tercera": 3,
    "cuarto": 4,
    "cuarta": 4,
    "quinto": 5,
    "quinta": 5,
    "sexto": 6,
    "sexta": 6,
    "séptimo": 7,
    "séptima": 7,
    "septimo": 7,
    "septima": 7,
    "octavo": 8,
    "octava": 8,
    "noveno": 9,
    "novena": 9,
    "décimo": 10,
    "décima": 10,
    "decimo": 10,
    "decima": 10,
}
ORDINAL = "(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r"|[IVXLC]+)\b"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def parse_ordinal(text: str) -> int:
    """Parse "quinta", "Sexta" or a Roman numeral ("VI") into its number."""
    word = text.strip()
    if word.lower() in _ORDINALS:
        return _ORDINALS[word.lower()]
    if word and re.fullmatch(r"[IVXLC]+", word):
        total = 0
        for i, char in enumerate(word):
            value = _ROMAN[char]
            following = _ROMAN[word[i + 1]] if i + 1 < len(word) else 0
            total += -value if value < following else value
        if total > 0 and _to_roman(total) == word:
            return total
    raise ParseError(f"not a Spanish ordinal: {text!r}")


def _to_roman(number: int) -> str:
    parts = []
    for value, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


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
_DAY = r"[0-9]{1,2}"
_YEAR = r"[0-9]{4}"

# "03 de junio de 2024", "17 y 18 de octubre", "28 y 29 de agosto de 2024", "6 de marzo",
# "durante el mes de octubre", "noviembre de 2024".
DATE = (
    rf"(?:{_DAY}(?:\s+(?:y|al)\s+{_DAY})?\s+de\s+{_MONTH}(?:\s+(?:de|del)\s+{_YEAR})?"
    rf"|(?:durante\s+)?el\s+mes\s+de\s+{_MONTH}(?:\s+(?:de|del)\s+{_YEAR})?"
    rf"|{_MONTH}\s+(?:de|del)\s+{_YEAR})"
)

_DATE_PARTS = re.compile(
    rf"^(?:(?P<d1>{_DAY})(?:\s+(?:y|al)\s+(?P<d2>{_DAY}))?\s+de\s+"
    rf"|(?:durante\s+)?el\s+mes\s+de\s+)?"
    rf"(?P<month>{_MONTH})(?:\s+(?:de|del)\s+(?P<year>{_YEAR}))?$",
    re.IGNORECASE,
)


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


def parse_date(text: str, year: int | None = None) -> DateValue:
    """Parse a Spanish date; `year` fills in a date written without one ("6 de marzo")."""
    raw = " ".join(text.split())
    match = _DATE_PARTS.match(raw)
    if not match:
        raise ParseError(f"not a Spanish date: {text!r}")
    month = MONTHS[match["month"].lower()]
    if match["year"]:
        year = int(match["year"])
    if year is None:
        raise ParseError(f"date without a year and none given by its section: {text!r}")
    try:
        if match["d1"] is None:
            first = dt.date(year, month, 1)
            return DateValue(first, _month_end(first), "mes")
        start = dt.date(year, month, int(match["d1"]))
        end = dt.date(year, month, int(match["d2"])) if match["d2"] else start
    except ValueError as exc:
        raise ParseError(f"impossible date: {text!r} ({exc})") from exc
    if end < start:
        raise ParseError(f"date range ends before it starts: {text!r}")
    return DateValue(start, end, "dia")


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


_LIST_SPLIT = re.compile(r"\s*,\s*(?:y\s+)?|\s+y\s+")


def split_list(text: str) -> list[str]:
    """Split a plain Spanish enumeration: "Centro, Centro-Occidente, Sureste y Norte"."""
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]


def fold(text: str) -> str:
    """Lowercase without accents or punctuation, for matching names written in several ways."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())
