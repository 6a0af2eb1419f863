"""`pattern` constraints on a column of strings, matched as frictionless matches them."""

from __future__ import annotations

import functools
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opendata import arrow_values as av

PRINTABLE = np.zeros(256, bool)
PRINTABLE[0x20:0x7F] = True
_CLASSES = {  # what each class escape allows in a printable-ASCII cell
    "d": b"0123456789",
    "w": bytes(range(48, 58)) + bytes(range(65, 91)) + b"_" + bytes(range(97, 123)),
    "s": b" ",
}
_SPECIAL = set("()|*+?^${}")


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
    fixed run of characters and classes (`[A-Z]{3}-[0-9]{7}`, `\\d{2}`); else None.

    A small reader of that one shape of pattern (characters, `.`, `\\d \\w \\s` and their
    negations, `[...]` classes with ranges, `{n}` repeats); anything else (alternation,
    groups, flags, other repeats, other escapes) is None and goes to a regular expression
    engine. Tested against Python's re (tests/test_large_tables.py).
    """
    positions: list[np.ndarray] = []
    index = 0
    repeated = True  # nothing to repeat yet, as after a repeat ("a{2}{2}" is an error)
    while index < len(pattern):
        char = pattern[index]
        if char == "{":
            end = pattern.find("}", index)
            count = _repeat(pattern[index + 1 : end]) if end > 0 and not repeated else None
            if count is None:
                return None
            repeated = True
            positions.extend([positions[-1]] * (count - 1))
            if count == 0:
                positions.pop()
            index = end + 1
            continue
        if char in _SPECIAL:
            return None
        if char == "\\":
            allowed = _escape(pattern[index + 1 : index + 2])
            index += 2
        elif char == "[":
            end, allowed = _class(pattern, index + 1)
            index = end
        elif char == ".":
            allowed = PRINTABLE.copy()
            index += 1
        else:
            allowed = _literal(char)
            index += 1
        if allowed is None:
            return None
        positions.append(allowed)
        repeated = False
    return positions


def _repeat(text: str) -> int | None:
    """`n` or `n,n` of a `{…}` repeat; any other repeat is None."""
    low, comma, high = text.partition(",")
    if not low.isdigit() or (comma and high != low):
        return None
    return int(low)


def _literal(char: str) -> np.ndarray:
    allowed = np.zeros(256, bool)
    if ord(char) < 128:  # no other character is a byte of its own
        allowed[ord(char)] = True
    return allowed & PRINTABLE


def _escape(letter: str) -> np.ndarray | None:
    """`\\d`, `\\D`, `\\w`, `\\W`, `\\s`, `\\S`, or an escaped punctuation character."""
    if letter.lower() in _CLASSES:
        allowed = np.zeros(256, bool)
        allowed[list(_CLASSES[letter.lower()])] = True
        return (~allowed & PRINTABLE) if letter.isupper() else allowed
    if letter and letter.isascii() and not letter.isalnum() and letter.isprintable():
        return _literal(letter)
    return None  # \b, \A, \n, a backreference...: not a fixed character


def _class(pattern: str, start: int) -> tuple[int, np.ndarray | None]:
    """The `[...]` class starting after `[`: (index after `]`, allowed bytes or None)."""
    allowed = np.zeros(256, bool)
    index, negate = start, False
    if pattern[index : index + 1] == "^":
        negate, index = True, index + 1
    first = index
    while index < len(pattern) and (pattern[index] != "]" or index == first):
        char = pattern[index]
        if char == "]" or char == "[":
            return index, None  # "[]...]", "[[:alpha:]]": read otherwise by each engine
        if char == "\\":
            part = _escape(pattern[index + 1 : index + 2])
            if part is None:
                return index, None
            allowed |= part
            index += 2
            continue
        high = pattern[index + 2 : index + 3]
        if pattern[index + 1 : index + 2] == "-" and high not in ("", "]"):
            if high == "\\" or ord(high) < ord(char):
                return index, None
            allowed[ord(char) : min(ord(high), 255) + 1] = True
            index += 3
            continue
        if ord(char) < 128:
            allowed[ord(char)] = True
        index += 1
    if index >= len(pattern):
        return index, None  # no closing bracket
    return index + 1, (~allowed if negate else allowed) & PRINTABLE


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
