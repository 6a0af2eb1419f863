"""The words of Spanish numbers: types, vocabulary, qualifiers, and the grammar of cardinals.

Folded words (lowercase, no accents) map to their values; `WordsGrammar` reads "ciento
sesenta y cuatro", "dos mil quinientos", "un millón" from a token stream (see number_reader).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeVar

Qualifier = Literal["exacto", "mas_de", "menos_de", "aproximado"]
Kind = Literal["cardinal", "ordinal", "percent", "invalid"]

QUALIFIERS: tuple[Qualifier, ...] = ("exacto", "mas_de", "menos_de", "aproximado")


@dataclass(frozen=True)
class NumberExpr:
    """One whole number expression of a text: where it stands and what it reads as."""

    kind: Kind
    start: int  # the qualifier's start when there is one
    end: int
    number_start: int  # where the number itself starts
    value: int | None  # None when `problem` says why it cannot be read as one number
    qualifier: Qualifier = "exacto"
    problem: str | None = None
    article: bool = False  # "un"/"una": often an article, never a figure on its own

    def text(self, source: str) -> str:
        return source[self.start : self.end]


class ParseError(ValueError):
    """Text that should hold exactly one number does not."""


# --- vocabulary (folded) ------------------------------------------------------------------

UNITS = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
UNITS |= {"seis": 6, "siete": 7, "ocho": 8, "nueve": 9}
SMALL = {"cero": 0, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14}
SMALL |= {"quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19}
SMALL |= {"veinte": 20, "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22}
SMALL |= {"veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26}
SMALL |= {"veintisiete": 27, "veintiocho": 28, "veintinueve": 29}
TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70}
TENS |= {"ochenta": 80, "noventa": 90}
HUNDREDS = {"ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300}
HUNDREDS |= {"trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400}
HUNDREDS |= {"quinientos": 500, "quinientas": 500, "seiscientos": 600, "seiscientas": 600}
HUNDREDS |= {"setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800}
HUNDREDS |= {"novecientos": 900, "novecientas": 900}
MILLION = {"millon", "millones"}
CARDINAL_WORDS = frozenset([*UNITS, *SMALL, *TENS, *HUNDREDS, "cien", "mil", *MILLION])

ORDINAL_UNITS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2}
ORDINAL_UNITS |= {"tercer": 3, "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4}
ORDINAL_UNITS |= {"quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6, "septimo": 7}
ORDINAL_UNITS |= {"septima": 7, "setimo": 7, "setima": 7, "octavo": 8, "octava": 8}
ORDINAL_UNITS |= {"noveno": 9, "novena": 9}
_TENS_STEMS = {"decim": 10, "vigesim": 20, "trigesim": 30, "cuadragesim": 40}
_TENS_STEMS |= {"quincuagesim": 50, "sexagesim": 60, "septuagesim": 70, "setuagesim": 70}
_TENS_STEMS |= {"octogesim": 80, "nonagesim": 90}
ORDINAL_TENS = {stem + ending: value for stem, value in _TENS_STEMS.items() for ending in "oa"}
ORDINAL_FUSED = {"undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12}
for _tens, _tens_value in ORDINAL_TENS.items():
    for _unit, _value in ORDINAL_UNITS.items():
        ORDINAL_FUSED[f"{_tens}{_unit}"] = _tens_value + _value  # "vigesimocuarta"
        if _unit.startswith("o"):
            ORDINAL_FUSED[f"{_tens[:-1]}{_unit}"] = _tens_value + _value  # "decimoctava"
ORDINAL_WORDS = frozenset([*ORDINAL_UNITS, *ORDINAL_TENS, *ORDINAL_FUSED])
ORDINAL_SUFFIX = re.compile(r"^(?:[ªºa°o]|er|ra|ro|do|da|to|ta|vo|va|mo|ma|no|na)$")

# Words before a number that say how the report qualifies it, longest first.
QUALIFIER_PHRASES: tuple[tuple[str, Qualifier | None], ...] = (
    (r"un\s+poco\s+m[aá]s\s+del?", "mas_de"),
    (r"poco\s+m[aá]s\s+del?", "mas_de"),
    (r"no\s+menos\s+del?", "mas_de"),
    (r"no\s+m[aá]s\s+del?", "menos_de"),
    (r"poco\s+menos\s+del?", "menos_de"),
    (r"m[aá]s\s+o\s+menos", "aproximado"),
    (r"m[aá]s\s+del?", "mas_de"),
    (r"menos\s+del?", "menos_de"),
    (r"por\s+lo\s+menos", "mas_de"),
    (r"al\s+menos", "mas_de"),
    (r"cuando\s+menos", "mas_de"),
    (r"como\s+m[ií]nimo", "mas_de"),
    (r"un\s+m[ií]nimo\s+de", "mas_de"),
    (r"arriba\s+del?", "mas_de"),
    (r"por\s+(?:encima|arriba)\s+del?", "mas_de"),
    (r"(?:superior|mayor)\s+(?:a|al|de)", "mas_de"),
    (r"como\s+m[aá]ximo", "menos_de"),
    (r"un\s+m[aá]ximo\s+de", "menos_de"),
    (r"(?:inferior|menor)\s+(?:a|al|de)", "menos_de"),
    (r"por\s+debajo\s+del?", "menos_de"),
    (r"m[ií]nimo(?:\s+de)?", "mas_de"),
    (r"m[aá]ximo(?:\s+de)?", "menos_de"),
    (r"sobre", "mas_de"),
    (r"hasta", "menos_de"),
    (r"alrededor\s+del?(?:\s+unos|\s+unas)?", "aproximado"),
    (r"cerca\s+(?:del?|al?)(?:\s+unos|\s+unas)?", "aproximado"),
    (r"en\s+torno\s+al?", "aproximado"),
    (r"del\s+orden\s+del?", "aproximado"),
    (r"un\s+(?:aproximado|estimado)\s+de", "aproximado"),
    (r"aproximadamente(?:\s+unos|\s+unas)?", "aproximado"),
    (r"aprox\.?", "aproximado"),
    (r"casi", "aproximado"),
    (r"unos", "aproximado"),
    (r"unas", "aproximado"),
    # An average is not a count: the figure cannot be published as one.
    (r"un\s+promedio\s+de", None),
    (r"en\s+promedio", None),
    (r"promedio\s+de", None),
)
# An article or a preposition may stand between the words and the number: "casi el 70%",
# "aproximadamente a 500 personas" (`gap`).
QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(f"(?P<q{i}>{phrase})" for i, (phrase, _) in enumerate(QUALIFIER_PHRASES))
    + r")(?:\s+(?P<gap>el|la|los|las|a|al|en|con))?\s+$",
    re.IGNORECASE,
)
# "hasta" right before a number is an upper bound ("hasta 30 personas"); before a preposition
# or an article it may as well be "even" ("impactando hasta a 668 personas"): no qualifier.
AMBIGUOUS_WITH_GAP = frozenset(["hasta"])
# Words before a number that may qualify it or mean something else: "sobre 500" is "over
# 500", "about 500" or "8 sobre 10" ("out of"); the qualifier cannot be told.
AMBIGUOUS_BEFORE = {"sobre": "'sobre' may be 'over', 'about' or 'out of'"}
# Words after a figure (and its noun) that qualify it.
TRAILING_QUALIFIERS: tuple[tuple[str, Qualifier | None], ...] = (
    (r"\(\s*(?:aprox\.?|aproximadamente)\s*\)", "aproximado"),
    (r"m[aá]s\s+o\s+menos", "aproximado"),
    (r"aproximadamente", "aproximado"),
    (r"aprox\.?", "aproximado"),
    (r"o\s+m[aá]s", "mas_de"),
    (r"o\s+menos", "menos_de"),
    (r"y\s+m[aá]s", "mas_de"),
    (r"como\s+m[ií]nimo", "mas_de"),
    (r"como\s+m[aá]ximo", "menos_de"),
    (r"en\s+promedio", None),
)

# Signs touching a number (or one space before it) that qualify it: "+500", ">500", "~670",
# "≈20,000", "≤ 50". A trailing "+" ("500+") is `mas_de` too; any other sign after a number,
# or between two, makes it unreadable.
SIGN_QUALIFIERS: dict[str, Qualifier] = dict.fromkeys("+>≥⩾≧", "mas_de")
SIGN_QUALIFIERS |= dict.fromkeys("<≤⩽≦", "menos_de")
SIGN_QUALIFIERS |= dict.fromkeys("~∼≈≃≅～±", "aproximado")
SIGNS = frozenset([*SIGN_QUALIFIERS, "∓"])

# Between two numbers, these make a range or a choice, never two figures.
RANGE_WORDS = {"y", "e", "o", "u", "a", "al", "hasta"}
RANGE_MARKS = {"-", "–", "—", "/"}
SPACES = {" ", "\u00a0", "\u202f", "\u2009"}
GLUE = {"'", "’", "´", "`", "·", "_", ":", "|"}
# Invisible characters that may sit inside a word (a soft hyphen left by a line break).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A word keeps its combining accents (text in NFD) and invisible characters: "de\u0301cima".
TOKEN = re.compile(rf"[0-9]+|[^\W\d_](?:[^\W\d_]|[\u0300-\u036f{INVISIBLE}])*|\S")
MASKED = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
ROMAN = re.compile(r"^(?:XXX|XX|X)?(?:IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def foreign_digit(char: str) -> bool:
    """A digit of another script ("٧"): PDF damage, never read as a number."""
    return any(c.isdigit() and not c.isascii() for c in char)


def roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = ROMAN_VALUES[char]
        following = ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


N = TypeVar("N", int, Fraction)  # a number read so far: whole, or with a written fraction


class WordsGrammar:
    """Spanish cardinals in words, read from a token stream that the subclass provides."""

    def word(self, i: int) -> str | None:
        raise NotImplementedError

    def spaced(self, i: int) -> bool:
        raise NotImplementedError

    def folded_at(self, i: int) -> str:
        raise NotImplementedError

    def plus(
        self, value: N, j: int, rest: Callable[[int], tuple[int, int] | None]
    ) -> tuple[N, int]:
        """`value` plus the number `rest` reads after a space at `j` ("mil" "doscientos"),
        if it reads one; and where the reading stops."""
        more = rest(j) if self.spaced(j) else None
        return (value + more[0], more[1]) if more is not None else (value, j)

    def words_number(self, i: int) -> tuple[int, int] | None:
        head = self.below_million(i)
        if head is None:
            return None
        value, j = head
        if self.word(j) in MILLION and self.spaced(j):
            return self.plus(value * 1_000_000, j + 1, self.below_million)
        return value, j

    def below_million(self, i: int) -> tuple[int, int] | None:
        if self.word(i) == "mil":
            value, j = 1000, i + 1
        else:
            head = self.below_thousand(i)
            if head is None:
                return None
            value, j = head
            if self.word(j) != "mil" or not self.spaced(j):
                return value, j
            if self.folded_at(i) == "uno":
                return value, j
            value, j = value * 1000, j + 1
        return self.plus(value, j, self.below_thousand)

    def below_thousand(self, i: int) -> tuple[int, int] | None:
        word = self.word(i)
        if word is None:
            return None
        if word == "cien":
            return 100, i + 1
        if word in HUNDREDS:
            rest = self.below_hundred(i + 1) if self.spaced(i + 1) else None
            if rest is None:
                return (HUNDREDS[word], i + 1) if word != "ciento" else None
            return HUNDREDS[word] + rest[0], rest[1]
        return self.below_hundred(i)

    def below_hundred(self, i: int) -> tuple[int, int] | None:
        word = self.word(i)
        if word in UNITS:
            return UNITS[word], i + 1
        if word in SMALL:
            return SMALL[word], i + 1
        if word in TENS:
            unit = self.word(i + 2)
            if (
                self.word(i + 1) == "y"
                and self.spaced(i + 1)
                and self.spaced(i + 2)
                and unit in UNITS
            ):
                return TENS[word] + UNITS[unit], i + 3
            return TENS[word], i + 1
        return None
