"""A net under extraction, written apart from it: each figure's text, read again on its own.

Every `indicadores` row read from the text keeps the figure as written (`cifra_texto`). This
module, which shares no code with `opendata.extract`, checks each such row: the text stands in
the row's sentence (`oracion`) as a whole number expression (not the end of "12 480", not the
start of "20 mil"), and reading it gives the row's `valor` and `calificador`. It reads numbers
in a different way from the extractor: words are summed as they come (the classic
accumulator), digits are grouped by one separator, qualifiers come from its own list.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

_ONES = {
    "cero": 0, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
    "trescientos": 300, "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400,
    "quinientos": 500, "quinientas": 500, "seiscientos": 600, "seiscientas": 600,
    "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
    "novecientos": 900, "novecientas": 900,
}  # fmt: skip
_ORDINALS = {
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
    "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
    "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7, "setimo": 7, "setima": 7,
    "octavo": 8, "octava": 8, "noveno": 9, "novena": 9, "decimo": 10, "decima": 10,
    "undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12, "vigesimo": 20,
    "vigesima": 20,
}  # fmt: skip
_ORDINAL_TENS = {
    "decim": 10, "vigesim": 20, "trigesim": 30, "cuadragesim": 40, "quincuagesim": 50,
    "sexagesim": 60, "septuagesim": 70, "setuagesim": 70, "octogesim": 80, "nonagesim": 90,
}  # fmt: skip
# What a figure's leading words make of it, by qualifier (the longest phrase is tried first).
_LEADING_WORDS = {
    "mas_de": (
        "un poco mas de, un poco mas del, poco mas de, poco mas del, no menos de, "
        "no menos del, mas de, mas del, por lo menos, al menos, cuando menos, como minimo, "
        "un minimo de, arriba de, arriba del, superior a, superior al, mayor a, mayor al, "
        "mayor de, por encima de, por encima del, por arriba de, por arriba del, minimo de, "
        "minimo"
    ),
    "menos_de": (
        "no mas de, no mas del, poco menos de, poco menos del, menos de, menos del, "
        "como maximo, un maximo de, inferior a, inferior al, menor a, menor al, menor de, "
        "por debajo de, por debajo del, hasta, maximo de, maximo"
    ),
    "aproximado": (
        "mas o menos, alrededor de unos, alrededor de unas, alrededor de, alrededor del, "
        "cerca de unos, cerca de unas, cerca de, cerca del, cerca a, cerca al, en torno a, "
        "en torno al, "
        "del orden de, del orden del, un aproximado de, un estimado de, "
        "aproximadamente unos, aproximadamente unas, aproximadamente, aprox., aprox, casi, "
        "unos, unas"
    ),
}
_LEADING = [(p, k) for k, text in _LEADING_WORDS.items() for p in text.split(", ")]
_TRAILING = [
    ("mas o menos", "aproximado"), ("aproximadamente", "aproximado"),
    ("aprox.", "aproximado"), ("aprox", "aproximado"), ("o mas", "mas_de"),
    ("o menos", "menos_de"), ("como minimo", "mas_de"), ("como maximo", "menos_de"),
    ("(aprox.)", "aproximado"), ("(aprox)", "aproximado"), ("(aproximadamente)", "aproximado"),
    ("y mas", "mas_de"),
]  # fmt: skip
# Signs a figure may start with, and what they make of it ("+500", "~670", "≈20,000").
_SIGNS = {"+": "mas_de", ">": "mas_de", "≥": "mas_de", "⩾": "mas_de", "≧": "mas_de"}
_SIGNS |= {"<": "menos_de", "≤": "menos_de", "⩽": "menos_de", "≦": "menos_de"}
_SIGNS |= {s: "aproximado" for s in "~∼≈≃≅～±"}
# Words between the leading qualifier and the number: "casi el 70%", "aprox. a 500".
_GAP_WORDS = {"el", "la", "los", "las", "a", "al", "en", "con"}
_UNIT_WORDS = {"uno", "un", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho"}
_UNIT_WORDS |= {"nueve"}
_MULTIPLIERS = {"mil", "millon", "millones"}
_TENS = {"treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"}


class FigureTextError(ValueError):
    """The written figure does not read as the row's value."""


def _ascii(text: str) -> str:
    text = re.sub(r"\(\s*(aprox\.?|aproximadamente)\s*\)", r"(\1)", text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip()


def read_figure(text: str) -> tuple[int, str]:
    """(value, qualifier) of a figure as written: "más de 500", "12 480", "cuarta", "70%"."""
    words = _ascii(_spaces(text)).replace("*", "")
    qualifier = "exacto"
    for phrase, kind in sorted(_TRAILING, key=lambda p: -len(p[0])):
        if words.endswith(" " + phrase):
            words, qualifier = words[: -len(phrase)].strip(" ,"), kind
            break
    for phrase, kind in sorted(_LEADING, key=lambda p: -len(p[0])):
        if words.startswith(phrase + " "):
            if qualifier != "exacto" and qualifier != kind:
                raise FigureTextError(f"{text!r} is qualified twice")
            words, qualifier = words[len(phrase) :].strip(), kind
            first, _, rest = words.partition(" ")
            if first in _GAP_WORDS and rest:
                words = rest
            break
    words, qualifier = _signs_of(text, words, qualifier)
    if qualifier != "exacto" and any(w in words for w in ("promedio",)):
        raise FigureTextError(f"{text!r} is an average")
    value = _number_prefix(words, trailing=qualifier != "exacto")
    return value, qualifier


def _signs_of(text: str, words: str, qualifier: str) -> tuple[str, str]:
    """Strip a leading sign ("+500", "~ 670") and a trailing "+" ("500+"), with what they
    say; a figure may carry only one qualifier."""
    kinds = []
    if words[:1] in _SIGNS:
        kinds.append(_SIGNS[words[0]])
        words = words[1:].strip()
    if words.endswith("+") and not words.endswith(" +"):
        kinds.append("mas_de")
        words = words[:-1]
    for kind in kinds:
        if qualifier != "exacto":
            raise FigureTextError(f"{text!r} is qualified twice")
        qualifier = kind
    return words, qualifier


def _number_prefix(words: str, trailing: bool) -> int:
    """The number `words` is; with a trailing qualifier, the number it starts with."""
    if not trailing:
        return _number(words)
    tokens = words.split()
    for size in range(len(tokens), 0, -1):
        try:
            return _number(" ".join(tokens[:size]))
        except FigureTextError:
            continue
    raise FigureTextError(f"no number in {words!r}")


def _number(words: str) -> int:
    words = words.strip()
    brackets = re.fullmatch(r"(.+?)\s*\((.+)\)", words)
    if brackets:
        first, second = _number(brackets[1]), _number(brackets[2])
        if first != second:
            raise FigureTextError(f"{words!r}: {first} and {second} disagree")
        return first
    words = re.sub(r"\s*(?:%|por ciento|porciento)$", "", words)
    if words in _ORDINALS:
        return _ORDINALS[words]
    compound = _compound_ordinal(words)
    if compound is not None:
        return compound
    roman = re.fullmatch(r"[ivx]+", words)
    if roman and len(words) <= 6:
        return _roman(words.upper())
    ordinal = re.fullmatch(
        r"(\d+)\s*\.?\s*(?:ª|º|°|a|o|er|ra|ro|do|da|to|ta|vo|va|mo|ma|no|na)\.?", words
    )
    if ordinal:
        return int(ordinal[1])
    grouped = re.fullmatch(r"\d{1,3}(?:([ ,.])\d{3})?(?:\1\d{3})*", words)
    if grouped:
        return int(re.sub(r"\D", "", words))
    if re.fullmatch(r"\d+", words):
        return int(words)
    return _accumulate(words)


def _compound_ordinal(words: str) -> int | None:
    """ "decima cuarta", "decimocuarta", "vigesima primera", "cuadragesimo": tens and a unit."""
    match = re.fullmatch(r"(" + "|".join(_ORDINAL_TENS) + r")([oa]?)\s?([a-z]*)", words)
    if match is None:
        return None
    tens, vowel, unit = _ORDINAL_TENS[match[1]], match[2], match[3]
    if not unit:
        return tens if vowel else None
    for written in (unit, vowel + unit):  # "decimoctava": the unit "octava" took the "o"
        if _ORDINALS.get(written, 10) < 10:
            return tens + _ORDINALS[written]
    return None


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for index, char in enumerate(text):
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -values[char] if values[char] < following else values[char]
    return total


def _accumulate(words: str) -> int:
    """Spanish number words (and digits before "mil"/"millones"), summed as they come."""
    total = Fraction(0)
    current = Fraction(0)
    seen = False
    for token in words.split():
        if token == "y":
            continue
        if token == "medio" and total:
            total += Fraction(1_000_000 if total >= 1_000_000 else 1000, 2)
            continue
        if token == "medio" and not seen:
            current, seen = Fraction(1, 2), True  # "medio millón"
            continue
        if re.fullmatch(r"\d+(?:[.,]\d+)?", token):
            current += Fraction(token.replace(",", "."))
        elif token in _ONES:
            current += _ONES[token]
        elif token == "mil":
            total += (current or 1) * 1000
            current = Fraction(0)
        elif token in ("millon", "millones"):
            total = (total + current) * 1_000_000 if total or current else Fraction(1_000_000)
            current = Fraction(0)
        else:
            raise FigureTextError(f"not a number: {words!r}")
        seen = True
    value = total + current
    if not seen or value.denominator != 1:
        raise FigureTextError(f"not a whole number: {words!r}")
    return int(value)


def _whole_in(text: str, sentence: str) -> bool:
    """`text` stands in `sentence` at least once as a whole expression, nothing glued on."""
    clean_sentence = _spaces(sentence)
    clean_text = _spaces(text)
    percent = clean_text.endswith("%") or _ascii(clean_text).endswith("por ciento")
    tens = _ascii(clean_text).split()[-1] in _TENS
    for match in re.finditer(re.escape(clean_text), clean_sentence):
        before = clean_sentence[: match.start()]
        after = clean_sentence[match.end() :]
        if before and (before[-1].isalnum() or re.search(r"\d[ ,.-]$", before)):
            continue  # "12 480": the text would be the end of a longer number
        if before.rstrip()[-1:] in _SIGNS or after.lstrip()[:1] in _SIGNS:
            continue  # "~670", "500+": the sign qualifies the number
        if clean_text[:1].isalpha() and _continues_before(_ascii(before).split(), clean_text):
            continue  # "dos mil", "doscientos treinta": the end of a longer number
        if after and (after[0].isalnum() or re.match(r"[ ,.-]?\d", after)):
            continue  # "20 000", "9,8": the text would be the start of a longer number
        following = _ascii(after).split()[:2]
        if following and following[0] in _MULTIPLIERS:
            continue  # "20 mil"
        if not percent and (after.lstrip().startswith("%") or following == ["por", "ciento"]):
            continue  # "70" of "70%"
        if tens and len(following) == 2 and following[0] == "y" and following[1] in _UNIT_WORDS:
            continue  # "treinta" of "treinta y dos"
        return True
    return False


def _continues_before(previous: list[str], text: str) -> bool:
    """The words before `text` and its first word make one Spanish number."""
    first = _ascii(text).split()[0]
    if not previous:
        return False
    last = previous[-1]
    if first in _MULTIPLIERS:
        return last in _ONES  # "dos mil", "un millón"
    if last in _MULTIPLIERS:
        return first in _ONES  # "mil treinta"
    if _ONES.get(last, 0) >= 100 and _ONES.get(first, 1000) < 100:
        return True  # "doscientos treinta"
    return last == "y" and len(previous) > 1 and previous[-2] in _TENS and first in _UNIT_WORDS


def check_figure(cifra: str, sentence: str, value: int, qualifier: str) -> str | None:
    """None when the row holds; otherwise what is wrong with it."""
    if not _whole_in(cifra, sentence):
        return f"{cifra!r} does not stand as a whole number in its sentence"
    try:
        read, read_qualifier = read_figure(cifra)
    except FigureTextError as exc:
        return str(exc)
    if (read, read_qualifier) != (value, qualifier):
        return f"{cifra!r} reads as {read} ({read_qualifier}), the row says {value} ({qualifier})"
    return None
