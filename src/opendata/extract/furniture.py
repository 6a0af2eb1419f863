"""Page furniture, removed before a report is cut into sections and sentences.

A PDF repeats a header and a footer on every page and numbers its pages; its text layer (and a
text copied from it) puts them between the lines of the prose, even inside a sentence ("609 ⏎
CEAyTP · SNT Página 7 ⏎ instituciones"). Words and numbers are also broken at the end of a line
by a hyphen. What is removed or rejoined here is listed, line by line, with the reason, so the
review page can show it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from opendata.extract.spanish import plain


@dataclass(frozen=True)
class Line:
    number: int  # in the source text, from 1
    text: str


@dataclass(frozen=True)
class Removal:
    """One line taken out of the text, or one line-end hyphen resolved."""

    line: int
    text: str
    why: str
    # The line this one may have been the end of: a repeated line that reads as the tail of an
    # unfinished line before it ("…la Política Nacional ⏎ de Datos Abiertos"). That line's text
    # is not certain, and what is read from it is refused.
    cuts: int | None = None


# "7", "- 7 -", "Página 7", "Pág. 7", "7 de 12", "7/12", "Página 7 de 12".
_PAGE_NUMBER = re.compile(
    r"^[-–—]?\s*(?:(?P<word>p[áa]g(?:ina|\.)?)\s*)?(?P<n>\d{1,4})"
    r"(?P<of>\s*(?:de|/)\s*\d{1,4})?\s*[-–—]?$",
    re.IGNORECASE,
)
# A running line that ends or starts with a page marker: "CEAyTP · SNT   Página 7".
_PAGE_MARKER_END = re.compile(
    r"(?:^|\s|[·|•–—-])P[áa]g(?:ina|\.)\s*\d{1,4}(?:\s*(?:de|/)\s*\d{1,4})?$"
)
_PAGE_MARKER_START = re.compile(
    r"^P[áa]g(?:ina|\.)\s*\d{1,4}(?:\s*(?:de|/)\s*\d{1,4})?(?:\s|[·|•–—-])"
)
# Bullet glyphs as reports and their PDFs print them (\uf0b7 and its kin: Symbol and Wingdings).
BULLET_GLYPHS = "-–—*•▪●◦·■□○➢►▶✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
BULLET = re.compile(rf"^[{re.escape(BULLET_GLYPHS)}]\s+")
_HYPHEN_END = re.compile(r"(?<=[^\W_])-$")
_INCOMPLETE_GROUP = re.compile(
    r"(?<![0-9])(?P<head>[0-9]{1,3}(?:(?P<sep>[,.])[0-9]{3})*[,.][0-9]{1,2})$"
)
_DIGITS_START = re.compile(r"^(?P<digits>[0-9]+)(?![0-9])")
_DATE_ONLY = re.compile(r"^\d{1,2}\s+de\s+[a-záéíóú]+(?:\s+de[l]?\s+\d{4})?$", re.IGNORECASE)
_MAX_FURNITURE = 150  # characters: a running header or footer is one short line
# A line that starts with a lowercase word (not a web or mail address) continues a sentence.
_CONTINUATION = re.compile(r"^[a-záéíóúñü]+(?![\w.@/:])")
_FINISHED = (".", "!", "?", ":", ";", "…")
_EDGE_LINES = 3  # non-blank lines at the top and at the foot of a page where furniture stands


def _key(text: str) -> str:
    """Lines that differ only in their digits (page numbers) are the same furniture."""
    return " ".join(re.sub(r"[0-9]+", "#", plain(text)).split())


def clean(
    lines: list[str], pages: list[int] | None = None, is_heading: object = None
) -> tuple[list[Line], list[Removal]]:
    """The lines of a report without page furniture, and what was removed.

    `pages` gives, for a PDF, the index of the first line of each page; a text report has no
    page boundaries and its furniture is found by repetition and page-number patterns.
    `is_heading` (a predicate) protects headings: a heading repeated at the top of each page is
    the section finder's to handle, never removed here.
    """
    heading = is_heading if callable(is_heading) else (lambda text: False)
    numbered = [Line(i + 1, text.rstrip()) for i, text in enumerate(lines)]
    removed: dict[int, str] = {}

    candidates = [
        line
        for line in numbered
        if line.text.strip()
        and len(line.text.strip()) <= _MAX_FURNITURE
        and not BULLET.match(line.text.strip())
        and not heading(line.text)
        and not _DATE_ONLY.match(line.text.strip())
    ]
    slots = _page_slots(numbered, pages) if pages else None
    evidence = _repetition(candidates, slots, _filled_pages(numbered, pages) if pages else 0)
    lone_numbers = []
    for line in candidates:
        text = line.text.strip()
        page = _PAGE_NUMBER.match(text)
        if page and not page["word"] and not page["of"] and text == page["n"]:
            lone_numbers.append(line)
            continue
        if page:
            removed[line.number] = "número de página"
        elif (
            _PAGE_MARKER_END.search(text) or _PAGE_MARKER_START.match(text)
        ) and not text.endswith((".", ":", ";")):
            removed[line.number] = "encabezado o pie con número de página"
        elif line.number in evidence:
            removed[line.number] = evidence[line.number]
    # A lone number on its own line is a page number when it is at a page's edge, or when such
    # lines count up through the text; a single one might be a figure cut off by a line break.
    values = [int(line.text.strip()) for line in lone_numbers]
    sequence = len(values) >= 2 and all(a < b for a, b in pairwise(values))
    for line in lone_numbers:
        if sequence or (slots is not None and line.number in slots):
            removed[line.number] = "número de página"

    kept = [line for line in numbered if line.number not in removed]
    repeated = {n for n, why in removed.items() if evidence.get(n) == why}
    removals = [
        _removal(numbered, removed, n, why, n in repeated) for n, why in sorted(removed.items())
    ]
    kept, joins = _rejoin_hyphens(kept, heading)
    return kept, sorted(removals + joins, key=lambda r: r.line)


def _page_slots(lines: list[Line], pages: list[int]) -> dict[int, set[tuple[int, str, int]]]:
    """For each line at a page's edge (its first and last non-blank lines): its page and where
    it stands there, ("top", 0) for the first line, ("foot", 0) for the last."""
    slots: dict[int, set[tuple[int, str, int]]] = {}
    bounds = [*pages, len(lines)]
    for page, (first, after) in enumerate(pairwise(bounds)):
        filled = [line.number for line in lines[first:after] if line.text.strip()]
        for index, number in enumerate(filled[:_EDGE_LINES]):
            slots.setdefault(number, set()).add((page, "top", index))
        for index, number in enumerate(reversed(filled[-_EDGE_LINES:])):
            slots.setdefault(number, set()).add((page, "foot", index))
    return slots


def _filled_pages(lines: list[Line], pages: list[int]) -> int:
    bounds = [*pages, len(lines)]
    return sum(
        any(line.text.strip() for line in lines[first:after]) for first, after in pairwise(bounds)
    )


def _repetition(
    candidates: list[Line], slots: dict[int, set[tuple[int, str, int]]] | None, filled: int
) -> dict[int, str]:
    """The lines that are a running header or footer by repetition, with the reason.

    In a PDF a line is one only when it stands at the same place (the top or the foot of the
    page, the same line from the edge) on at least three pages and on most of them: a line of
    prose that happens to end two pages ("de Datos Abiertos") is prose. A text has no pages: a
    line is one when it is repeated three times.
    """
    if slots is None:
        counts = Counter(_key(line.text) for line in candidates)
        return {
            line.number: f"encabezado o pie repetido ({counts[_key(line.text)]} veces)"
            for line in candidates
            if counts[_key(line.text)] >= 3
        }
    pages_at: dict[tuple[str, str, int], set[int]] = {}
    for line in candidates:
        for page, side, index in slots.get(line.number, ()):
            pages_at.setdefault((_key(line.text), side, index), set()).add(page)
    found: dict[int, str] = {}
    for line in candidates:
        places = [
            len(pages_at[(_key(line.text), side, index)])
            for _, side, index in slots.get(line.number, ())
        ]
        seen = max(places, default=0)
        if seen >= 3 and 2 * seen > filled:
            found[line.number] = f"encabezado o pie repetido ({seen} de {filled} páginas)"
    return found


def _removal(
    lines: list[Line], removed: dict[int, str], number: int, why: str, repeated: bool
) -> Removal:
    """The removal of line `number`; a repeated line that reads as the tail of the unfinished
    line before it, with nothing after it to go on with that line, may have cut it."""
    text = lines[number - 1].text.strip()
    if not repeated or not _CONTINUATION.match(text):
        return Removal(number, text, why)
    before = _kept_next(lines, removed, range(number - 2, -1, -1))
    after = _kept_next(lines, removed, range(number, len(lines)))
    if before is None or before.text.strip().endswith(_FINISHED):
        return Removal(number, text, why)
    if after is not None and _CONTINUATION.match(after.text.strip()):
        return Removal(number, text, why)  # the sentence goes on after it: furniture inside it
    return Removal(
        number, text, f"{why}; puede ser el final de la línea {before.number}", before.number
    )


def _kept_next(lines: list[Line], removed: dict[int, str], order: range) -> Line | None:
    """The first non-blank line not removed, in `order` (indices into `lines`)."""
    for index in order:
        line = lines[index]
        if line.text.strip() and line.number not in removed:
            return line
    return None


def _rejoin_hyphens(lines: list[Line], heading: object) -> tuple[list[Line], list[Removal]]:
    """Rejoin words and numbers broken by a hyphen at the end of a line.

    "coope-⏎ración" becomes "cooperación"; "9,8-⏎10" becomes "9,810" because only that reading
    makes a whole number; "12-⏎480" or "2023-⏎2024" keep their hyphen ("12-480" is then no
    figure: a range, or a broken number nobody can be sure of).
    """
    is_heading = heading if callable(heading) else (lambda text: False)
    out: list[Line] = []
    joins: list[Removal] = []
    for line in lines:
        text = line.text.strip()
        target = _previous_text(out)
        if text and target is not None and not BULLET.match(text) and not is_heading(text):
            head = out[target].text.rstrip()
            if _HYPHEN_END.search(head) and not head.endswith(" -"):
                joined, why = _join(head, text)
                out[target] = Line(out[target].number, joined)
                joins.append(Removal(line.number, f"{head[-24:]}⏎{text[:24]}", why))
                continue
        out.append(line)
    return out, joins


def _previous_text(lines: list[Line]) -> int | None:
    """The index of the last non-blank line, if at most two blank lines follow it."""
    for back, line in enumerate(reversed(lines)):
        if line.text.strip():
            return len(lines) - 1 - back
        if back >= 2:
            return None
    return None


def _join(head: str, tail: str) -> tuple[str, str]:
    body = head[:-1]
    if body[-1].isdigit() and tail[0].isdigit():
        group = _INCOMPLETE_GROUP.search(body)
        digits = _DIGITS_START.match(tail)
        if group and digits:
            last = re.split(r"[,.]", group["head"])[-1]
            if len(last) + len(digits["digits"]) == 3:
                return body + tail, "guion de fin de línea dentro de un número (unido)"
        return body + "-" + tail, "guion de fin de línea entre cifras (se conserva: ambiguo)"
    if body[-1].isalpha() and tail[0].islower():
        return body + tail, "guion de fin de línea dentro de una palabra (unida)"
    return body + "-" + tail, "guion de fin de línea (se conserva)"
