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
    edges = _page_edges(numbered, pages) if pages else None
    counts = Counter(
        _key(line.text) for line in candidates if edges is None or line.number in edges
    )
    raw_counts = Counter(line.text.strip() for line in candidates)
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
        elif edges is not None and line.number not in edges:
            continue
        elif counts[_key(text)] >= (2 if edges is not None else 3) or (
            counts[_key(text)] == 2 and raw_counts[text] == 1 and re.search(r"[0-9]", text)
        ):
            removed[line.number] = f"encabezado o pie repetido ({counts[_key(text)]} veces)"
    # A lone number on its own line is a page number when it is at a page's edge, or when such
    # lines count up through the text; a single one might be a figure cut off by a line break.
    values = [int(line.text.strip()) for line in lone_numbers]
    sequence = len(values) >= 2 and all(a < b for a, b in pairwise(values))
    for line in lone_numbers:
        if sequence or (edges is not None and line.number in edges):
            removed[line.number] = "número de página"

    kept = [line for line in numbered if line.number not in removed]
    removals = [Removal(n, numbered[n - 1].text.strip(), why) for n, why in sorted(removed.items())]
    kept, joins = _rejoin_hyphens(kept, heading)
    return kept, sorted(removals + joins, key=lambda r: r.line)


def _page_edges(lines: list[Line], pages: list[int]) -> set[int]:
    """Line numbers of the first and last three non-blank lines of each page."""
    edges: set[int] = set()
    bounds = [*pages, len(lines)]
    for first, after in pairwise(bounds):
        filled = [line.number for line in lines[first:after] if line.text.strip()]
        edges.update(filled[:3] + filled[-3:])
    return edges


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
