"""The validated packages of an output folder, as the site shows them: metadata, tables (their
first rows, or all of them for a chart), files with size and sha256, validation findings."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import file_stats, inside, load_json_object
from opendata.package.series import is_edition_resource

DESCRIPTOR = "datapackage.json"
METADATA_FILES = (
    ("dcat.jsonld", "DCAT-AP (JSON-LD)", "application/ld+json"),
    ("croissant.json", "Croissant (JSON-LD)", "application/ld+json"),
)
REPORT = "validation-report.json"
CSV_FIELD_LIMIT = 1 << 24  # the run refuses cells over 16 MiB (docs: large tables)

Row = dict[str, Any]


@dataclass(frozen=True)
class DataFile:
    path: Path
    name: str  # file name inside the package
    title: str
    format: str
    mediatype: str
    bytes: int
    sha256: str  # bare hex


@dataclass
class Table:
    """One tabular resource: its CSV entry of datapackage.json and its Parquet twin."""

    name: str
    title: str
    description: str
    schema: dict[str, Any]
    csv_path: Path
    rows_total: int | None = None

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))

    def read(self, limit: int | None = None) -> list[Row]:
        """The first `limit` rows (all without a limit), typed by the schema."""
        types = {f["name"]: f.get("type", "string") for f in self.fields}
        missing = set(self.schema.get("missingValues", [""]))
        csv.field_size_limit(CSV_FIELD_LIMIT)
        with self.csv_path.open(encoding="utf-8", newline="") as handle:
            records = csv.DictReader(handle)
            return [
                {k: _typed(v, types.get(k, "string"), missing) for k, v in record.items()}
                for record in itertools.islice(records, limit)
            ]


@dataclass
class SitePackage:
    name: str
    folder: Path
    descriptor: dict[str, Any]
    tables: list[Table]
    files: list[DataFile]
    findings: list[dict[str, Any]] = field(default_factory=list)
    checks: int | None = None  # expectations run on it
    built: dt.date = field(default_factory=dt.date.today)

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title") or self.name)

    @property
    def valid(self) -> bool:
        return bool(self.descriptor.get("validacion", {}).get("valido"))

    @property
    def keywords(self) -> list[str]:
        return [str(k) for k in self.descriptor.get("keywords", [])]

    @property
    def publisher(self) -> str:
        return str((self.descriptor.get("publisher") or {}).get("title") or "")

    @property
    def years(self) -> list[int]:
        """The years the figures cover (for the index's period filter)."""
        span = self.descriptor.get("cobertura_temporal") or {}
        try:
            start, end = (int(str(span[k])[:4]) for k in ("inicio", "fin"))
        except (KeyError, ValueError):
            return []
        return list(range(start, end + 1))

    @property
    def report_period(self) -> str:
        """The periods of the report editions it was read from: "2023/2024, 2024/2025"."""
        sources = self.descriptor.get("sources") or []
        periods = [str(s["periodo"]) for s in sources if isinstance(s, dict) and s.get("periodo")]
        return ", ".join(periods)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)


def find_packages(out: Path) -> list[SitePackage]:
    """Every package of `out`, in name order."""
    if not out.is_dir():
        raise InputError(f"{out}: no such folder (run: opendata run)")
    paths = sorted(out.glob(f"*/{DESCRIPTOR}"))
    if not paths:
        raise InputError(f"{out}: no data packages to show (run: opendata run)")
    report = _report(out)
    packages = [read_package(path.parent, report) for path in paths]
    return sorted(packages, key=lambda p: p.name)


def read_package(folder: Path, report: dict[str, Any] | None = None) -> SitePackage:
    path = folder / DESCRIPTOR
    descriptor = load_json_object(path, "data package descriptor")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        raise InputError(f"{path}: resources must be a list of resources")
    tables, files = [], []
    for resource in resources:
        name = str(resource.get("name", ""))
        file_path = inside(folder, resource.get("path"), f"resource {name!r}: path")
        if not file_path.is_file():
            raise InputError(f"{file_path}: missing; run opendata run again")
        size = resource.get("bytes")
        digest = str(resource.get("hash", "")).removeprefix("sha256:")
        if not isinstance(size, int) or not digest:
            size, digest = file_stats(file_path)
            digest = digest.removeprefix("sha256:")
        fmt = str(resource.get("format", ""))
        title = str(resource.get("title") or name)
        files.append(
            DataFile(
                file_path,
                file_path.name,
                title,
                fmt,
                str(resource.get("mediatype", "")),
                size,
                digest,
            )
        )
        # One edition's own table is in the downloads; the page shows the series it is part of.
        if (
            fmt == "csv"
            and isinstance(resource.get("schema"), dict)
            and not is_edition_resource(resource)
        ):
            tables.append(
                Table(
                    name, title, str(resource.get("description", "")), resource["schema"], file_path
                )
            )
    for file_name, title, mediatype in (
        (DESCRIPTOR, "Descriptor del paquete", "application/json"),
        *METADATA_FILES,
    ):
        extra = folder / file_name
        if extra.is_file():
            size, digest = file_stats(extra)
            files.append(
                DataFile(
                    extra,
                    file_name,
                    title,
                    file_name.rsplit(".", 1)[-1],
                    mediatype,
                    size,
                    digest.removeprefix("sha256:"),
                )
            )
    _count_rows(folder, tables)
    name = str(descriptor.get("name") or folder.name)
    findings = [f for f in (report or {}).get("findings", []) if f.get("dataset") == name]
    checks = (report or {}).get("expectations", {}).get(name)
    built = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
    return SitePackage(name, folder, descriptor, tables, files, findings, checks, built)


def _count_rows(folder: Path, tables: list[Table]) -> None:
    """Row counts from each table's Parquet metadata (no need to read the CSV through)."""
    import pyarrow.parquet as pq

    for table in tables:
        twin = folder / f"{table.csv_path.stem}.parquet"
        if twin.is_file():
            table.rows_total = int(pq.ParquetFile(twin).metadata.num_rows)


def _report(out: Path) -> dict[str, Any] | None:
    path = out / REPORT
    return load_json_object(path, "validation report") if path.is_file() else None


def _typed(value: str | None, kind: str, missing: set[str]) -> Any:
    if value is None or value in missing:
        return None
    try:
        if kind in ("integer", "year"):
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean":
        return {"true": True, "false": False}.get(value.lower(), value)
    return value
