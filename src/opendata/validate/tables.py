"""Check each table of a dataset against its Table Schema, and keep it typed for what follows.

One validator for every table (validate/stream.py, frictionless's findings row for row): a
report's table is checked as the CSV text it will be written as, a large table as its CSV
files stream by. Each check hands its typed batches to a sink: `Collect` keeps a small
table in memory for the suites and the rules; a large table's sink is the writer of its
files (opendata.export), so it is read once. On disk (`opendata validate`), `MatchParquet`
also compares each batch with the resource's Parquet file, and `integrity` checks every
file's bytes and sha256.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.files import file_stats
from opendata.package.table import Table
from opendata.package.types import arrow_schema
from opendata.validate.csv_reading import Source
from opendata.validate.report import Finding, ValidationReport
from opendata.validate.stream import Sink, TableCheck, check_table

GX_SKIPPED = "gx: not run (large tables)"


@dataclass
class ResourceInput:
    """One table to check: its sources ((file or CSV text, name shown) each) and its sink."""

    name: str
    schema: dict[str, Any]
    sources: list[tuple[Source, str]]
    sink: Sink | None = None  # a large table's writer, or a check against its Parquet file
    keep: bool = True  # keep the typed batches in memory (a small table)


@dataclass
class Checked:
    """A dataset's tables, checked: each table's verdict, and the typed tables kept."""

    checks: dict[str, TableCheck] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return all(check.valid for check in self.checks.values())


class Collect:
    """A sink that keeps a table's typed batches, and passes them on to another sink."""

    def __init__(self, table: Table, then: Sink | None = None) -> None:
        self.table = table
        self.then = then

    def encode(self, cells: Any) -> Any:
        return self.then.encode(cells) if self.then else None

    def write(self, encoded: Any, typed: Any) -> None:
        self.table.batches.append(typed)
        if self.then:
            self.then.write(encoded, typed)

    def reset(self) -> None:
        self.table.batches.clear()
        if self.then:
            self.then.reset()

    def finish(self) -> Path | None:
        return self.then.finish() if self.then else None


def check_tables(
    dataset: str,
    resources: list[ResourceInput],
    progress: Callable[[str], None] = lambda message: None,
) -> Checked:
    checked = Checked()
    for resource in resources:
        where = f"{dataset}/{resource.name}"
        if len(resource.sources) > 1 or not isinstance(resource.sources[0][0], bytes):
            shown = ", ".join(name for _, name in resource.sources)
            progress(f"checking {where} ({shown})")
        table = Table(resource.name, resource.schema)
        sink = Collect(table, resource.sink) if resource.keep else resource.sink
        check = check_table(resource.sources, resource.schema, sink, progress, dataset)
        checked.checks[resource.name] = check
        if check.valid and sink is not None:
            typed_file = sink.finish()
            if not resource.keep:
                table.parquet = typed_file  # a large table is read from there, batch by batch
        checked.tables[resource.name] = table
    return checked


def table_report(
    dataset: str, checks: dict[str, TableCheck], large: bool, also: list[str] | None = None
) -> ValidationReport:
    """The findings of checked tables; for large tables, also what was checked."""
    report = ValidationReport(datasets=[dataset])
    for resource, check in checks.items():
        report.findings.extend(_finding(dataset, resource, error) for error in check.errors)
    if large:
        rows = sum(check.rows for check in checks.values())
        ran = [f"schema: opendata's streaming validator, {rows:,} rows", *(also or [])]
        ran.extend(
            f"{resource}: rows not checked, the header does not match the schema"
            for resource, check in checks.items()
            if not check.rows_checked
        )
        report.large_tables[dataset] = [*ran, GX_SKIPPED]
    return report


def _finding(dataset: str, resource: str, error: Any) -> Finding:
    values = {
        key: value
        for key, value in (
            ("file", error.file),
            ("row_number", error.row),
            ("field_name", error.field),
            ("cell", error.cell),
        )
        if value is not None
    }
    return Finding(dataset, resource, f"schema:{error.type}", "error", error.message(), values)


def integrity(dataset: str, folder: Path, resource: dict[str, object]) -> list[Finding]:
    """A file's bytes and sha256 against what its datapackage.json says."""
    path = folder / str(resource["path"])
    if not path.is_file():
        return [
            Finding(dataset, str(resource["name"]), "integrity:file", "error", f"{path}: missing")
        ]
    size, digest = file_stats(path)
    found = []
    for check, expected, actual in (
        ("byte-count", resource.get("bytes"), size),
        ("hash-count", resource.get("hash"), digest),
    ):
        if expected != actual:
            message = f'{path.name}: expected is "{expected}" and actual is "{actual}"'
            found.append(
                Finding(dataset, str(resource["name"]), f"integrity:{check}", "error", message)
            )
    return found


class MatchParquet:
    """A sink that compares each batch of the CSV, typed, with the same rows of the Parquet
    file: the two files of a resource must hold the same table. Memory stays flat."""

    def __init__(self, path: Path, schema: dict[str, Any]) -> None:
        self.path = path
        self.schema = arrow_schema(schema)
        self.problem: str | None = None
        self.reset()

    def reset(self) -> None:
        self.rows = 0
        self.pending: list[Any] = []
        self.problem = None
        self.parts: Iterator[Any] = self._parquet_batches()

    def _parquet_batches(self) -> Iterator[Any]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(self.path)
            if not parquet.schema_arrow.equals(self.schema):
                self.problem = (
                    f"columns {parquet.schema_arrow} differ from the schema's {self.schema}"
                )
                return
            yield from parquet.iter_batches()
        except (OSError, pa.ArrowException) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.problem = f"unreadable Parquet file ({problem})"

    def encode(self, cells: Any) -> Any:
        return None

    def finish(self) -> Path | None:
        return self.path if self.problem is None else None

    def write(self, encoded: Any, typed: Any) -> None:
        import pyarrow as pa

        if self.problem:
            return
        wanted = typed.num_rows
        pieces, self.pending = self.pending, []
        have = sum(piece.num_rows for piece in pieces)
        while have < wanted:
            part = next(self.parts, None)
            if part is None:
                break
            pieces.append(part)
            have += part.num_rows
        if self.problem:
            return
        if have < wanted:
            self.problem = f"{self.rows + have:,} rows, the CSV has more"
            return
        table = pa.Table.from_batches(pieces, self.schema)
        self.pending = table.slice(wanted).to_batches()
        if not table.slice(0, wanted).equals(pa.Table.from_batches([typed], self.schema)):
            first, last = self.rows + 2, self.rows + wanted + 1
            self.problem = f"rows {first:,} to {last:,} differ from the CSV's"
        self.rows += wanted

    def findings(self, dataset: str, resource: str, csv_rows: int) -> list[Finding]:
        if self.problem is None and (
            any(piece.num_rows for piece in self.pending) or next(self.parts, None) is not None
        ):
            self.problem = f"more rows than the CSV's {csv_rows:,}"
        if self.problem is None:
            return []
        message = f"{self.path.name}: {self.problem}"
        return [Finding(dataset, resource, "parquet:rows", "error", message)]
