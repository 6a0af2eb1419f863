"""`pattern` constraints on a column of strings, matched as frictionless matches them."""

from __future__ import annotations

import functools
import re
from re import _constants as sre  # type: ignore[attr-defined]  # re's own parser (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opendata import arrow_values as av

PRINTABLE = np.zeros(256, bool)
PRINTABLE[0x20:0x7F] = True
CATEGORIES = {  # what each class means in a printable-ASCII cell
    sre.CATEGORY_DIGIT: b"0123456789",
    sre.CATEGORY_WORD: bytes(range(48, 58)) + bytes(range(65, 91)) + b"_" + bytes(range(97, 123)),
    sre.CATEGORY_SPACE: b" ",
}
NOT_CATEGORIES = {
    sre.CATEGORY_NOT_DIGIT: sre.CATEGORY_DIGIT,
    sre.CATEGORY_NOT_WORD: sre.CATEGORY_WORD,
    sre.CATEGORY_NOT_SPACE: sre.CATEGORY_SPACE,
}


class Pattern:
    """A `pattern` constraint, matched as frictionless does: re.match('^{pattern}$', cell).

    The printable-ASCII cells are decided in bulk, where every engine agrees with Python's
    re (no newline before `$`, no Unicode digits, letters or spaces for `\\d`, `\\w`,
    `\\s`): byte by byte when the pattern is a fixed run of characters and classes (see
    `fixed_width`), else by RE2 (pyarrow) when it accepts the pattern. Other cells go to
    Python's re, once per distinct value.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        python = re.compile(f"^{pattern}$")
        self.matches = functools.lru_cache(maxsize=100_000)(
            lambda value: python.match(value) is not None
        )
        self.fixed = fixed_width(pattern)
        # Values matched one by one (RE2) are matched once each while they repeat enough;
        # a byte-by-byte match is cheaper than finding the distinct values.
        self.few_values = self.fixed is None  # until a batch shows otherwise
        self.re2: str | None = f"^(?:^{pattern}$)"
        # Read differently by the two engines: {,n} (Python: {0,n}) and [[:alpha:]] classes.
        if "{," in pattern or "[:" in pattern:
            self.re2 = None
        else:
            try:
                pc.match_substring_regex(av.array(["x"], pa.string()), self.re2)
            except pa.ArrowInvalid:
                self.re2 = None

    def broken(self, values: pa.Array) -> pa.BooleanArray:
        """Non-null values that do not match."""
        if self.few_values:  # match each distinct value once
            encoded = pc.dictionary_encode(values)
            words = encoded.dictionary
            self.few_values = len(words) * 10 < max(len(values), 1000)
            broken = pc.take(self._broken(words), encoded.indices)
            return broken.fill_null(av.FALSE) if broken.null_count else broken
        return self._broken(values)

    def _broken(self, values: pa.Array) -> pa.BooleanArray:
        matched = av.booleans(np.zeros(len(values), bool))
        slow = pc.is_valid(values)
        if self.fixed is not None or self.re2 is not None:
            easy = pc.ascii_is_printable(values).fill_null(av.FALSE)
            if self.fixed is not None:
                matched = av.booleans(_match_fixed(values, self.fixed))
            else:
                matched = pc.match_substring_regex(values, self.re2).fill_null(av.FALSE)
            matched = pc.and_(easy, matched)
            slow = pc.and_(slow, pc.invert(easy))
        if pc.any(slow).as_py():
            distinct = pc.unique(values.filter(slow)).to_pylist()
            good = av.array([v for v in distinct if self.matches(v)], pa.string())
            matched = pc.or_(matched, pc.and_(slow, pc.is_in(values, value_set=good)))
        return pc.and_(pc.is_valid(values), pc.invert(matched))


def fixed_width(pattern: str) -> list[np.ndarray] | None:
    """The printable-ASCII bytes each position of a match may hold, when the pattern is a
    fixed run of characters and classes (`[A-Z]{3}-[0-9]{7}`, `\\d{2}`); else None."""
    try:  # as frictionless wraps it: "a|b" is "^a" or "b$"; a "(?i)" is then an error
        parsed = sre_parse.parse(f"^{pattern}$")
    except re.error:
        return None
    items = list(parsed)
    anchors = [(sre.AT, sre.AT_BEGINNING), (sre.AT, sre.AT_END)]
    if parsed.state.flags & ~re.UNICODE or len(items) < 2 or [items[0], items[-1]] != anchors:
        return None  # flags, or not one run between the anchors
    positions: list[np.ndarray] = []
    for op, argument in items[1:-1]:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, repeated = argument
            if low != high or len(repeated) != 1:
                return None
            op, argument = repeated[0]
            count = low
        else:
            count = 1
        allowed = _one_character(op, argument)
        if allowed is None:
            return None
        positions.extend([allowed] * count)
    return positions


def _one_character(op: Any, argument: Any) -> np.ndarray | None:
    allowed: np.ndarray = np.zeros(256, bool)
    if op is sre.LITERAL or op is sre.NOT_LITERAL:
        if argument < 128:  # no other character is a byte of its own
            allowed[argument] = True
        return (~allowed if op is sre.NOT_LITERAL else allowed) & PRINTABLE
    if op is sre.ANY:
        return PRINTABLE.copy()
    if op is not sre.IN:
        return None
    negate = False
    for kind, value in argument:
        if kind is sre.NEGATE:
            negate = True
        elif kind is sre.LITERAL:
            if value < 128:
                allowed[value] = True
        elif kind is sre.RANGE:
            allowed[value[0] : min(value[1], 255) + 1] = True
        elif kind is sre.CATEGORY and value in CATEGORIES:
            allowed[list(CATEGORIES[value])] = True
        elif kind is sre.CATEGORY and value in NOT_CATEGORIES:
            allowed |= PRINTABLE
            allowed[list(CATEGORIES[NOT_CATEGORIES[value]])] = False
        else:
            return None
    return (~allowed if negate else allowed) & PRINTABLE


def _match_fixed(values: pa.Array, positions: list[np.ndarray]) -> np.ndarray:
    """Whether each string is as long as `positions` and each byte allowed where it is."""
    count, width = len(values), len(positions)
    offsets = np.frombuffer(values.buffers()[1], np.int32, count + 1, values.offset * 4)
    fits: np.ndarray = offsets[1:] - offsets[:-1] == width
    buffer = values.buffers()[2]
    data = np.frombuffer(buffer, np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    if fits.all():  # every string as long: a (count, width) matrix, as the bytes lie
        first = int(offsets[0])
        cells = data[first : first + count * width].reshape(count, width)
    else:
        cells = data[offsets[:-1][fits, None] + np.arange(width)]
    ok = np.ones(len(cells), bool)
    for position, allowed in enumerate(positions):
        ok &= allowed[cells[:, position]]
    if len(ok) == count:
        return ok
    fits[fits] = ok
    return fits
