"""Write a large table as CSV and Parquet batch by batch, in a background thread.

The CSV is written from the cells as read (their text untouched), the way `write_csv` writes
a small table: UTF-8, CRLF, a header, quotes only around cells holding a comma, a quote or a
line break (Python's QUOTE_MINIMAL), all of it joined by pyarrow without a Python object per
cell, and hashed as it is written. A source already in exactly that form is copied instead.
Parquet gets the typed batches in row groups of a fixed number of rows, so its bytes depend
only on the table. Memory stays flat: at most a row group and a few batches are held.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from opendata import arrow_values as av
from opendata.export.writers import PARQUET_COMPRESSION, HashedFile
from opendata.files import file_stats
from opendata.package.types import arrow_schema, dictionary_columns

# A large table's Parquet: zstd at level 1 (level 9, as small tables get, takes four times as
# long for a 4% smaller file), row groups of 128 Ki rows, and dictionary encoding only where
# values repeat (see `_dictionary`).
LARGE_COMPRESSION_LEVEL = 1
ROW_GROUP_ROWS = 1 << 17
PENDING = 4  # batches queued for the writer thread at most
SCAN_CHUNK = 2 << 20
SPECIAL = np.zeros(256, bool)  # the bytes that make a cell quoted
SPECIAL[[ord(c) for c in ',"\r\n']] = True
UNQUOTED = pacsv.WriteOptions(include_header=False, quoting_style="none", eol="\r\n")
COMMA, CRLF, QUOTE, QUOTES = (av.scalar(text, pa.string()) for text in (",", "\r\n", '"', '""'))


def csv_rows(cells: pa.RecordBatch) -> Any:
    """The batch's rows as RFC 4180 CSV text (UTF-8 bytes), CRLF after each row."""
    if cells.num_columns > 1:  # a lone empty cell is written "" (below)
        try:  # pyarrow's writer, if no cell needs quotes
            text = pa.BufferOutputStream()
            pacsv.write_csv(cells, text, UNQUOTED)
            return text.getvalue()
        except pa.ArrowInvalid:
            pass
    columns = [_quoted(column) for column in cells.columns]
    if len(columns) == 1:  # as Python's csv: a row of one empty cell is written ""
        columns[0] = pc.if_else(pc.equal(columns[0], av.EMPTY), QUOTES, columns[0])
    rows = pc.binary_join_element_wise(*columns, COMMA)
    rows = pc.binary_join_element_wise(rows, av.EMPTY, CRLF)
    offsets = np.frombuffer(rows.buffers()[1], np.int32, len(rows) + 1, rows.offset * 4)
    data = rows.buffers()[2]
    return memoryview(data)[int(offsets[0]) : int(offsets[-1])] if data else memoryview(b"")


def _quoted(column: pa.Array) -> pa.Array:
    data = column.buffers()[2]
    if data is None or not SPECIAL[np.frombuffer(data, np.uint8)].any():
        return column
    special = pc.match_substring_regex(column, '[,"\r\n]')
    quoted = pc.replace_substring(column, '"', '""')
    quoted = pc.binary_join_element_wise(QUOTE, quoted, QUOTE, av.EMPTY)
    return pc.if_else(special, quoted, column)


def rewrite_csv(sources: list[Path], target: Path, names: list[str]) -> tuple[int, str]:
    """Write the cells of valid CSV files, as read, into `target` the way opendata writes a
    CSV (a source thought to be in that form, and copied, was not after all)."""
    handle = HashedFile(target)
    try:
        header = io.StringIO()
        csv.writer(header, lineterminator="\r\n").writerow(names)
        handle.write(header.getvalue().encode("utf-8"))
        for source in sources:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, use_threads=False),
                parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.string() for n in names},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            for batch in reader:
                handle.write(csv_rows(batch))
    finally:
        stats = handle.close()
    return stats


def copy_if_written(source: Path, target: Path) -> tuple[int, str] | None:
    """Copy `source` to `target` if it is byte for byte what its cells would be written as
    (no quotes at all, no byte order mark, CRLF after every row and nowhere else): its
    (bytes, "sha256:…"), else None (and no copy) as soon as a byte says otherwise."""
    digest, size, last = hashlib.sha256(), 0, b""
    for chunk in _as_written(source):
        if chunk is None:
            return None
        digest.update(chunk)
        size, last = size + len(chunk), chunk[-1:]
    if last != b"\n":
        return None
    shutil.copyfile(source, target)
    return size, f"sha256:{digest.hexdigest()}"


def starts_as_written(path: Path) -> bool:
    """Whether the file's first megabytes are as `copy_if_written` wants them."""
    return next(_as_written(path), None) is not None


def _as_written(path: Path) -> Iterator[bytes | None]:
    """The file's chunks, then None if one is not as `copy_if_written` wants it."""
    first, after_cr = True, False
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            data = np.frombuffer(chunk, np.uint8)
            lf = np.flatnonzero(data == 10)
            inner = lf[lf > 0]
            ends_cr = chunk.endswith(b"\r")
            # Each LF right after a CR (across chunks too), and as many CRs as such LFs.
            if (
                (first and chunk.startswith(codecs.BOM_UTF8))
                or b'"' in chunk
                or chunk.startswith(b"\n") != after_cr
                or (data[inner - 1] != 13).any()
                or np.count_nonzero(data == 13) - ends_cr != len(inner)
            ):
                yield None
                return
            first, after_cr = False, ends_cr
            yield chunk


class TableWriter:
    """The Parquet file of one large table and, given `csv_path`, its CSV: a `Sink` for
    `check_table`."""

    def __init__(self, parquet_path: Path, schema: dict[str, Any], csv_path: Path | None = None):
        self.paths = (parquet_path, csv_path)
        self.schema = arrow_schema(schema)
        self.names = [f["name"] for f in schema["fields"]]
        self.dictionary = dictionary_columns(schema)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="table-writer")
        self.pending: list[Future[None]] = []
        self.stats: tuple[tuple[int, str], tuple[int, str] | None] | None = None
        self._open()

    def _open(self) -> None:
        self.csv = HashedFile(self.paths[1]) if self.paths[1] else None
        if self.csv:
            header = io.StringIO()
            csv.writer(header, lineterminator="\r\n").writerow(self.names)
            self.csv.write(header.getvalue().encode("utf-8"))
        self.parquet = pq.ParquetWriter(
            self.paths[0],
            self.schema,
            compression=PARQUET_COMPRESSION,
            compression_level=LARGE_COMPRESSION_LEVEL,
            use_dictionary=self.dictionary,
            write_statistics=True,
            store_schema=False,
        )
        self.buffered: list[pa.RecordBatch] = []
        self.buffered_rows = 0

    def encode(self, cells: pa.RecordBatch) -> Any:
        return csv_rows(cells) if self.csv else None

    def write(self, encoded: Any, typed: pa.RecordBatch) -> None:
        if len(self.pending) >= PENDING:
            self.pending.pop(0).result()
        self.pending.append(self.worker.submit(self._write, encoded, typed))

    def _write(self, text: Any, typed: pa.RecordBatch) -> None:
        if self.csv:
            self.csv.write(text)
        self.buffered.append(typed)
        self.buffered_rows += typed.num_rows
        while self.buffered_rows >= ROW_GROUP_ROWS:
            table = pa.Table.from_batches(self.buffered, self.schema)
            self.parquet.write_table(table.slice(0, ROW_GROUP_ROWS), ROW_GROUP_ROWS)
            rest = table.slice(ROW_GROUP_ROWS)
            self.buffered = rest.to_batches()
            self.buffered_rows = rest.num_rows

    def _wait(self) -> None:
        while self.pending:
            self.pending.pop(0).result()

    def _close_files(self) -> tuple[int, str] | None:
        self.parquet.close()
        return self.csv.close() if self.csv else None

    def reset(self) -> None:
        """Start the files again, empty."""
        self._wait()
        self._close_files()
        self._open()

    def finish(self) -> Path:
        """The table is valid and whole: close the files (see `stats`); the Parquet's path."""
        self.stats = self.close()
        return self.paths[0]

    def close(self) -> tuple[tuple[int, str], tuple[int, str] | None]:
        """Finish the files: (bytes, "sha256:…") of the Parquet, and of the CSV if written."""
        self._wait()
        self.worker.shutdown()
        if self.buffered_rows:
            self.parquet.write_table(pa.Table.from_batches(self.buffered, self.schema))
        written = self._close_files()
        return file_stats(self.paths[0]), written

    def discard(self) -> None:
        """Stop writing and remove the files (the table is not valid)."""
        if self.stats is not None:
            for path in self.paths:
                if path:
                    path.unlink(missing_ok=True)
            return
        try:
            self._wait()
        finally:
            self.worker.shutdown()
            self._close_files()
            for path in self.paths:
                if path:
                    path.unlink(missing_ok=True)
