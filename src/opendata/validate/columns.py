"""Read one column of CSV strings against its Table Schema field, vectorised.

frictionless-py is the reference for meaning: a cell equal to one of the missing values is
null; any other cell must parse as the field's type (else a type error), then meet each
constraint (else one constraint error per constraint broken). The fast path reads, with
pyarrow.compute, only the cells whose meaning it knows exactly: `-?[0-9]{1,18}` for an
integer, a plain decimal of at most 15 digits for a number, `YYYY-MM-DD` checked against
the calendar for a date... Every other non-missing cell (`+5`, ` 12`, `1_000`, `2023-5-1`,
`NaN`, most type errors) is read by frictionless's own cell reader, one by one: few cells, so
few calls, and the same answer by construction. Imported only when validation runs.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from opendata import arrow_values as av
from opendata.errors import InputError
from opendata.validate.patterns import Pattern

INT64 = (-(2**63), 2**63 - 1)
# The cells each type reads on the fast path: what Python's int(), Decimal() and strptime()
# read with the same value. A number has at most 15 digits and no exponent: float64 then
# compares with its bounds, enum values and other cells exactly as its Decimal would.
FAST = {
    "integer": r"^-?[0-9]{1,18}$",
    "number": r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "year": r"^[0-9]{4}$",
    "yearmonth": r"^[0-9]{4}-(?:0[1-9]|1[0-2])$",
}
SHAPES = {  # characters and lengths of FAST's cells, checked without a regex
    "integer": ("0123456789-", 1, 19),
    "number": ("0123456789.+-", 1, 15),
    "date": ("0123456789-", 10, 10),
    "year": ("0123456789", 4, 4),
    "yearmonth": ("0123456789-", 7, 7),
}
CONSTRAINTS = {  # frictionless's order of checks, type by type
    "string": ("minLength", "maxLength", "pattern", "enum"),
    "boolean": ("enum",),
}
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
COMPARE = {
    "minimum": pc.less,
    "maximum": pc.greater,
    "exclusiveMinimum": pc.less_equal,
    "exclusiveMaximum": pc.greater_equal,
}
DAYS_IN_MONTH = av.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int64())
ZERO, ONE, TWO, TWELVE = (av.integer(n) for n in (0, 1, 2, 12))
DAY_ONE = av.scalar(dt.date(1, 1, 1), pa.date32())
VALUE_TYPES = {  # yearmonth compares as year * 12 + month
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "year": pa.int64(),
    "yearmonth": pa.int64(),
}


@dataclass
class CellErrors:
    """Cells of a batch with the same error: their indices, the error type and note."""

    indices: np.ndarray
    type: str  # "type-error" or "constraint-error"
    constraint: str  # which constraint ("" for a type error)
    note: str


@dataclass
class ColumnResult:
    missing: pa.BooleanArray  # the cell is a missing value (null)
    values: pa.Array  # typed values to compare and key on (null when missing or invalid)
    export: pa.Array  # what Parquet stores (differs from `values` for yearmonth only)
    errors: list[CellErrors] = field(default_factory=list)
    # Valid integers too large for int64, by row: null in `values`, keyed apart, not exported.
    oversized: dict[int, int] = field(default_factory=dict)

    def add(self, cells: pa.BooleanArray | None, kind: str, constraint: str, note: str) -> None:
        if cells is not None and pc.any(cells).as_py():
            self.errors.append(CellErrors(_indices(cells), kind, constraint, note))


def missing_values(field: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    entries = field.get("missingValues", schema.get("missingValues", [""]))
    return [e["value"] if isinstance(e, dict) else e for e in entries]


class ColumnCheck:
    """One field of a Table Schema, ready to read batch after batch."""

    def __init__(self, field: dict[str, Any], schema: dict[str, Any], where: str) -> None:
        self.name: str = field["name"]
        self.type: str = field.get("type", "string")
        self.format: str = field.get("format", "default")
        self.where = where
        self.constraints: dict[str, Any] = field.get("constraints", {})
        self.required = bool(self.constraints.get("required"))
        self.missing = [av.scalar(v, pa.string()) for v in missing_values(field, schema)]
        self.value_type = VALUE_TYPES[self.type]
        self._descriptors = (field, schema)
        self._reader: Any = None
        self.type_note = f'type is "{self.type}/{self.format}"'
        self.fast = self._fast_path_known(field)
        true = [str(v) for v in field.get("trueValues", ["true", "True", "TRUE", "1"])]
        false = [str(v) for v in field.get("falseValues", ["false", "False", "FALSE", "0"])]
        self.true = [v for v in true if v not in false]
        self.false = false
        # A boolean cell's value: its position among these words, then that word's truth.
        self.words = av.array([*self.true, *false], pa.string())
        self.truth = av.array([True] * len(self.true) + [False] * len(false), pa.bool_())
        # Cells off the fast path get every check from frictionless's reader.
        self.checks = self._constraint_checks() if self.fast else []

    # Setting up

    def _fast_path_known(self, field: dict[str, Any]) -> bool:
        """Whether the vectorised path knows this field's reading exactly."""
        if self.format != "default" and self.type in ("string", "date"):
            return False
        number_options = ("bareNumber", "groupChar", "decimalChar", "floatNumber")
        return not any(key in field for key in number_options)

    def _constraint_checks(self) -> list[tuple[str, Any]]:
        names = CONSTRAINTS.get(self.type, (*BOUNDS, "enum"))
        checks = []
        for name in names:
            if self.constraints.get(name) is None:
                continue
            constraint = self.constraints[name]
            if name in BOUNDS:
                bound = self._comparable(self.read_value(constraint))
                if bound is None:
                    raise InputError(
                        f"{self.where}: field {self.name!r}: constraint {name} {constraint!r} "
                        f"is not a valid {self.type}"
                    )
                if bound is _INEXACT:
                    self.fast = False
                    continue
                checks.append((name, av.scalar(bound, self.value_type)))
            elif name == "enum":
                comparable = [self._comparable(self.read_value(v)) for v in constraint]
                allowed = [v for v in comparable if v is not None and v is not _INEXACT]
                checks.append((name, av.array(allowed, self.value_type)))
            elif name == "pattern":
                checks.append((name, Pattern(str(constraint))))
            else:
                checks.append((name, av.integer(int(constraint))))
        return checks

    def read_value(self, value: Any) -> Any:
        """A constraint's value as frictionless reads it (its field's value reader)."""
        return read_value(self.type, value, self.true, self.false)

    def _comparable(self, value: Any) -> Any:
        """A value read by `read_value` as this column's `values` hold it (or _INEXACT)."""
        if value is None or self.type in ("string", "boolean", "date"):
            return value
        if self.type == "yearmonth":
            value = value[0] * 12 + value[1]
        if self.type == "number":
            number = float(value)
            # A fast cell has at most 15 digits: it compares with `number` as with the exact
            # value only when `number`'s shortest repr is that value.
            return number if decimal.Decimal(repr(number)) == value else _INEXACT
        return value if INT64[0] <= value <= INT64[1] else _INEXACT

    # Reading a batch

    def read(self, raw: pa.Array) -> ColumnResult:
        missing = _equal_any(raw, self.missing)
        if raw.null_count:  # cells a short row lacks (read without pyarrow)
            missing = pc.or_(missing, pc.is_null(raw))
        present = pc.invert(missing)
        if self.fast:
            values, fast, bad = self._read_fast(raw, missing, present)
        else:
            values, fast, bad = pa.nulls(len(raw), self.value_type), _falses(len(raw)), None
        result = ColumnResult(missing, values, values)
        result.add(bad, "type-error", "", self.type_note)
        if self.required:
            result.add(missing, "constraint-error", "required", self._note("required"))
        for name, constraint in self.checks:
            broken = self._broken(name, constraint, values)
            result.add(broken, "constraint-error", name, self._note(name))
        slow = pc.and_(present, pc.invert(fast))
        if pc.any(slow).as_py():
            self._read_slow(raw, slow, result)
        if self.type == "yearmonth":
            result.export = pc.if_else(pc.is_valid(result.values), raw, av.NULL_STRING)
        return result

    def _note(self, name: str) -> str:
        return f'constraint "{name}" is "{self.constraints[name]}"'

    def _read_fast(
        self, raw: pa.Array, missing: pa.BooleanArray, present: pa.BooleanArray
    ) -> tuple[pa.Array, pa.BooleanArray, pa.BooleanArray | None]:
        """(values, fast, bad): typed values of the fast cells (null elsewhere), which cells
        are fast, and which fast cells are type errors."""
        null = av.NULL_STRING
        if self.type == "string":  # the cells themselves, unless some are missing
            values = pc.if_else(present, raw, null) if pc.any(missing).as_py() else raw
            return values, present, None
        if self.type == "boolean":
            truth = self.truth.take(pc.index_in(raw, value_set=self.words))
            values = pc.if_else(present, truth, av.NULL_BOOL)
            return values, present, pc.and_(present, pc.is_null(values))
        quick = self._read_quick(raw, missing, present)
        if quick is not None:
            return quick
        # Cheap shapes first: only these characters, this many. The strict cast then either
        # reads every such cell as Python would, or fails and the regex path decides.
        chars, shortest, longest = SHAPES[self.type]
        fast = pc.and_(present, pc.equal(pc.binary_length(pc.ascii_ltrim(raw, chars)), ZERO))
        length = pc.binary_length(raw)
        fast = pc.and_(
            fast,
            pc.and_(
                pc.greater_equal(length, av.integer(shortest)),
                pc.less_equal(length, av.integer(longest)),
            ),
        )
        if self.type != "yearmonth":
            try:
                values = pc.cast(pc.if_else(fast, raw, null), self.value_type)
            except pa.ArrowInvalid:
                pass
            else:
                if self.type != "date":
                    return values, fast, None
                bad = pc.less(values, DAY_ONE).fill_null(av.FALSE)  # pyarrow reads year 0
                return pc.if_else(bad, av.NULL_DATE, values), fast, bad
        fast = pc.and_(fast, pc.match_substring_regex(raw, FAST[self.type]).fill_null(av.FALSE))
        cells = pc.if_else(fast, raw, null)
        if self.type == "date":
            return self._dates(cells, fast)
        if self.type == "yearmonth":
            year = pc.cast(pc.utf8_slice_codeunits(cells, 0, 4), pa.int64())
            month = pc.cast(pc.utf8_slice_codeunits(cells, 5, 7), pa.int64())
            return pc.add(pc.multiply(year, TWELVE), month), fast, None
        return pc.cast(cells, self.value_type), fast, None

    def _read_quick(
        self, raw: pa.Array, missing: pa.BooleanArray, present: pa.BooleanArray
    ) -> tuple[pa.Array, pa.BooleanArray, pa.BooleanArray | None] | None:
        """The usual batch in one strict cast: its cells all plain digits, or all ISO dates
        (pyarrow's date parser takes exactly YYYY-MM-DD, year 0 too)."""
        if self.type not in ("integer", "year", "date"):
            return None
        cells = pc.if_else(missing, av.NULL_STRING, raw) if pc.any(missing).as_py() else raw
        if self.type != "date":
            digits = pc.ascii_is_decimal(raw)
            length = pc.binary_length(raw)
            if self.type == "year":
                digits = pc.and_(digits, pc.equal(length, av.integer(4)))
            else:
                digits = pc.and_(digits, pc.less_equal(length, av.integer(18)))
            if not pc.all(pc.or_(digits, missing)).as_py():
                return None
        try:
            values = pc.cast(cells, self.value_type)
        except pa.ArrowInvalid:
            return None
        if self.type != "date":
            return values, present, None
        bad = pc.less(values, DAY_ONE).fill_null(av.FALSE)  # pyarrow reads year 0
        return pc.if_else(bad, av.NULL_DATE, values), present, bad

    def _dates(
        self, cells: pa.Array, fast: pa.BooleanArray
    ) -> tuple[pa.Array, pa.BooleanArray, pa.BooleanArray]:
        """`YYYY-MM-DD` cells are dates when the calendar has that day (Python's strptime)."""
        year = pc.cast(pc.utf8_slice_codeunits(cells, 0, 4), pa.int64())
        month = pc.cast(pc.utf8_slice_codeunits(cells, 5, 7), pa.int64())
        day = pc.cast(pc.utf8_slice_codeunits(cells, 8, 10), pa.int64())
        month_ok = pc.and_(pc.greater_equal(month, ONE), pc.less_equal(month, TWELVE))
        leap = pc.and_(
            pc.equal(pc.modulo(year, av.integer(4)), ZERO),
            pc.or_(
                pc.not_equal(pc.modulo(year, av.integer(100)), ZERO),
                pc.equal(pc.modulo(year, av.integer(400)), ZERO),
            ),
        )
        last = pc.take(DAYS_IN_MONTH, pc.if_else(month_ok, month, ZERO))
        last = pc.add(last, pc.cast(pc.and_(leap, pc.equal(month, TWO)), pa.int64()))
        valid = pc.and_(
            pc.and_(pc.greater_equal(year, ONE), month_ok),
            pc.and_(pc.greater_equal(day, ONE), pc.less_equal(day, last)),
        ).fill_null(av.FALSE)
        values = pc.cast(pc.if_else(valid, cells, av.NULL_STRING), pa.date32())
        return values, fast, pc.and_(fast, pc.invert(valid))

    def _broken(self, name: str, constraint: Any, values: pa.Array) -> pa.BooleanArray:
        """Cells whose value breaks the constraint (nulls never do)."""
        if name in COMPARE:
            broken = COMPARE[name](values, constraint)
        elif name == "enum":
            broken = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=constraint)))
        elif name == "pattern":
            broken = constraint.broken(values)
        else:
            length = pc.utf8_length(values)
            broken = (
                pc.less(length, constraint)
                if name == "minLength"
                else pc.greater(length, constraint)
            )
        return broken.fill_null(av.FALSE)

    def _read_slow(self, raw: pa.Array, slow: pa.BooleanArray, result: ColumnResult) -> None:
        """frictionless's own cell reader on the cells the fast path does not know."""
        indices = _indices(slow)
        reader = self._cell_reader()
        read = [reader(cell) for cell in raw.take(av.indices(indices)).to_pylist()]
        for index, (_, notes) in zip(indices.tolist(), read, strict=True):
            for name, note in (notes or {}).items():
                kind = "type-error" if name == "type" else "constraint-error"
                constraint = "" if name == "type" else name
                result.errors.append(CellErrors(np.array([index]), kind, constraint, note))
        typed = {i: self._typed(v) for i, (v, _) in zip(indices.tolist(), read, strict=True)}
        for index, value in list(typed.items()):
            if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
                result.oversized[index] = typed.pop(index)  # valid, but no int64 holds it
            elif value is None:
                del typed[index]
        if not typed:
            return
        mask = np.zeros(len(raw), dtype=bool)
        mask[list(typed)] = True
        replacements = av.array(list(typed.values()), self.value_type)
        result.values = pc.replace_with_mask(result.values, av.booleans(mask), replacements)
        result.export = result.values

    def _typed(self, value: Any) -> Any:
        """A value of frictionless's reader as `values` holds it (None stays None)."""
        if value is None or self.type not in ("number", "yearmonth"):
            return value
        if self.type == "yearmonth":
            return value.year * 12 + value.month
        try:
            return float(value)
        except ValueError:  # a signalling NaN
            return float("nan")

    def _cell_reader(self) -> Any:
        if self._reader is None:
            self._reader = frictionless_reader(*self._descriptors)
        return self._reader


def read_value(kind: str, value: Any, true: list[str], false: list[str]) -> Any:
    """frictionless's value reader of each type, for the values a schema gives constraints."""
    if kind == "string":
        return value if isinstance(value, str) else None
    if kind == "boolean":
        if isinstance(value, bool) or not isinstance(value, str):
            return value if isinstance(value, bool) else None
        return False if value in false else True if value in true else None
    if isinstance(value, bool):
        return True if kind == "year" else None  # frictionless's year reader lets True through
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time() else None
        if isinstance(value, dt.date) or not isinstance(value, str):
            return value if isinstance(value, dt.date) else None
        return _or_none(lambda: dt.datetime.strptime(value, "%Y-%m-%d").date())
    if kind == "yearmonth":
        if isinstance(value, (list, tuple)):
            return (value[0], value[1]) if len(value) == 2 else None
        parts = str(value).split("-")
        pair = _or_none(lambda: (int(parts[0]), int(parts[1]))) if len(parts) == 2 else None
        return pair if pair and 1 <= pair[1] <= 12 else None
    if kind == "year":
        if not isinstance(value, int):
            value = (
                _or_none(lambda: int(value)) if isinstance(value, str) and len(value) == 4 else None
            )
        return value if value is not None and 0 <= value <= 9999 else None
    if isinstance(value, str):
        text = value.strip()
        return _or_none(lambda: decimal.Decimal(text) if kind == "number" else int(text))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if kind == "number":
            return decimal.Decimal(str(value))
        return int(value) if value.is_integer() else None
    return None


def _or_none(read: Any) -> Any:
    try:
        return read()
    except (ValueError, ArithmeticError):
        return None


def frictionless_reader(field: dict[str, Any], schema: dict[str, Any]) -> Any:
    """frictionless's cell reader for `field`: cell -> (value, notes)."""
    return _frictionless_schema(json.dumps(schema, sort_keys=True, default=str))[field["name"]]


@functools.cache
def _frictionless_schema(schema: str) -> dict[str, Any]:
    from frictionless import FrictionlessException, Schema

    try:
        fields = Schema.from_descriptor(json.loads(schema)).fields
    except FrictionlessException as exc:
        raise InputError(f"schema: {exc}") from None
    return {field.name: field.create_cell_reader() for field in fields}


class _Inexact:
    """A constraint value the fast path cannot compare exactly (its cells are read slowly)."""


_INEXACT = _Inexact()


def _equal_any(values: pa.Array, choices: list[pa.Scalar]) -> pa.BooleanArray:
    """is_in for a handful of strings, without hashing every cell (nulls are False)."""
    found = None
    for choice in choices:
        equal = pc.equal(values, choice)
        found = equal if found is None else pc.or_(found, equal)
    if found is None:
        return _falses(len(values))
    return found.fill_null(av.FALSE) if found.null_count else found


def _falses(length: int) -> pa.BooleanArray:
    return av.booleans(np.zeros(length, dtype=bool))


def _indices(mask: pa.BooleanArray) -> np.ndarray:
    return np.flatnonzero(av.to_numpy(mask))
