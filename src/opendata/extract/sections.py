"""Split a report into sections found by their headings, with prose, list items and sentences.

The PDF's page breaks cut paragraphs and list items apart, so a section's prose is its non-list
lines joined with single spaces; sentences are cut from that flow. The table of contents
("Índice") is not the body: its lines carry page numbers after a tab or a run of spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from opendata.extract.corrections import Correction

_HEADING = re.compile(
    r"^(?:(?P<num>\d+\.\d+)\s+(?P<num_title>\S.*)"
    r"|(?P<roman>[IVX]+)\.\s+(?P<roman_title>[A-ZÁÉÍÓÚÑ].*)"
    r"|(?P<axis>Eje\s+\d+):\s*(?P<axis_title>\S.*)"
    r"|(?P<plain>Presentación|Índice|Actividades))$"
)
# Table-of-contents entries: a page number after a tab or a wide gap, or a tab anywhere.
_INDEX_LINE = re.compile(r"\t|\s{3,}\d{1,3}$")
_BULLET = re.compile(r"^[-•▪●]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"“¿¡(]?[A-ZÁÉÍÓÚÑ])")
_YEAR = re.compile(r"(?<![0-9/.])(?:19|20)[0-9]{2}(?![0-9/])")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Bullet:
    line: int
    text: str
    raw: str


@dataclass
class Section:
    """One numbered or titled part of the report."""

    key: str
    title: str
    lines: list[Line]
    prose: str = ""
    raw_prose: str = ""
    bullets: list[Bullet] = field(default_factory=list)
    applied: list[Correction] = field(default_factory=list)
    # Line numbers where the heading stood again (a new page of the same section).
    page_breaks: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.key} {self.title}".strip()

    def pages(self) -> list[list[Line]]:
        """The section's lines cut at its repeated headings."""
        pages: list[list[Line]] = [[]]
        for line in self.lines:
            if any(line.number > b for b in self.page_breaks[len(pages) - 1 : len(pages)]):
                pages.append([])
            pages[-1].append(line)
        return pages

    def sentences(self) -> list[str]:
        return [s for s in _SENTENCE_END.split(self.prose) if s]

    def sentence_at(self, position: int) -> str:
        """The sentence of the prose that contains character `position`."""
        start = 0
        for sentence in _SENTENCE_END.split(self.prose):
            found = self.prose.find(sentence, start)
            if found <= position < found + len(sentence):
                return sentence
            start = found + len(sentence)
        return self.prose

    def heading_years(self) -> list[int]:
        return [int(y) for y in _YEAR.findall(self.title)]

    def year(self) -> int | None:
        """The year the section speaks of: its heading's, else the one year its prose names."""
        years = set(self.heading_years())
        if years:
            return years.pop() if len(years) == 1 else None
        years = {int(y) for y in _YEAR.findall(_URL.sub(" ", self.prose))}
        return years.pop() if len(years) == 1 else None


def split_sections(text: str, corrections: Iterable[Correction] = ()) -> list[Section]:
    """Cut the report into sections; repeated headings (page headers) continue one section."""
    sections: list[Section] = []
    current: Section | None = None
    in_index = False
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        # The table of contents runs from "Índice" to the first blank line after its entries.
        if in_index and (stripped or not current or not current.lines):
            if current is not None and stripped:
                current.lines.append(Line(number, stripped))
            continue
        in_index = False
        heading = _heading(raw)
        if heading:
            key, title = heading
            if current is None or (current.key, current.title) != (key, title):
                current = Section(key=key, title=title, lines=[])
                sections.append(current)
            else:
                current.page_breaks.append(number)
            in_index = key == "Índice"
            continue
        if current is not None:
            current.lines.append(Line(number, stripped))
    fixes = list(corrections)
    for section in sections:
        _build_flow(section, [c for c in fixes if c.section == section.key])
    return sections


def _heading(raw: str) -> tuple[str, str] | None:
    stripped = raw.strip()
    if not stripped or _INDEX_LINE.search(raw.rstrip("\n")):
        return None
    match = _HEADING.match(" ".join(stripped.split()))
    if not match:
        return None
    if match["num"]:
        return match["num"], match["num_title"]
    if match["roman"]:
        return match["roman"], match["roman_title"]
    if match["axis"]:
        return " ".join(match["axis"].split()), match["axis_title"]
    return match["plain"], ""


def _build_flow(section: Section, fixes: list[Correction]) -> None:
    prose: list[str] = []
    bullets: list[tuple[int, list[str]]] = []
    previous_was_bullet = False
    for line in section.lines:
        blank = not line.text
        if _BULLET.match(line.text):
            bullets.append((line.number, [_BULLET.sub("", line.text)]))
            previous_was_bullet = True
        elif not blank and previous_was_bullet:
            bullets[-1][1].append(line.text)  # a list item wrapped onto the next line
        elif not blank:
            prose.append(line.text)
            previous_was_bullet = False
        else:
            previous_was_bullet = False
    section.raw_prose = " ".join(" ".join(prose).split())
    section.prose = _apply(section.raw_prose, fixes, section)
    for number, parts in bullets:
        raw = " ".join(" ".join(parts).split())
        section.bullets.append(Bullet(number, _apply(raw, fixes, section), raw))


def _apply(text: str, fixes: list[Correction], section: Section) -> str:
    for fix in fixes:
        if fix.original in text:
            text = text.replace(fix.original, fix.corrected)
            if fix not in section.applied:
                section.applied.append(fix)
    return text
