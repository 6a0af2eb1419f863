"""Unique fields and primary keys over millions of rows, without a Python object per row.

Each row's key is one 64-bit number: the value itself for integers, years, dates, booleans and
year-months (exact), a hash for strings, numbers and composite keys. Keys stay in numpy
arrays (9 bytes a row) and are sorted once, at the end; only the rows whose key repeats are
looked at again. When keys are hashes, those rows are re-read and compared by their exact
values (frictionless's reading), so a collision never makes an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opendata import arrow_values as av

NULL_KEY = np.uint64(0x9E3779B97F4A7C15)  # a missing part of a composite key
MULTIPLIER = np.uint64(0x100000001B3)
ZERO, ZERO_FLOAT = av.integer(0), av.scalar(0.0, pa.float64())


def _mix(keys: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole key."""
    keys = (keys ^ (keys >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    keys = (keys ^ (keys >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = keys ^ (keys >> np.uint64(31))
    return mixed


def hash_strings(strings: pa.Array) -> np.ndarray:
    """A 64-bit hash of each string's UTF-8 bytes (nulls hash as ""), a byte column at a time."""
    strings = strings.fill_null(av.EMPTY)
    count = len(strings)
    offsets = np.frombuffer(strings.buffers()[1], np.int32, count + 1, strings.offset * 4)
    offsets = offsets.astype(np.int64)
    lengths = np.diff(offsets)
    keys = lengths.astype(np.uint64)
    width = int(lengths.max()) if count else 0
    if not width:
        return _mix(keys)
    data = np.frombuffer(strings.buffers()[2], np.uint8)
    if lengths.min() == width:  # every string as long: rows of 8-byte words
        words = np.zeros((count, (width + 7) // 8 * 8), np.uint8)
        words[:, :width] = data[offsets[0] : offsets[0] + count * width].reshape(count, width)
        for word in words.view(np.uint64).T:
            keys = _mix(keys * MULTIPLIER + word)
    else:
        for column in range(width):
            longer = lengths > column
            byte = data[np.where(longer, offsets[:-1] + column, offsets[0])]
            keys = np.where(longer, keys * MULTIPLIER + byte, keys)
    return _mix(keys)


def column_keys(values: pa.Array) -> tuple[np.ndarray, np.ndarray, bool]:
    """(keys, present, exact): each value's key, whether it has one, whether keys are values.

    A null has no key; neither has NaN, which frictionless never finds equal to anything.
    """
    present = av.to_numpy(values.is_valid())
    kind = values.type
    if pa.types.is_string(kind):
        return hash_strings(values), present, False
    if pa.types.is_floating(kind):
        numbers = av.numbers(values.fill_null(ZERO_FLOAT), np.float64) + 0.0  # -0.0 is 0
        present &= ~np.isnan(numbers)
        return _mix(numbers.view(np.uint64)), present, False
    if pa.types.is_date(kind):
        values = pc.cast(values, pa.int32())
    elif pa.types.is_boolean(kind):
        values = pc.cast(values, pa.int8())
    numbers = av.numbers(pc.cast(values, pa.int64()).fill_null(ZERO), np.int64)
    return numbers.view(np.uint64), present, True


def combine(parts: list[tuple[np.ndarray, np.ndarray, bool]]) -> tuple[np.ndarray, bool]:
    """One key for a composite key (a missing part is a value of its own); exact if one part."""
    if len(parts) == 1:
        keys, present, exact = parts[0]
        return np.where(present, keys, NULL_KEY), exact
    combined = np.zeros(len(parts[0][0]), np.uint64)
    for keys, present, _ in parts:
        combined = _mix(combined * MULTIPLIER + np.where(present, keys, NULL_KEY))
    return combined, False


def _increasing(chunks: list[tuple[np.ndarray, np.ndarray | None]]) -> bool:
    """Whether exact keys (int64 values) strictly increase from row to row."""
    last = None
    for keys, present in chunks:
        values = (keys if present is None else keys[present]).view(np.int64)
        if not len(values):
            continue
        if (last is not None and values[0] <= last) or (values[1:] <= values[:-1]).any():
            return False
        last = values[-1]
    return True


@dataclass
class KeyIndex:
    """The keys of one unique field, or of the primary key, row after row."""

    kind: str  # "unique-error" or "primary-key"
    fields: list[int]  # positions in the schema
    exact: bool = True
    _keys: list[np.ndarray] = field(default_factory=list)
    _present: list[np.ndarray | None] = field(default_factory=list)  # None: every row

    def add(self, keys: np.ndarray, present: np.ndarray, exact: bool) -> None:
        self._keys.append(keys)
        self._present.append(None if present.all() else present)
        self.exact = self.exact and exact

    def repeated(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows (0-based, in order) whose key another row shares, and their keys.

        Called once: the keys are dropped. Memory at most doubles, for one sorted copy.
        """
        chunks = list(zip(self._keys, self._present, strict=True))
        self._keys, self._present = [], []
        none = np.zeros(0, np.int64), np.zeros(0, np.uint64)
        if not chunks or (self.exact and _increasing(chunks)):
            return none  # ids in increasing order, say: nothing to sort
        ordered = np.concatenate([keys if p is None else keys[p] for keys, p in chunks])
        # Exact keys are often ids in order already: timsort ("stable") finds the runs.
        ordered.sort(kind="stable" if self.exact else "quicksort")
        shared = ordered[1:][ordered[1:] == ordered[:-1]]  # sorted, as `ordered` is
        if len(shared) > 1:  # each key once (np.unique would import numpy.ma: 15 ms)
            shared = shared[np.concatenate(([True], shared[1:] != shared[:-1]))]
        del ordered
        if not len(shared):
            return none
        rows, keys_of_rows, start = [], [], 0
        for keys, present in chunks:
            slot = np.minimum(np.searchsorted(shared, keys), len(shared) - 1)
            hit = shared[slot] == keys
            hit = np.flatnonzero(hit if present is None else hit & present)
            rows.append(hit + start)
            keys_of_rows.append(keys[hit])
            start += len(keys)
        return np.concatenate(rows), np.concatenate(keys_of_rows)
