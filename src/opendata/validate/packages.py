"""Read written data packages back for the checks that need their rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.export.package_writer import LARGE_TABLES


@dataclass
class PackageData:
    """One package on disk: its descriptor and, on demand, its tables (from Parquet)."""

    path: Path
    descriptor: dict[str, Any]
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, path: Path) -> PackageData:
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
        return cls(path, descriptor)

    @property
    def large_tables(self) -> bool:
        """Written from CSV sources by a pipeline with SOURCES (see export/table_package.py)."""
        return bool(self.descriptor.get("validacion", {}).get(LARGE_TABLES))

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.path.parent.name)

    def tabular(self) -> list[dict[str, Any]]:
        """The CSV resources: one per table (the Parquet copies hold the same rows)."""
        return [r for r in self.descriptor.get("resources", []) if r.get("format") == "csv"]

    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.tabular()]

    def schema(self, resource: str) -> dict[str, Any]:
        for entry in self.tabular():
            if entry["name"] == resource:
                return dict(entry["schema"])
        raise KeyError(resource)

    def table(self, resource: str) -> Any:
        """The resource as a pyarrow Table, typed by the Table Schema."""
        if resource not in self._tables:
            import pyarrow.parquet as pq

            self._tables[resource] = pq.read_table(self.path.parent / f"{resource}.parquet")
        return self._tables[resource]

    def rows(self, resource: str) -> list[dict[str, Any]]:
        return list(self.table(resource).to_pylist())

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The report's period ("2023/2024") as its first and last day."""
        for source in self.descriptor.get("sources", []):
            text = str(source.get("periodo", ""))
            if "/" in text:
                start, end = text.split("/", 1)
                return dt.date(int(start), 1, 1), dt.date(int(end), 12, 31)
        return None
