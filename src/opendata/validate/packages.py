"""A dataset's package and its typed tables, for the checks that need their rows: in memory
during a run (validated before anything is written), or read from disk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import inside
from opendata.package.descriptor import LARGE_TABLES, read_written
from opendata.package.series import EDITION_FIELD, is_edition_resource
from opendata.package.table import Table

EDITION = EDITION_FIELD["name"]


class DamagedTable(InputError):
    """A package's Parquet file that cannot be read: a validation finding, not a crash."""


@dataclass
class PackageData:
    """One package: its descriptor and its tables, typed (from a run, or from its Parquet
    files on demand)."""

    path: Path | None  # its datapackage.json, once written
    descriptor: dict[str, Any]
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)
    typed: dict[str, Table] = field(default_factory=dict, repr=False)

    @classmethod
    def of_run(cls, descriptor: dict[str, Any], tables: dict[str, Table]) -> PackageData:
        """A package not yet written: its descriptor and the tables validation typed."""
        return cls(None, descriptor, {}, tables)

    @classmethod
    def read(cls, path: Path) -> PackageData:
        descriptor = read_written(path)
        for resource in descriptor.get("resources", []):
            inside(path.parent, resource.get("path"), f"resource {resource['name']!r}: path")
            if resource.get("format") == "csv" and not isinstance(resource.get("schema"), dict):
                raise InputError(f"{path}: resource {resource['name']!r} has no schema")
        return cls(path, descriptor)

    @property
    def large_tables(self) -> bool:
        """Written from CSV sources by a pipeline with SOURCES (see export/table_package.py)."""
        return bool(self.descriptor.get("validacion", {}).get(LARGE_TABLES))

    @property
    def name(self) -> str:
        if self.descriptor.get("name") or self.path is None:
            return str(self.descriptor.get("name"))
        return self.path.parent.name

    def tabular(self) -> list[dict[str, Any]]:
        """One resource per table: the CSV resources once written (the Parquet copies hold
        the same rows), the descriptor's resources before."""
        resources = self.descriptor.get("resources", [])
        if self.path is None and not any("format" in r for r in resources):
            return [r for r in resources if isinstance(r.get("schema"), dict)]
        return [r for r in resources if r.get("format") == "csv"]

    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.tabular()]

    def schema(self, resource: str) -> dict[str, Any]:
        for entry in self.tabular():
            if entry["name"] == resource:
                return dict(entry["schema"])
        raise KeyError(resource)

    def batches(self, resource: str, columns: list[str] | None = None) -> Any:
        """The resource's rows batch by batch (only `columns`): a large table stays on disk."""
        if resource in self.typed and resource not in self._tables:
            yield from self.typed[resource].iter_batches(columns)
            return
        table = self.table(resource)
        yield from table.select(columns or table.column_names).to_batches()

    def table(self, resource: str) -> Any:
        """The resource as a pyarrow Table, typed by the Table Schema."""
        if resource not in self._tables and resource in self.typed:
            self._tables[resource] = self.typed[resource].to_arrow()
        if resource not in self._tables:
            import pyarrow as pa

            if self.path is None:
                raise KeyError(resource)
            import pyarrow.parquet as pq

            path = inside(self.path.parent, f"{resource}.parquet", "table")
            try:
                self._tables[resource] = pq.read_table(path)
            except (OSError, pa.ArrowException) as exc:
                problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise DamagedTable(f"{path}: unreadable Parquet file ({problem})") from None
        return self._tables[resource]

    def rows(self, resource: str) -> list[dict[str, Any]]:
        return list(self.table(resource).to_pylist())

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The periods of the reports it was read from ("2023/2024"), first day to last."""
        days = []
        for source in self.descriptor.get("sources", []):
            text = str(source.get("periodo", "")) if isinstance(source, dict) else ""
            start, _, end = text.partition("/")
            if start.isdigit() and end.isdigit() and 1 <= int(start) <= int(end) <= 9999:
                days += [dt.date(int(start), 1, 1), dt.date(int(end), 12, 31)]
        return (min(days), max(days)) if days else None

    def editions(self) -> list[str]:
        """The report editions its tables hold ("2023/2024"), each with its own resources."""
        resources = self.descriptor.get("resources", [])
        return sorted({str(r[EDITION]) for r in resources if is_edition_resource(r)})

    def edition_resources(self) -> list[dict[str, Any]]:
        """One edition's own copy of a series table, for each table and edition."""
        return [r for r in self.tabular() if is_edition_resource(r)]

    def edition_views(self) -> list[tuple[str | None, PackageData]]:
        """The package as each edition's checks see it: its series tables, only that edition's
        rows, and only that edition's source; a package without editions is its own view."""
        editions = self.editions()
        if not editions:
            return [(None, self)]
        import pyarrow.compute as pc

        series = [r for r in self.tabular() if not is_edition_resource(r)]
        names = {r["name"] for r in series}
        views: list[tuple[str | None, PackageData]] = []
        for label in editions:
            descriptor = dict(self.descriptor)
            descriptor["resources"] = [
                r for r in self.descriptor.get("resources", []) if r.get("name") in names
            ]
            descriptor["sources"] = [
                s
                for s in self.descriptor.get("sources", [])
                if isinstance(s, dict) and s.get("periodo") == label
            ]
            tables = {}
            for name in names:
                table = self.table(name)
                if EDITION in table.column_names:
                    table = table.filter(pc.equal(table.column(EDITION), label))
                tables[name] = table
            views.append((label, PackageData(None, descriptor, tables)))
        return views

    def edition_mismatches(self) -> list[tuple[str, str]]:
        """Each edition resource whose rows are not its edition's rows of the series:
        (resource, what differs)."""
        import pyarrow.compute as pc

        found = []
        for resource in self.edition_resources():
            name, label = resource["name"], str(resource[EDITION])
            base = name.removesuffix("-" + label.replace("/", "-"))
            if base == name or base not in self.resource_names():
                found.append((name, f"no series table of which it is the {label} part"))
                continue
            series = self.table(base)
            if EDITION not in series.column_names:
                found.append((name, f"{base} has no column {EDITION}"))
                continue
            expected = series.filter(pc.equal(series.column(EDITION), label))
            actual = self.table(name)
            if actual.num_rows != expected.num_rows:
                found.append(
                    (name, f"{actual.num_rows} rows, {base} has {expected.num_rows} of {label}")
                )
            elif not actual.equals(expected):
                row = _first_difference(actual, expected)
                found.append((name, f"row {row + 2} differs from {base}'s row of {label}"))
        return found


def _first_difference(left: Any, right: Any) -> int:
    for number, (a, b) in enumerate(zip(left.to_pylist(), right.to_pylist(), strict=True)):
        if a != b:
            return number
    return 0
