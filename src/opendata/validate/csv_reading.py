"""Read a CSV table as frictionless-py reads it: its header, then its rows in batches of cells.

pyarrow reads a regular file (every row as wide as the header) as record batches of strings;
a file it cannot read so (a row with too few or too many cells, an empty line where "" is not
a missing value) is read with Python's csv module, frictionless's own reader, with an
extra-cell or missing-cell error for each ragged row.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from opendata import arrow_values as av
from opendata.errors import InputError
from opendata.files import MAX_CSV_CELL, LineTooLong, csv_rows
from opendata.validate.table_errors import TableError

BLOCK_SIZE = 1 << 20
PYTHON_ROWS = 20_000  # rows a batch read with Python's csv module
EXTRA_LABELS = 1000  # more columns than the schema's: a header error per column, memory squared

# A CSV file on disk, or a table's CSV text in memory (a report's table, validated before it is
# written): read the same way, with the same findings.
Source = Path | bytes


def _text(source: Source) -> IO[str]:
    if isinstance(source, bytes):
        return io.TextIOWrapper(io.BytesIO(source), encoding="utf-8-sig", newline="")
    return source.open(encoding="utf-8-sig", newline="")


def _binary(source: Source) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


class ReadWithPython(Exception):
    """pyarrow cannot read this file as frictionless does."""

    def __init__(self, source: Source) -> None:
        self.source = source


def shown(source: Source) -> Path:
    return Path("<memory>") if isinstance(source, bytes) else source


def read_header(path: Source) -> list[str] | None:
    """The first row of a CSV file (a UTF-8 byte order mark aside); None if the file is empty."""
    try:
        with _text(path) as handle:
            return next(csv_rows(handle, shown(path)), None)
    except FileNotFoundError:
        raise InputError(f"{shown(path)}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(_not_utf8(path)) from None


def _not_utf8(path: Source) -> str:
    """The first line of `path` that is not UTF-8, as an error message."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with _binary(path) as handle:
        number = 1
        while line := handle.readline(MAX_CSV_CELL + 1):  # bounded, as csv_rows reads lines
            try:
                decoder.decode(line)
            except UnicodeDecodeError as exc:
                return f"{shown(path)}:{number}: not UTF-8 ({exc.reason} at byte {exc.start + 1})"
            number += line.endswith(b"\n")
    return f"{shown(path)}: not UTF-8"


def header_errors(labels: list[str] | None, schema: dict[str, Any], name: str) -> list[TableError]:
    """frictionless's errors on a header that does not name the schema's fields in order."""
    if labels is None:
        return [TableError(name, None, None, None, "source-error", "the source is empty")]
    if len(labels) > len(schema["fields"]) + EXTRA_LABELS:
        # frictionless's header errors each hold every label: memory grows as its square.
        raise InputError(
            f"{name}: the header has {len(labels):,} columns, the schema "
            f"{len(schema['fields']):,}; is this the right file?"
        )
    from frictionless import Resource, Schema

    report = Resource(data=[labels], schema=Schema.from_descriptor(schema)).validate()
    return [
        TableError(
            name,
            None,
            getattr(e, "field_name", None),
            getattr(e, "field_number", None),
            e.type,
            e.message,
        )
        for task in report.tasks
        for e in task.errors
    ]


def arrow_batches(
    path: Source, names: list[str], only: list[str] | None = None
) -> Iterator[pa.RecordBatch]:
    ragged: list[Any] = []

    def skip(row: Any) -> str:
        ragged.append(row)
        return "skip"

    try:
        reader = pacsv.open_csv(
            pa.BufferReader(path) if isinstance(path, bytes) else path,
            read_options=pacsv.ReadOptions(
                block_size=BLOCK_SIZE, skip_rows=1, column_names=names, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=skip
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=only or [],
            ),
        )
        for batch in reader:
            if ragged:
                raise ReadWithPython(path)
            yield batch
    except pa.ArrowInvalid:
        raise ReadWithPython(path) from None  # Python's csv module reads it, or says why not
    if ragged:
        raise ReadWithPython(path)


def has_empty_row(batch: pa.RecordBatch) -> bool:
    empty = pc.equal(batch.column(0), av.EMPTY)
    for column in batch.columns[1:]:
        empty = pc.and_(empty, pc.equal(column, av.EMPTY))
    return bool(pc.any(empty).as_py())


def python_batches(
    path: Source, name: str, names: list[str]
) -> Iterator[tuple[pa.RecordBatch, list[tuple[int, TableError]]]]:
    """Rows as Python's csv module reads them; short rows padded with nulls, long ones cut."""
    try:
        with _text(path) as handle:
            reader = csv_rows(handle, shown(path))
            next(reader, None)
            rows: list[list[str]] = []
            number = 2
            try:
                for row in reader:
                    rows.append(row)
                    if len(rows) == PYTHON_ROWS:
                        yield _python_batch(rows, names, name, number)
                        number += len(rows)
                        rows = []
            except LineTooLong:  # the rows before it are checked; the caller reports it
                if rows:
                    yield _python_batch(rows, names, name, number)
                raise
            if rows:
                yield _python_batch(rows, names, name, number)
    except UnicodeDecodeError:
        raise InputError(_not_utf8(path)) from None


def _python_batch(
    rows: list[list[str]], names: list[str], name: str, first_row: int
) -> tuple[pa.RecordBatch, list[tuple[int, TableError]]]:
    width = len(names)
    structure: list[tuple[int, TableError]] = []
    for index, row in enumerate(rows):
        for number in range(width + 1, len(row) + 1):
            error = TableError(
                name, first_row + index, "", number, "extra-cell", "", row[number - 1]
            )
            structure.append((index, error))
        for number in range(len(row) + 1, width + 1):
            error = TableError(name, first_row + index, names[number - 1], number, "missing-cell")
            structure.append((index, error))
    columns = [
        pa.array([r[i] if i < len(r) else None for r in rows], pa.string()) for i in range(width)
    ]
    return pa.RecordBatch.from_arrays(columns, names=names), structure
