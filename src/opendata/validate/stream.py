"""Validate a large CSV table against its Table Schema in one streaming pass.

frictionless-py stays the reference: the findings are its findings, row for row (the header is
row 1, the first data row is row 2; a type error or one constraint error per constraint a
cell breaks; a row whose cells are all missing is one `blank-row` error; later duplicates of
a unique field or of the primary key are `unique-error` and `primary-key` errors; every error
is found, none is dropped). The speed comes from reading with pyarrow: record batches with
every column as strings, each field typed and checked with vectorised kernels (columns.py),
one 64-bit key a row for unique fields and the primary key (keys.py). Memory stays flat as
the file grows, but for those keys (9 bytes a row each) and the errors found.

A file pyarrow cannot read as a regular table is read again from the start with Python's csv
module through the same checks (csv_reading.py): slower, and it is an invalid file anyway.
A header that differs from the schema's field names gets frictionless's header errors and
its rows are not checked (frictionless would go on, pairing cells with fields by position).
"""

from __future__ import annotations

import bisect
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from opendata import arrow_values as av
from opendata.errors import InputError
from opendata.files import MAX_CSV_CELL, LineTooLong
from opendata.package.types import arrow_schema, primary_key
from opendata.validate.columns import ColumnCheck, ColumnResult, frictionless_reader
from opendata.validate.columns import missing_values as field_missing_values
from opendata.validate.csv_reading import (
    ReadWithPython,
    Source,
    arrow_batches,
    has_empty_row,
    header_errors,
    python_batches,
    read_header,
)
from opendata.validate.keys import KeyIndex, column_keys, combine
from opendata.validate.table_errors import TableError

PROGRESS_ROWS = 1_000_000
HELPERS = 2  # threads besides this reading one: two checkers, or a checker and the writer
# (pyarrow.compute, numpy and the Parquet writer release the GIL; one more thread than cores
# only adds contention on 2 cores: benchmarks/large_tables.py)

# Arrow's memory from jemalloc, where pyarrow has it, its freed pages given back to the system
# after DECAY_MS: mimalloc and jemalloc's own 1 s keep what a table's batches freed, and the peak
# RSS of a 10-million-row table grows by 100 MB (benchmarks/large_tables.py).
DECAY_MS = 50


def _memory_pool() -> None:
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return  # chosen by the user
    try:
        pa.jemalloc_set_decay_ms(DECAY_MS)
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc
        pass


_memory_pool()

TOO_LONG = (
    f"a cell or line longer than {MAX_CSV_CELL // 2**20} MiB, the most opendata reads; "
    "the rows after it are not checked"
)


@dataclass
class TableCheck:
    """The verdict on one table: every error, and what was read."""

    errors: list[TableError] = field(default_factory=list)
    rows: int = 0
    files: list[str] = field(default_factory=list)
    rows_checked: bool = True  # False when a header did not match the schema

    @property
    def valid(self) -> bool:
        return not self.errors


class Sink(Protocol):
    """Where a valid table goes, batch after batch (the CSV and Parquet writers)."""

    def encode(self, cells: pa.RecordBatch) -> Any:
        """The batch's cells as the sink writes them; called from any thread, in any order."""

    def write(self, encoded: Any, typed: pa.RecordBatch) -> None:
        """Called in the table's order, from one thread."""

    def reset(self) -> None: ...

    def finish(self) -> Path | None:
        """The table was valid and is whole: where its typed rows now are (a Parquet file),
        if anywhere."""


@dataclass
class _Checked:
    cells: pa.RecordBatch
    errors: list[TableError]
    keys: list[tuple[np.ndarray, np.ndarray, bool]]  # (keys, present, exact) per KeyIndex
    typed: pa.RecordBatch | None  # for the sink, when the batch has no error
    encoded: Any = None  # the cells, encoded by the sink


def check_table(
    sources: list[tuple[Source, str]],
    schema: dict[str, Any],
    sink: Sink | None = None,
    progress: Callable[[str], None] = lambda message: None,
    where: str = "",
) -> TableCheck:
    """Validate the files of one table ((file or its bytes, name shown in findings) each), in
    order.

    Unique fields and the primary key hold across all the files. While no error has been
    found, `sink` receives each batch: its cells as read and typed as Parquet stores them.
    """
    with_python: set[int] = set()  # the sources (by id) pyarrow cannot read as frictionless
    while True:
        check = _Pass(schema, sink, with_python, progress, where)
        try:
            check.run(sources)
        except ReadWithPython as restart:
            with_python.add(id(restart.source))
            if sink is not None:
                sink.reset()
            continue
        return check.result


class _Pass:
    """One reading of a table's files, from the first row of the first file."""

    def __init__(
        self,
        schema: dict[str, Any],
        sink: Sink | None,
        with_python: set[int],
        progress: Callable[[str], None],
        where: str,
    ) -> None:
        self.schema = schema
        self.fields: list[dict[str, Any]] = schema["fields"]
        self.names = [f["name"] for f in self.fields]
        self.sink = sink
        self.workers = HELPERS - 1 if sink is not None else HELPERS
        self.with_python = with_python
        self.progress = progress
        self.columns = [ColumnCheck(f, schema, where) for f in self.fields]
        self.export_schema = arrow_schema(schema)
        self.empty_is_missing = all("" in field_missing_values(f, schema) for f in self.fields)
        self.indexes = [
            KeyIndex("unique-error", [i])
            for i, f in enumerate(self.fields)
            if f.get("constraints", {}).get("unique")
        ]
        key = primary_key(schema)
        if key:
            self.indexes.append(KeyIndex("primary-key", [self.names.index(k) for k in key]))
        self.result = TableCheck()
        self.starts: list[int] = []  # each file's first row, counted over all files from 0

    def run(self, sources: list[tuple[Source, str]]) -> None:
        with ThreadPoolExecutor(self.workers, thread_name_prefix="table-check") as pool:
            for path, name in sources:
                self.result.files.append(name)
                self.starts.append(self.result.rows)
                labels = read_header(path)
                if labels != self.names:
                    self.result.errors.extend(header_errors(labels, self.schema, name))
                    self.result.rows_checked = False
                    continue
                self._read(path, name, pool)
        self._duplicates(sources)
        files = {name: i for i, name in enumerate(self.result.files)}
        self.result.errors.sort(key=lambda e: e.sort_key(files))

    def _read(self, path: Source, name: str, pool: ThreadPoolExecutor) -> None:
        """Check the file's batches on the pool, and take their results in order."""
        pending: deque[Future[_Checked]] = deque()
        first_row = 2
        try:
            try:
                for cells, structure in self._batches(path, name):
                    pending.append(pool.submit(self._check, cells, structure, first_row, name))
                    first_row += cells.num_rows
                    while len(pending) > self.workers + 1 or (pending and pending[0].done()):
                        self._take(pending.popleft().result(), name)
            except LineTooLong as too_long:
                while pending:
                    self._take(pending.popleft().result(), name)
                note = f"row {too_long.row}: {TOO_LONG}"
                self.result.errors.append(
                    TableError(name, too_long.row, None, None, "source-error", note)
                )
            while pending:
                self._take(pending.popleft().result(), name)
        finally:
            for future in pending:
                future.cancel()

    def _batches(
        self, path: Source, name: str, only: list[str] | None = None
    ) -> Iterator[tuple[pa.RecordBatch, list[tuple[int, TableError]]]]:
        """The file's batches; `only` these columns when reading it again (same rows)."""
        if id(path) in self.with_python:
            yield from python_batches(path, name, self.names)
            return
        for batch in arrow_batches(path, self.names, only):
            if not only and not self.empty_is_missing and has_empty_row(batch):
                raise ReadWithPython(path)  # an empty line, or a row of empty cells?
            yield batch, []

    def _check(
        self,
        cells: pa.RecordBatch,
        structure: list[tuple[int, TableError]],
        first_row: int,
        name: str,
    ) -> _Checked:
        """Everything about one batch that does not depend on the other batches."""
        results = [column.read(cells.column(i)) for i, column in enumerate(self.columns)]
        errors = self._errors(cells, results, structure, first_row, name)
        keys = [self._batch_keys(index, results, errors, first_row, name) for index in self.indexes]
        if self.sink is None or errors:
            return _Checked(cells, errors, keys, None)
        for column, result in zip(self.columns, results, strict=True):
            if result.oversized:
                row, value = next(iter(result.oversized.items()))
                raise InputError(
                    f"{name}:{first_row + row}: field {column.name!r}: {value} does not fit "
                    "the 64-bit integers of Parquet"
                )
        typed = pa.RecordBatch.from_arrays([r.export for r in results], schema=self.export_schema)
        return _Checked(cells, errors, keys, typed, self.sink.encode(cells))

    def _errors(
        self,
        cells: pa.RecordBatch,
        results: list[ColumnResult],
        structure: list[tuple[int, TableError]],
        first_row: int,
        name: str,
    ) -> list[TableError]:
        """The batch's cell errors; a row of missing cells only is one `blank-row` error."""
        blank = np.logical_and.reduce([av.to_numpy(r.missing) for r in results])
        errors: list[TableError] = []
        for number, (column, result) in enumerate(zip(self.columns, results, strict=True), 1):
            for found in result.errors:
                rows = found.indices
                if found.constraint == "required":
                    rows = rows[~blank[rows]]
                texts = cells.column(number - 1).take(av.indices(rows)).to_pylist()
                errors.extend(
                    TableError(
                        name, first_row + row, column.name, number, found.type, found.note, text
                    )
                    for row, text in zip(rows.tolist(), texts, strict=True)
                )
        errors.extend(error for row, error in structure if not blank[row])
        errors.extend(
            TableError(name, first_row + row, None, None, "blank-row")
            for row in np.flatnonzero(blank).tolist()
        )
        return errors

    def _batch_keys(
        self,
        index: KeyIndex,
        results: list[ColumnResult],
        errors: list[TableError],
        first_row: int,
        name: str,
    ) -> tuple[np.ndarray, np.ndarray, bool]:
        """The batch's keys for `index`; a primary key all of whose cells are None is an error
        (appended to `errors`)."""
        parts = [_keys(results[i]) for i in index.fields]
        if index.kind == "unique-error":
            return parts[0]
        combined, exact = combine(parts)
        valid = [_valid(results[i]) for i in index.fields]
        all_none = ~np.logical_or.reduce(valid)
        not_nan = np.logical_and.reduce(
            [~v | present for v, (_, present, _) in zip(valid, parts, strict=True)]
        )
        note = 'cells composing the primary keys are all "None"'
        errors.extend(
            TableError(name, first_row + row, None, None, "primary-key", note)
            for row in np.flatnonzero(all_none).tolist()
        )
        return combined, ~all_none & not_nan, exact

    def _take(self, checked: _Checked, name: str) -> None:
        """A checked batch's part of the table's verdict, in the table's order."""
        self.result.errors.extend(checked.errors)
        for index, keys in zip(self.indexes, checked.keys, strict=True):
            index.add(*keys)
        if self.sink is not None and checked.typed is not None and not self.result.errors:
            self.sink.write(checked.encoded, checked.typed)
        before = self.result.rows // PROGRESS_ROWS
        self.result.rows += checked.cells.num_rows
        if self.result.rows // PROGRESS_ROWS > before:
            self.progress(f"{name}: {self.result.rows:,} rows checked")

    def _duplicates(self, sources: list[tuple[Source, str]]) -> None:
        """Later rows repeating an earlier row's unique field or primary key."""
        repeated = {id(index): index.repeated() for index in self.indexes}
        recheck = [i for i in self.indexes if not i.exact and len(repeated[id(i)][0])]
        exact_values = self._exact_values(sources, recheck, repeated) if recheck else {}
        for index in self.indexes:
            rows, keys = repeated[id(index)]
            values = exact_values.get(id(index)) or keys.tolist()
            seen: dict[Any, int] = {}
            for row, value in zip(rows.tolist(), values, strict=True):
                match = seen.get(value)
                seen[value] = row
                if match is None:
                    continue
                name, number = self._locate(row)
                note = f"the same as in the row at position {self._locate(match)[1]}"
                if index.kind == "unique-error":
                    position = index.fields[0]
                    self.result.errors.append(
                        TableError(
                            name, number, self.names[position], position + 1, index.kind, note
                        )
                    )
                else:
                    self.result.errors.append(
                        TableError(name, number, None, None, index.kind, note)
                    )

    def _exact_values(
        self,
        sources: list[tuple[Source, str]],
        indexes: list[KeyIndex],
        repeated: dict[int, tuple[np.ndarray, np.ndarray]],
    ) -> dict[int, list[Any]]:
        """Read again the rows whose hashed keys repeat: their values, as frictionless reads."""
        keyed = sorted({i for index in indexes for i in index.fields})
        readers = {i: frictionless_reader(self.fields[i], self.schema) for i in keyed}
        only = [self.names[i] for i in keyed]
        wanted = {id(index): repeated[id(index)][0] for index in indexes}
        found: dict[int, dict[int, Any]] = {id(index): {} for index in indexes}
        start = 0
        for (path, name), file_start in zip(sources, self.starts, strict=True):
            start = file_start
            if read_header(path) != self.names:
                continue
            for cells, _ in _until_too_long(self._batches(path, name, only)):
                end = start + cells.num_rows
                for index in indexes:
                    rows = wanted[id(index)]
                    inside = rows[np.searchsorted(rows, start) : np.searchsorted(rows, end)]
                    if not len(inside):
                        continue
                    local = av.indices(inside - start)
                    columns = [
                        cells.column(self.names[i]).take(local).to_pylist() for i in index.fields
                    ]
                    for row, texts in zip(inside.tolist(), zip(*columns, strict=True), strict=True):
                        value = tuple(
                            readers[i](text)[0] for i, text in zip(index.fields, texts, strict=True)
                        )
                        found[id(index)][row] = value[0] if index.kind == "unique-error" else value
                start = end
        return {key: [values[row] for row in wanted[key].tolist()] for key, values in found.items()}

    def _locate(self, row: int) -> tuple[str, int]:
        """The file and row number (header = 1) of a row counted over all files from 0."""
        part = bisect.bisect_right(self.starts, row) - 1
        return self.result.files[part], row - self.starts[part] + 2


def _until_too_long(
    batches: Iterator[tuple[pa.RecordBatch, list[tuple[int, TableError]]]],
) -> Iterator[tuple[pa.RecordBatch, list[tuple[int, TableError]]]]:
    """The batches before a line too long to read (the first pass reported it)."""
    try:
        yield from batches
    except LineTooLong:
        return


def _keys(result: ColumnResult) -> tuple[np.ndarray, np.ndarray, bool]:
    """The column's keys, oversized integers keyed by their Python hash (never exact)."""
    keys, present, exact = column_keys(result.values)
    if not result.oversized:
        return keys, present, exact
    keys, present = keys.copy(), present.copy()
    for row, value in result.oversized.items():
        keys[row], present[row] = hash(value) & 0xFFFFFFFFFFFFFFFF, True
    return keys, present, False


def _valid(result: ColumnResult) -> np.ndarray:
    """Which values are not None, as frictionless sees them."""
    valid = av.to_numpy(result.values.is_valid())
    if result.oversized:
        valid = valid.copy()
        valid[list(result.oversized)] = True
    return valid
