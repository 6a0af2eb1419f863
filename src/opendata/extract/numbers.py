"""Spanish number expressions in prose: every maximal one, never a piece of one.

`scan(text)` finds each whole expression a reader sees as one number: digits grouped by comma,
period or a space ("9,810", "12.480", "12 480", with U+00A0, U+202F or U+2009 too), words
("seiscientas nueve", "dos mil quinientos"), both mixed ("9 mil 810", "1.5 millones"),
percentages ("70%", "setenta por ciento") and ordinals ("quinta", "VI", "4.ª"), each with the
words that qualify it ("más de", "alrededor de", ...). What cannot be read as one whole number is
still one expression, with a `problem`: a decimal where a count is meant, a range ("20 a 30",
"12-480"), two numbers that run into each other ("veintisiete (28)", "12 48"), digits mixed with
letters ("6O9"). So no figure can ever be a piece of a longer number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from opendata.extract.number_reader import Reader
from opendata.extract.number_words import (
    AMBIGUOUS_BEFORE,
    AMBIGUOUS_WITH_GAP,
    INVISIBLE,
    MASKED,
    QUALIFIER_BEFORE,
    QUALIFIER_PHRASES,
    QUALIFIERS,
    RANGE_MARKS,
    RANGE_WORDS,
    SIGN_QUALIFIERS,
    SIGNS,
    SPACES,
    TRAILING_QUALIFIERS,
    Kind,
    NumberExpr,
    ParseError,
    Qualifier,
)
from opendata.extract.spanish import plain as fold

__all__ = [
    "QUALIFIERS",
    "SIGNS",
    "TRAILING_QUALIFIERS",
    "Kind",
    "NumberExpr",
    "ParseError",
    "Qualifier",
    "read_number",
    "read_ordinal",
    "scan",
    "scan_masked",
]


def _combine(text: str, found: list[NumberExpr]) -> list[NumberExpr]:
    """Expressions that run into each other become one unreadable one; then qualifiers."""
    combined: list[NumberExpr] = []
    for expr in found:
        previous = combined[-1] if combined else None
        if previous is not None:
            joined = _join(text, previous, expr)
            if joined is not None:
                combined[-1] = joined
                continue
        combined.append(expr)
    qualified: list[NumberExpr] = []
    for expr in (_qualified(text, e) for e in combined):
        while qualified and qualified[-1].end > expr.start:
            qualified.pop()  # "un" of "un promedio de 30", "unos" of "unos 30"
        qualified.append(expr)
    return qualified


def _join(text: str, left: NumberExpr, right: NumberExpr) -> NumberExpr | None:
    """One expression for two numbers with nothing but a space, a range word or a bracket
    between them; None when they are apart."""
    between = text[left.end : right.start]
    if right.start != right.number_start:
        return None  # "30 y más de 40": the second has its own qualifier: apart
    words = fold(between).split()
    if left.article and between.strip() == "":
        return right  # "un 30%": an article, not a number
    bracket = re.fullmatch(r"\s*\(\s*", between) and text[right.end : right.end + 1] == ")"
    if (left.article or right.article) and not bracket:
        return None
    if between.strip().strip(INVISIBLE) == "":
        problem = "two numbers run into each other"  # "12\u00ad480" too: one soft hyphen
    elif between.strip() in RANGE_MARKS:
        problem = "a range, or a number broken by a hyphen"
    elif len(between.strip()) == 1 and between.strip() in SIGNS:
        problem = "two numbers joined by a sign (a sum, a margin), not one figure"
    elif len(words) == 1 and words[0] in RANGE_WORDS:
        problem = "a range or a choice of numbers, not one figure"
    elif bracket:
        if left.value is not None and left.value == right.value and left.kind == right.kind:
            return replace(left, end=right.end + 1)
        problem = "a number followed by a different one in brackets"
        return NumberExpr(
            "invalid", left.start, right.end + 1, left.number_start, None, left.qualifier, problem
        )
    else:
        return None
    written = text[left.number_start : right.end]
    return NumberExpr(
        "invalid",
        left.start,
        right.end,
        left.number_start,
        None,
        left.qualifier,
        f"{problem}: {written!r}",
    )


def _qualified(text: str, expr: NumberExpr) -> NumberExpr:
    if expr.kind not in ("cardinal", "percent", "invalid"):
        return expr
    expr = _or_more(text, _signed(text, expr))
    window_start = max(0, expr.start - 60)
    window = text[window_start : expr.start]
    match = QUALIFIER_BEFORE.search(window)
    if not match or (match.start() == 0 and window_start > 0 and text[window_start - 1].isalnum()):
        return expr
    name = next(n for n, value in match.groupdict().items() if value and n.startswith("q"))
    phrase, qualifier = QUALIFIER_PHRASES[int(name[1:])]
    start = expr.start - (len(window) - match.start())
    start += len(match[0]) - len(match[0].lstrip())
    written = text[start : expr.end]
    if qualifier is None:
        problem = f"an average, not a count: {written!r}"
        return replace(expr, start=start, kind="invalid", value=None, problem=problem)
    if match["gap"] and phrase in AMBIGUOUS_WITH_GAP:
        why = "'hasta' may be 'up to' or 'even', the qualifier cannot be told"
        return _unreadable(text, expr, start, expr.end, why)
    if phrase in AMBIGUOUS_BEFORE:
        return _unreadable(text, expr, start, expr.end, AMBIGUOUS_BEFORE[phrase])
    if expr.qualifier != "exacto":
        return _unreadable(text, expr, start, expr.end, "qualified twice")
    return replace(expr, start=start, qualifier=qualifier, article=False)


def _signed(text: str, expr: NumberExpr) -> NumberExpr:
    """A sign before ("+500", "~ 670") or after ("500+") the number: its qualifier, or an
    unreadable expression when the sign cannot be read as one."""
    qualifier: Qualifier = expr.qualifier
    start, end = expr.start, expr.end
    sign = start - 2 if start >= 2 and text[start - 1] in SPACES else start - 1
    if sign >= 0 and text[sign] in SIGN_QUALIFIERS:
        glued = sign > 0 and (text[sign - 1].isalnum() or text[sign - 1] in SIGNS)
        spaced_plus = text[sign] == "+" and sign == start - 2  # "3 paneles + 2 talleres"
        signed_percent = text[sign] in "+±" and expr.kind == "percent"  # a change: "+70%"
        start = sign
        if glued or spaced_plus or signed_percent:
            return _unreadable(text, expr, start, end, "a sign before the number")
        qualifier = SIGN_QUALIFIERS[text[sign]]
    after = end + 1 if end < len(text) and text[end] in SPACES else end
    if after < len(text) and text[after] in SIGNS:
        follows = text[after + 1 : after + 2]
        if text[after] != "+" or after != end or follows.isalnum() or follows in SIGNS:
            return _unreadable(text, expr, start, after + 1, "a sign after the number")
        if qualifier not in ("exacto", "mas_de") or expr.kind != "cardinal":
            return _unreadable(text, expr, start, after + 1, "a sign after the number")
        qualifier, end = "mas_de", after + 1
    if expr.kind == "invalid" or (start, end) == (expr.start, expr.end):
        return replace(expr, start=start, end=end)
    return replace(expr, start=start, end=end, qualifier=qualifier, article=False)


_OR_MORE = re.compile(r"\s+o\s+(?:(?P<more>m[aá]s)|menos)(?!\w)(?!\s+(?:del?\b|\d))", re.IGNORECASE)


def _or_more(text: str, expr: NumberExpr) -> NumberExpr:
    """ "30 o más sesiones": the words between the number and its noun qualify it."""
    match = _OR_MORE.match(text, expr.end)
    if match is None or expr.kind == "invalid":
        return expr
    qualifier: Qualifier = "mas_de" if match["more"] else "menos_de"
    if expr.qualifier not in ("exacto", qualifier):
        return _unreadable(text, expr, expr.start, match.end(), "qualified twice")
    return replace(expr, end=match.end(), qualifier=qualifier, article=False)


def _unreadable(text: str, expr: NumberExpr, start: int, end: int, why: str) -> NumberExpr:
    """`expr`, widened to `start`..`end`, as an expression that cannot be read; a percentage
    stays one, so that a percentage figure still sees it (and fails)."""
    problem = f"{why}: {text[start:end]!r}"
    kind: Kind = "percent" if expr.kind == "percent" else "invalid"
    return replace(expr, start=start, end=end, kind=kind, value=None, problem=problem)


def scan(text: str) -> list[NumberExpr]:
    """Every maximal number expression of `text`, in order, URLs and e-mail addresses aside."""
    masked = [(m.start(), m.end()) for m in MASKED.finditer(text)]
    return _combine(text, Reader(text, masked).scan())


def scan_masked(text: str, masked: list[tuple[int, int]]) -> list[NumberExpr]:
    """As `scan`, also skipping the spans in `masked` (dates, for instance)."""
    urls = [(m.start(), m.end()) for m in MASKED.finditer(text)]
    return _combine(text, Reader(text, sorted(urls + masked)).scan())


def read_number(text: str) -> tuple[int, Qualifier]:
    """The one cardinal that `text` is, whole: "más de 500" -> (500, "mas_de")."""
    found = scan(" ".join(text.split()))
    stripped = " ".join(text.split())
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        raise ParseError(f"not a Spanish number: {text!r}")
    expr = found[0]
    if expr.kind != "cardinal" or expr.value is None:
        raise ParseError(expr.problem or f"not a Spanish number: {text!r}")
    return expr.value, expr.qualifier


def read_ordinal(text: str) -> int:
    """The one ordinal that `text` is: "quinta", "Sexta", "VI", "4.ª"."""
    stripped = " ".join(text.split())
    found = scan(stripped)
    if (
        len(found) != 1
        or found[0].kind != "ordinal"
        or found[0].value is None
        or (found[0].start, found[0].end) != (0, len(stripped))
    ):
        raise ParseError(f"not a Spanish ordinal: {text!r}")
    return found[0].value
