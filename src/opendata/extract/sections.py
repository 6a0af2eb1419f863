"""Split a report into sections found by their headings, with prose, list items and sentences.

The PDF's page breaks cut paragraphs and list items apart, so a section's prose is its non-list
lines joined with single spaces; sentences are cut from that flow. The table of contents
("Índice") is not the body: its entries carry page numbers after a tab, a wide gap, dot leaders
or a space, with blank lines between them or not. A heading printed again at the top of a page
(the section's own, or its axis "Eje 1: Estado Abierto") continues the section it interrupts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from opendata.extract.corrections import Correction
from opendata.extract.dates import DateSpan, scan_dates
from opendata.extract.furniture import Line
from opendata.extract.lists import read_flow
from opendata.extract.numbers import NumberExpr, scan_masked
from opendata.extract.spanish import fold

__all__ = ["Bullet", "Line", "Section", "StructureError", "heading_of", "split_sections"]

_PLAIN = (
    "Presentación|Índice|Indice|Contenido|Índice general|Tabla de contenido|Actividades"
    "|Introducción|Conclusiones|Conclusión|Anexos|Anexo|Glosario|Mensaje|Resumen ejecutivo"
)
_TITLE_START = r"[A-ZÁÉÍÓÚÑÜ\"«“¿¡]"
_HEADING = re.compile(
    rf"^(?:(?P<num>\d+(?:\.\d+){{1,2}})\.?(?:\s*[–—:-])?\s+(?P<num_title>{_TITLE_START}.*)"
    rf"|(?P<roman>[IVX]+)\.\s+(?P<roman_title>{_TITLE_START}.*)"
    rf"|(?P<axis>(?i:eje)\s+\d+)\s*[:.–-]\s*(?P<axis_title>{_TITLE_START}.*)"
    rf"|(?P<plain>(?i:{_PLAIN})))$"
)
_MARKUP = re.compile(r"^(?:#+\s*|\*\*)|\*\*$")
_INDEX_NAMES = {"indice", "contenido", "indice general", "tabla de contenido"}
# A page reference at the end of a table-of-contents line: a tab, dot leaders, a wide gap.
_PAGE_REF = re.compile(r"(?:\t+\s*|\s*(?:\.\s*){3,}|\s*…+\s*|\s{3,})(?P<page>\d{1,3})$|\t+$")
_SPACE_PAGE_REF = re.compile(r"\s(?P<page>\d{1,3})$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"“¿¡(]?[A-ZÁÉÍÓÚÑ])")
_YEAR = re.compile(r"(?<![0-9/.,])(?:19|20)[0-9]{2}(?![0-9/])")
_URL = re.compile(r"https?://\S+|www\.\S+")
_LEVELS = {"plain": 0, "roman": 1, "axis": 2}


class StructureError(ValueError):
    """The report's headings cannot be read as one table of sections."""


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    level: int
    page_ref: bool  # a table-of-contents entry: it ends with a page number


@dataclass(frozen=True)
class Bullet:
    line: int
    text: str
    raw: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Section:
    """One numbered or titled part of the report."""

    key: str
    title: str
    lines: list[Line]
    level: int = 0
    line: int = 0  # where its heading stands
    prose: str = ""
    raw_prose: str = ""
    bullets: list[Bullet] = field(default_factory=list)
    # Why the list items may not be all and only the list's items (see extract.lists).
    list_doubts: list[str] = field(default_factory=list)
    applied: list[Correction] = field(default_factory=list)
    # Line numbers where a heading stood again (a new page of the same section).
    page_breaks: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.key} {self.title}".strip()

    @property
    def has_content(self) -> bool:
        return any(line.text for line in self.lines)

    def pages(self) -> list[list[Line]]:
        """The section's lines cut at its repeated headings."""
        pages: list[list[Line]] = [[]]
        for line in self.lines:
            if any(line.number > b for b in self.page_breaks[len(pages) - 1 : len(pages)]):
                pages.append([])
            pages[-1].append(line)
        return pages

    @cached_property
    def body(self) -> str:
        """The prose, then each list item on a line of its own: where figures are read."""
        return "\n".join([self.prose, *(bullet.text for bullet in self.bullets)])

    @cached_property
    def sentence_spans(self) -> list[Sentence]:
        """The prose's sentences, then each list item as one sentence, as spans of `body`."""
        spans, start = [], 0
        for match in _SENTENCE_END.finditer(self.prose):
            spans.append(Sentence(start, match.start(), self.prose[start : match.start()]))
            start = match.end()
        if start < len(self.prose):
            spans.append(Sentence(start, len(self.prose), self.prose[start:]))
        position = len(self.prose) + 1
        for bullet in self.bullets:
            spans.append(Sentence(position, position + len(bullet.text), bullet.text))
            position += len(bullet.text) + 1
        return spans

    def sentences(self) -> list[str]:
        return [s.text for s in self.sentence_spans]

    def sentence_of(self, position: int) -> Sentence:
        for sentence in self.sentence_spans:
            if sentence.start <= position < sentence.end:
                return sentence
        return Sentence(0, len(self.body), self.body)

    def sentence_at(self, position: int) -> str:
        """The sentence of the prose that contains character `position`."""
        return self.sentence_of(position).text

    @cached_property
    def dates(self) -> list[DateSpan]:
        return scan_dates(self.body)

    @cached_property
    def numbers(self) -> list[NumberExpr]:
        """Every number expression of the body, dates aside."""
        return scan_masked(self.body, [(d.start, d.end) for d in self.dates])

    def heading_years(self) -> list[int]:
        return [int(y) for y in _YEAR.findall(self.title)]

    def prose_years(self) -> list[tuple[int, int]]:
        """(year, position) of every year the prose names, URLs aside."""
        text = _URL.sub(lambda m: " " * len(m[0]), self.prose)
        return [(int(m[0]), m.start()) for m in _YEAR.finditer(text)]

    def year(self) -> int | None:
        """The year the section speaks of: its heading's, else the one year its prose names."""
        years = set(self.heading_years())
        if years:
            return years.pop() if len(years) == 1 else None
        named = {year for year, _ in self.prose_years()}
        return named.pop() if len(named) == 1 else None

    def title_matches(self, expected: str) -> bool:
        return title_matches(self.title or self.key, expected)

    @cached_property
    def heading(self) -> Section:
        """The heading alone as a section of one line: to read what the heading itself states
        ("VI Cumbre", "Quinta edición")."""
        return self.of_text([self.title])

    def of_text(self, texts: list[str]) -> Section:
        """A section of this one's number and heading whose text is only `texts`."""
        alone = Section(
            self.key, self.title, [Line(self.line, t) for t in texts], self.level, self.line
        )
        _build_flow(alone)
        return alone


def title_matches(title: str, expected: str) -> bool:
    """Every word of `expected` stands in `title` (accents, case and a damaged letter aside)."""
    words = [w for w in fold(title).split() if len(w) > 2]
    wanted = [w for w in fold(expected).split() if len(w) > 2]
    if not wanted:
        return fold(title) == fold(expected)
    for word in wanted:
        if word in words:
            continue
        close = difflib.get_close_matches(word, words, n=1, cutoff=0.8)
        if not close or len(word) < 5:
            return False
    return True


def heading_of(text: str) -> Heading | None:
    """The heading a line is, if it is one; table-of-contents entries say so (`page_ref`)."""
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return None
    ref = _PAGE_REF.search(text.rstrip("\n"))
    body = text[: ref.start()] if ref else text
    heading = _parse(_MARKUP.sub("", " ".join(body.split())))
    if heading is None:
        return None
    return Heading(heading.key, heading.title, heading.level, page_ref=ref is not None)


def _parse(text: str) -> Heading | None:
    match = _HEADING.match(text)
    if not match:
        return None
    if match["num"]:
        title = match["num_title"]
        if title.endswith((".", ",", ";", ":")):
            return None
        return Heading(match["num"], title, 2 + match["num"].count("."), False)
    if match["roman"]:
        return Heading(match["roman"], match["roman_title"], _LEVELS["roman"], False)
    if match["axis"]:
        number = match["axis"].split()[-1]
        return Heading(f"Eje {number}", match["axis_title"], _LEVELS["axis"], False)
    return Heading(match["plain"].capitalize(), "", _LEVELS["plain"], False)


def is_heading_line(text: str) -> bool:
    return heading_of(text) is not None


def split_sections(lines: list[Line], corrections: Iterable[Correction] = ()) -> list[Section]:
    """Cut the report into sections; the table of contents and page headers are not sections."""
    sections: list[Section] = []
    current: Section | None = None
    stack: dict[int, tuple[str, str]] = {}  # the open heading at each level
    seen: dict[tuple[str, str], Section] = {}
    index = _index_lines(lines)
    for line in lines:
        if line.number in index:
            continue
        heading = heading_of(line.text)
        if heading is None:
            if current is not None:
                current.lines.append(Line(line.number, line.text.strip()))
            continue
        name = (heading.key, fold(heading.title))
        if name in seen:
            if current is not None and (
                seen[name] is current
                or (stack.get(heading.level) == name and current.level > heading.level)
            ):
                current.page_breaks.append(line.number)  # a running header: same section
                continue
            earlier = seen[name]
            if earlier.has_content:
                raise StructureError(
                    f"section {heading.key} appears more than once "
                    f"(lines {earlier.line} and {line.number})"
                )
            sections.remove(earlier)  # an empty first one: a table-of-contents line
        current = Section(heading.key, heading.title, [], heading.level, line.number)
        sections.append(current)
        seen[name] = current
        stack = {level: open_ for level, open_ in stack.items() if level < heading.level}
        stack[heading.level] = name
    for section in sections:
        _build_flow(section)
    targets = _targets(sections, list(corrections))
    for section in sections:
        _apply_all(section, [fix for fix, target in targets if target is section])
    return sections


def _targets(sections: list[Section], fixes: list[Correction]) -> list[tuple[Correction, Section]]:
    """Where each correction applies: the section it names, when its text stands there; else
    the one section whose text holds it (the section was renumbered in this edition)."""
    found = []
    for fix in fixes:
        holding = [
            s
            for s in sections
            if fix.original in s.raw_prose or any(fix.original in b.raw for b in s.bullets)
        ]
        named = [s for s in holding if s.key == fix.section]
        if named:
            found.append((fix, named[0]))
        elif len(holding) == 1:
            found.append((fix, holding[0]))
    return found


def _index_lines(lines: list[Line]) -> set[int]:
    """Line numbers of the table of contents: from its heading to the first line that is not
    an entry (a heading with a page number, the wrapped part of one, or a blank line)."""
    found: set[int] = set()
    inside = False
    for position, line in enumerate(lines):
        text = line.text.strip()
        heading = heading_of(line.text)
        if not inside:
            if heading and heading.page_ref:
                inside = True  # a table of contents without its own heading
            elif heading and fold(heading.key) in _INDEX_NAMES:
                inside = True
                found.add(line.number)
                continue
            else:
                continue
        if not text:
            found.add(line.number)
            continue
        if _PAGE_REF.search(line.text) or (heading and _SPACE_PAGE_REF.search(text)):
            found.add(line.number)
            continue
        following = next((n for n in lines[position + 1 :] if n.text.strip()), None)
        if (
            following is not None
            and _PAGE_REF.search(following.text)
            and heading_of(following.text) is None
        ):
            found.add(line.number)  # an entry wrapped onto the next line
            continue
        inside = False
    return found


def _build_flow(section: Section) -> None:
    flow = read_flow(section.lines)
    section.raw_prose = " ".join(" ".join(flow.prose).split())
    section.prose = section.raw_prose
    section.bullets = [Bullet(item.line, item.text, item.text) for item in flow.items]
    section.list_doubts = flow.doubts


def _apply_all(section: Section, fixes: list[Correction]) -> None:
    section.prose = _apply(section.raw_prose, fixes, section)
    section.bullets = [
        Bullet(b.line, _apply(b.raw, fixes, section), b.raw) for b in section.bullets
    ]


def _apply(text: str, fixes: list[Correction], section: Section) -> str:
    for fix in fixes:
        if fix.original in text:
            text = text.replace(fix.original, fix.corrected)
            if fix not in section.applied:
                section.applied.append(fix)
    return text
