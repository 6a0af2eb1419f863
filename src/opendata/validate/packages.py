"""A dataset's package and its typed tables, for the checks that need their rows: in memory
during a run (validated before anything is written), or read from disk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import inside, load_json_object
from opendata.package.descriptor import LARGE_TABLES, check_metadata
from opendata.package.table import Table


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
        descriptor = load_json_object(path, "data package descriptor")
        check_metadata(descriptor, str(path))
        resources = descriptor.get("resources", [])
        if not isinstance(resources, list) or not all(
            isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources
        ):
            raise InputError(f"{path}: resources must be a list of named resources")
        for resource in resources:
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
        """The report's period ("2023/2024") as its first and last day."""
        for source in self.descriptor.get("sources", []):
            text = str(source.get("periodo", "")) if isinstance(source, dict) else ""
            start, _, end = text.partition("/")
            if start.isdigit() and end.isdigit() and 1 <= int(start) <= int(end) <= 9999:
                return dt.date(int(start), 1, 1), dt.date(int(end), 12, 31)
        return None
