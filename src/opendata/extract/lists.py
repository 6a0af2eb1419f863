"""Read a section's lines as prose and list items, and keep every doubt about the items.

A figure counted from a list is only as certain as the reading of its items, so the reader
notes each line whose part in the list is unclear: an item in another style than its list's
(another bullet glyph, a numbered item among bullets, a gap in the numbering), a line with no
bullet next to the list, a line glued to an item that does not read as its wrapped end, two
items on one line, an item listed twice. The prose and items are read as before; the doubts
are for whoever counts the items (`Extraction.items`) to refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opendata.extract.furniture import BULLET, BULLET_GLYPHS, Line
from opendata.extract.spanish import fold

__all__ = ["Flow", "Item", "item_doubts", "page_width", "read_flow", "wraps"]

# A numbered item ("1.", "2)", "a)") is a list item only where a list can start or go on.
NUMBERED = re.compile(r"^(?P<index>\d{1,2}(?=[.)])|[a-z](?=\)))(?P<close>[.)])\s+")
# A lone mark before the text that is not a bullet the reader knows.
_UNKNOWN_MARK = re.compile(r"^[^\w\s\"'«“‘¿¡(\[$%#]\s+")
# Marks that only ever stand as bullets: one inside an item's text starts another item.
_STRONG_GLYPHS = "".join(glyph for glyph in BULLET_GLYPHS if glyph not in "-–—*·")
_INLINE_STRONG = re.compile(rf"\s[{re.escape(_STRONG_GLYPHS)}]\s")
_SENTENCE_END = re.compile(r"[.!?:;]$")
# Words a wrapped line can end on only in the middle of a phrase.
_OPEN_WORDS_TEXT = (
    "a al ante bajo como con contra de del desde e el en entre hacia hasta la las lo los "
    "mediante o para por que segun sin sobre su sus tras u un una unos unas y"
)
_OPEN_WORDS = frozenset(_OPEN_WORDS_TEXT.split())
_WRAPPED_WIDTH = 200  # lines longer than this are whole paragraphs, not lines of a page
_FULL_LINE = 0.7  # of the widest line: a line this long was cut by the page's margin


@dataclass
class Item:
    line: int
    style: str  # the bullet glyph, or "1." / "1)" / "a)" for numbered items
    index: str  # the number or letter of a numbered item
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@dataclass
class Flow:
    prose: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def read_flow(lines: list[Line]) -> Flow:
    """The section's prose lines and list items, with what makes the list uncertain."""
    reader = _Reader(lines, page_width(lines))
    for position, line in enumerate(lines):
        reader.read(position, line)
    flow = reader.flow
    flow.doubts.extend(item_doubts(reader.lists))
    return flow


def page_width(lines: list[Line]) -> int | None:
    """The width of the page's lines when the text is wrapped at a margin, else None."""
    widest = max((len(line.text) for line in lines), default=0)
    return widest if 0 < widest <= _WRAPPED_WIDTH else None


class _Reader:
    def __init__(self, lines: list[Line], width: int | None) -> None:
        self.lines = lines
        self.width = width
        self.flow = Flow()
        self.lists: list[list[Item]] = []
        self.in_list = False  # the last text read was an item or its wrapped end
        self.gap = False  # a blank line since then
        self.previous = ""  # the previous line, blank or not
        self.block: list[Line] = []  # the run of prose lines read last, with no blank inside

    def read(self, position: int, line: Line) -> None:
        text = line.text
        if not text:
            self.gap = self.gap or self.in_list
            self.previous = text
            return
        marker = BULLET.match(text) or (
            NUMBERED.match(text)
            if self.in_list or not self.previous or self.previous.endswith(":")
            else None
        )
        if marker:
            self._item(line, marker)
        elif self.in_list and not self.gap:
            self._glued(line)
        else:
            self._prose(position, line)
        self.previous = text

    def _item(self, line: Line, marker: re.Match[str]) -> None:
        style, index = _style(marker)
        rest = line.text[marker.end() :]
        if not self.in_list:
            before = self.block
            if before and not before[-1].text.endswith(":") and not self._paragraph(before):
                self._doubt(
                    before[0].number, "stands before the list with no bullet", before[0].text
                )
            self.lists.append([])
        item = Item(line.number, style, index, [rest])
        self.lists[-1].append(item)
        self.flow.items.append(item)
        self.in_list, self.gap, self.block = True, False, []

    def _glued(self, line: Line) -> None:
        item = self.flow.items[-1]
        if not wraps(self.previous, line.text, self.width):
            self._doubt(line.number, "follows a list item but does not read as its end", line.text)
        item.parts.append(line.text)  # a list item wrapped onto the next line

    def _prose(self, position: int, line: Line) -> None:
        if self.in_list and (
            not self._paragraph(self._block_from(position)) or self._shaped_as_item(line.text)
        ):
            self._doubt(line.number, "follows the list with no bullet", line.text)
        unknown = _UNKNOWN_MARK.match(line.text)
        if unknown and (self.in_list or self.previous.endswith(":") or not self.previous):
            mark = unknown[0].strip()
            self._doubt(line.number, f"starts with a mark {mark!r} that is no bullet", line.text)
        if self.in_list or not self.previous:
            self.block = []
        self.block.append(line)
        self.flow.prose.append(line.text)
        self.in_list = False

    def _shaped_as_item(self, text: str) -> bool:
        """Whether the line starts as the list's items do: a date as the jornadas' do."""
        return _first_token(text) in {_first_token(item.text) for item in self.lists[-1]}

    def _block_from(self, position: int) -> list[Line]:
        """The prose lines from `position` to the next blank line or list item."""
        block = []
        for line in self.lines[position:]:
            if not line.text or BULLET.match(line.text):
                break
            block.append(line)
        return block

    def _paragraph(self, block: list[Line]) -> bool:
        """Whether these lines read as a paragraph rather than as items that lost their bullet:
        one paragraph-like line, or a paragraph wrapped at the page's margin."""
        texts = [line.text for line in block]
        if all(not _item_like(text) for text in texts):
            return True
        return len(texts) > 1 and all(self._full(text) for text in texts[:-1])

    def _full(self, text: str) -> bool:
        return self.width is not None and len(text) >= _FULL_LINE * self.width

    def _doubt(self, number: int, what: str, text: str) -> None:
        self.flow.doubts.append(f"line {number} {what}: {_short(text)!r}")


def _style(marker: re.Match[str]) -> tuple[str, str]:
    if marker.re is NUMBERED:
        index = marker["index"]
        return ("1" if index.isdigit() else "a") + marker["close"], index
    return marker[0].strip(), ""


def _item_like(text: str) -> bool:
    """A line that could be an item that lost its bullet rather than a paragraph."""
    if len(text) > 120:
        return False
    return not (_SENTENCE_END.search(text) and len(text.split()) >= 5)


def wraps(head: str, tail: str, width: int | None) -> bool:
    """Whether `tail`, right below `head` with no blank line, is the rest of head's item."""
    first = tail[0]
    if first.islower() or first in ",;:)]»”":
        return True
    last_word = fold(head.split()[-1]) if head.split() else ""
    if head.endswith((",", "-", "(")) or last_word in _OPEN_WORDS:
        return True
    full = width is not None and len(head) >= _FULL_LINE * width
    return full and not _SENTENCE_END.search(head)


def item_doubts(lists: list[list[Item]], repeats: bool = True) -> list[str]:
    """What makes these lists' items uncertain: an item in another style than its list's, a gap
    in the numbering, two items on one line and (with `repeats`) an item listed twice."""
    doubts: list[str] = []
    seen: dict[str, Item] = {}
    for items in lists:
        doubts.extend(_style_doubts(items))
        doubts.extend(_numbering_doubts(items))
        starts = {_first_token(item.text) for item in items}
        for item in items:
            doubts.extend(_inline_doubts(item, starts))
            key = fold(item.text).rstrip(" .;,")
            if repeats and key in seen:
                doubts.append(
                    f"line {item.line} repeats the item of line {seen[key].line}: "
                    f"{_short(item.text)!r}"
                )
            seen.setdefault(key, item)
    return doubts


def _style_doubts(items: list[Item]) -> list[str]:
    for item in items[1:]:
        if item.style != items[0].style:
            return [
                f"line {item.line} is marked {item.style!r} in a list marked "
                f"{items[0].style!r}: {_short(item.text)!r}"
            ]
    return []


def _numbering_doubts(items: list[Item]) -> list[str]:
    indexes = [item.index for item in items if item.index]
    if not indexes or len(indexes) != len(items):
        return []
    values = [int(i) if i.isdigit() else ord(i) for i in indexes]
    for item, value, following in zip(items[1:], values, values[1:], strict=False):
        if following != value + 1:
            return [f"line {item.line} breaks the numbering of its list: {_short(item.text)!r}"]
    return []


def _inline_doubts(item: Item, starts: set[str]) -> list[str]:
    """Two items on one line: a bullet inside the text that starts what another item would."""
    text = item.text
    found = _INLINE_STRONG.search(text)
    if found is None and item.index:
        following = str(int(item.index) + 1) if item.index.isdigit() else chr(ord(item.index) + 1)
        found = re.search(rf"\s{re.escape(following)}[.)]\s", text)
    if found is None and not item.index:
        for match in re.finditer(rf"\s{re.escape(item.style)}\s+(?=\S)", text):
            before, after = text[: match.start()], text[match.end() :]
            if _SENTENCE_END.search(before) or _first_token(after) in starts:
                found = match
                break
    if found is None:
        return []
    return [f"line {item.line} holds two items: {_short(text)!r}"]


def _first_token(text: str) -> str:
    words = fold(text).split()
    if not words:
        return ""
    return "<n>" if words[0][0].isdigit() else words[0]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
