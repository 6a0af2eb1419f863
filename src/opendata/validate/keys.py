"""Unique fields and primary keys over millions of rows, without a Python object per row.

Each row's key is one 64-bit number: the value itself for integers, years, dates, booleans and
year-months (exact), a hash for strings, numbers and composite keys. Keys stay in numpy
arrays (9 bytes a row; a batch of ids counting up by one, only its first and its count) and
are sorted once, at the end, unless exact keys increase all along; only the rows whose key
repeats are looked at again. When keys are hashes, those rows are re-read and compared by
their exact values (frictionless's reading), so a collision never makes an error.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opendata import arrow_values as av

NULL_KEY = np.uint64(0x9E3779B97F4A7C15)  # a missing part of a composite key
MULTIPLIER = np.uint64(0x100000001B3)
ZERO, ZERO_FLOAT = av.integer(0), av.scalar(0.0, pa.float64())
BLOCK_KEYS = 1 << 20  # keys a block holds (8 MiB)
SORTED_KEYS = 1 << 21  # keys sorted at once, about, at most: more are sorted slice by slice


def _mix(keys: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole key."""
    keys = (keys ^ (keys >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    keys = (keys ^ (keys >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = keys ^ (keys >> np.uint64(31))
    return mixed


def hash_strings(strings: pa.Array) -> np.ndarray:
    """A 64-bit hash of each string's UTF-8 bytes (nulls hash as ""), 8 bytes at a time: the
    length, then each little-endian word of the string (the last one zero-padded) mixed in.

    A string's hash depends on it alone, never on the other strings of its batch: a key
    repeated in another batch is a repeated key.
    """
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
    words = (width + 7) // 8
    if lengths.min() == width:  # every string as long: rows of 8-byte words
        cells = np.zeros((count, words * 8), np.uint8)
        cells[:, :width] = data[offsets[0] : offsets[0] + count * width].reshape(count, width)
        for word in cells.view("<u8").T:
            keys = _mix(keys * MULTIPLIER + word)
        return _mix(keys)
    for index in range(words):
        word = np.zeros(count, np.uint64)
        for byte in range(8):
            column = index * 8 + byte
            longer = lengths > column
            value = data[np.where(longer, offsets[:-1] + column, offsets[0])].astype(np.uint64)
            word |= np.where(longer, value, 0).astype(np.uint64) << np.uint64(8 * byte)
        keys = np.where(lengths > index * 8, _mix(keys * MULTIPLIER + word), keys)
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


def _increasing(chunks: list[tuple[Keys, np.ndarray | None]]) -> bool:
    """Whether exact keys (int64 values) strictly increase from row to row."""
    last = None
    for keys, present in chunks:
        if isinstance(keys, Run):
            first, final = keys.first, keys.first + keys.count - 1
        else:
            values = (keys if present is None else keys[present]).view(np.int64)
            if not len(values):
                continue
            if (values[1:] <= values[:-1]).any():
                return False
            first, final = int(values[0]), int(values[-1])
        if last is not None and first <= last:
            return False
        last = final
    return True


@dataclass(frozen=True)
class Run:
    """The exact keys of a batch that count up by one (ids 1, 2, 3...): no array needed."""

    first: int
    count: int

    def array(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.count, dtype=np.int64).view(np.uint64)


Keys = np.ndarray | Run


def _run(keys: np.ndarray, present: np.ndarray) -> Run | None:
    """The batch's keys as a Run, if they are one."""
    if not len(keys) or not present.all():
        return None
    values = keys.view(np.int64)
    first = int(values[0])
    if int(values[-1]) - first != len(values) - 1 or (np.diff(values) != 1).any():
        return None
    return Run(first, len(values))


@dataclass
class KeyIndex:
    """The keys of one unique field, or of the primary key, row after row."""

    kind: str  # "unique-error" or "primary-key"
    fields: list[int]  # positions in the schema
    exact: bool = True
    # In row order: Runs, and blocks of up to BLOCK_KEYS keys (a few large arrays rather than
    # one a batch, which the allocator would scatter among the batches' temporaries).
    _keys: list[Keys] = field(default_factory=list)
    _present: list[np.ndarray | None] = field(default_factory=list)  # None: every row
    _block: np.ndarray | None = None  # the block being filled, and its rows with a key
    _block_present: np.ndarray | None = None
    _filled: int = 0

    def add(self, keys: np.ndarray, present: np.ndarray, exact: bool) -> None:
        self.exact = self.exact and exact
        run = _run(keys, present) if exact else None
        if run is not None:
            self._close_block()
            self._keys.append(run)
            self._present.append(None)
            return
        start = 0
        while start < len(keys):
            if self._block is None:
                self._block, self._filled = np.empty(BLOCK_KEYS, np.uint64), 0
            take = min(len(keys) - start, BLOCK_KEYS - self._filled)
            end = self._filled + take
            self._block[self._filled : end] = keys[start : start + take]
            part = present[start : start + take]
            if self._block_present is None and not part.all():
                self._block_present = np.ones(BLOCK_KEYS, bool)
            if self._block_present is not None:
                self._block_present[self._filled : end] = part
            self._filled, start = end, start + take
            if self._filled == BLOCK_KEYS:
                self._close_block()

    def _close_block(self) -> None:
        if self._block is not None and self._filled:
            whole = self._filled == BLOCK_KEYS
            self._keys.append(self._block if whole else self._block[: self._filled].copy())
            present = self._block_present
            self._present.append(
                None if present is None else present if whole else present[: self._filled].copy()
            )
        self._block, self._block_present, self._filled = None, None, 0

    def repeated(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows (0-based, in order) whose key another row shares, and their keys.

        Called once: the keys are dropped. Memory grows by one slice of the keys (their range
        cut into slices of about SORTED_KEYS keys, each sorted in turn), and a byte a key.
        """
        self._close_block()
        parts = list(zip(self._keys, self._present, strict=True))
        self._keys, self._present = [], []
        none = np.zeros(0, np.int64), np.zeros(0, np.uint64)
        if not parts or (self.exact and _increasing(parts)):
            return none  # ids in increasing order, say: nothing to sort
        shared = _shared(parts, self.exact)
        if not len(shared):
            return none
        rows, keys_of_rows, start = [], [], 0
        for keys, present in _arrays(parts):
            slot = np.minimum(np.searchsorted(shared, keys), len(shared) - 1)
            hit = shared[slot] == keys
            hit = np.flatnonzero(hit if present is None else hit & present)
            rows.append(hit + start)
            keys_of_rows.append(keys[hit])
            start += len(keys)
        return np.concatenate(rows), np.concatenate(keys_of_rows)


def _arrays(parts: list[tuple[Keys, np.ndarray | None]]) -> Iterator[tuple[np.ndarray, Any]]:
    for keys, present in parts:
        yield (keys.array() if isinstance(keys, Run) else keys), present


def _shared(parts: list[tuple[Keys, np.ndarray | None]], exact: bool) -> np.ndarray:
    """The keys (sorted, each once) that more than one row has."""
    total = sum(k.count if isinstance(k, Run) else len(k) for k, _ in parts)
    slices = 1 << min(8, max(0, math.ceil(math.log2(max(total, 1) / SORTED_KEYS))))
    if slices == 1:
        ordered = np.concatenate([k if p is None else k[p] for k, p in _arrays(parts)])
        # Exact keys are often ids in order already: timsort ("stable") finds the runs.
        return _repeating(ordered, "stable" if exact else "quicksort")
    # Each key's slice: the top bits of its mixed value, so that slices are alike in size.
    shift = np.uint64(64 - int(math.log2(slices)))
    which = [(_mix(k) >> shift).astype(np.uint8) for k, _ in _arrays(parts)]
    found = []
    for piece in range(slices):
        ordered = np.concatenate(
            [
                k[w == piece if p is None else (w == piece) & p]
                for (k, p), w in zip(_arrays(parts), which, strict=True)
            ]
        )
        found.append(_repeating(ordered, "quicksort"))
    shared = np.concatenate(found)
    shared.sort()
    return shared


def _repeating(keys: np.ndarray, kind: Any) -> np.ndarray:
    """The keys that occur more than once, sorted, each once (sorts `keys` in place)."""
    keys.sort(kind=kind)
    shared: np.ndarray = keys[1:][keys[1:] == keys[:-1]]  # sorted, as `keys` is
    if len(shared) > 1:  # each key once (np.unique would import numpy.ma: 15 ms)
        shared = shared[np.concatenate(([True], shared[1:] != shared[:-1]))]
    return shared
