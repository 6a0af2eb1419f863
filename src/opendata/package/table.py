"""A resource's data as one value: its Table Schema and its rows, typed, as Arrow batches.

Every source gives one: a report pipeline's rows become the CSV text they will be written as
(`csv_text`), which validation reads like any CSV and types; a large CSV table is typed by
validation as it streams, into a Parquet file. What comes after (the Great Expectations
suites, the consistency rules, the writers) reads `Table`s, never files read back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata.errors import InputError
from opendata.package.types import csv_cell

if TYPE_CHECKING:
    import pyarrow as pa

Row = dict[str, Any]


def check_rows(rows: list[Row], schema: dict[str, Any], where: str) -> None:
    """Every row has exactly the schema's columns (a pipeline bug otherwise)."""
    expected = [f["name"] for f in schema["fields"]]
    for number, row in enumerate(rows, start=1):
        if list(row) != expected:
            missing = [n for n in expected if n not in row]
            extra = [n for n in row if n not in expected]
            order = "" if missing or extra else "; columns out of order"
            raise InputError(
                f"{where}: row {number} does not match the schema "
                f"(missing {missing}, unexpected {extra}{order})"
            )


def csv_text(rows: list[Row], schema: dict[str, Any], where: str) -> bytes:
    """The table as the CSV file it is published as: UTF-8, RFC 4180, CRLF, a header."""
    check_rows(rows, schema, where)
    fields = [f["name"] for f in schema["fields"]]
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in fields])
    return handle.getvalue().encode("utf-8")


@dataclass
class Table:
    """One resource, typed: in memory (`batches`), or in the Parquet file it was typed into."""

    name: str
    schema: dict[str, Any]
    batches: list[pa.RecordBatch] = field(default_factory=list)
    parquet: Path | None = None

    def iter_batches(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """The rows batch by batch, only `columns` if given: memory stays flat."""
        if self.parquet is not None:
            import pyarrow.parquet as pq

            yield from pq.ParquetFile(self.parquet).iter_batches(columns=columns)
            return
        for batch in self.batches:
            yield batch.select(columns) if columns is not None else batch

    def to_arrow(self, columns: list[str] | None = None) -> pa.Table:
        """The whole table (or `columns`) at once: for tables that fit in memory."""
        import pyarrow as pa

        from opendata.package.types import arrow_schema

        schema = arrow_schema(self.schema)
        if columns is not None:
            schema = pa.schema([schema.field(name) for name in columns])
        return pa.Table.from_batches(list(self.iter_batches(columns)), schema)

    @property
    def num_rows(self) -> int:
        if self.parquet is not None:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(self.parquet).metadata.num_rows)
        return sum(batch.num_rows for batch in self.batches)
