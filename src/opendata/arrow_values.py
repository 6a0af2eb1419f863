"""Arrow arrays and scalars from Python values, built from buffers.

`pa.array()`, `pa.scalar()` and any Python value handed to a pyarrow.compute function import
pandas on first use, to check whether the value is a pandas object: 0.4 s, a third of the time
`opendata run` takes over a million-row table. The large-table path never needs pandas, so it
builds its few constants here and passes only Arrow values to pyarrow.compute (a test checks
that pandas stays out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

EPOCH = dt.date(1970, 1, 1)
NUMPY_TYPES = {pa.int64(): np.int64, pa.int32(): np.int32, pa.float64(): np.float64}


def array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """`values` (None for null) as an array of `kind`: string, bool, date32, int or float64."""
    count = len(values)
    valid = np.array([v is not None for v in values], bool)
    bitmap = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    if pa.types.is_string(kind):
        encoded = [("" if v is None else str(v)).encode("utf-8") for v in values]
        offsets = np.zeros(count + 1, np.int32)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        data = pa.py_buffer(b"".join(encoded))
        return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), data, bitmap)
    if pa.types.is_boolean(kind):
        data = np.packbits(np.array([bool(v) for v in values], bool), bitorder="little")
    elif pa.types.is_date32(kind):
        data = np.array([0 if v is None else (v - EPOCH).days for v in values], np.int32)
    else:
        data = np.array([0 if v is None else v for v in values], NUMPY_TYPES[kind])
    return pa.Array.from_buffers(kind, count, [bitmap, pa.py_buffer(data)])


def scalar(value: Any, kind: pa.DataType) -> pa.Scalar:
    return array([value], kind)[0]


def indices(positions: np.ndarray) -> pa.Array:
    """Row positions (numpy) as an Arrow int64 array, for `take`."""
    positions = np.ascontiguousarray(positions, np.int64)
    return pa.Array.from_buffers(pa.int64(), len(positions), [None, pa.py_buffer(positions)])


def booleans(mask: np.ndarray) -> pa.BooleanArray:
    bits = np.packbits(np.asarray(mask, bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(bits)])


NULL_STRING = pa.nulls(1, pa.string())[0]
NULL_BOOL = pa.nulls(1, pa.bool_())[0]
NULL_DATE = pa.nulls(1, pa.date32())[0]
TRUE = scalar(True, pa.bool_())
FALSE = scalar(False, pa.bool_())
EMPTY = scalar("", pa.string())


def integer(value: int) -> pa.Scalar:
    return scalar(value, pa.int64())


def to_numpy(mask: pa.BooleanArray) -> np.ndarray:
    """A boolean array as numpy bools, nulls as False (BooleanArray.to_numpy imports pandas)."""
    count, offset = len(mask), mask.offset
    validity, data = mask.buffers()[:2]
    if data is None:
        return np.zeros(count, bool)
    bits = _bits(data, offset, count)
    if mask.null_count and validity is not None:
        bits &= _bits(validity, offset, count)
    return bits


def _bits(buffer: pa.Buffer, offset: int, count: int) -> np.ndarray:
    packed = np.frombuffer(buffer, np.uint8, (offset + count + 7) // 8)
    unpacked = np.unpackbits(packed, count=offset + count, bitorder="little")
    return unpacked[offset:].view(bool)


def numbers(values: pa.Array, dtype: type) -> np.ndarray:
    """The data of a fixed-width array without nulls, as numpy (a view, no copy)."""
    item = np.dtype(dtype).itemsize
    return np.frombuffer(values.buffers()[1], dtype, len(values), values.offset * item)
