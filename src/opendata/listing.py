"""Describe what an output folder holds: datasets, their editions of the report, resources,
rows, sizes, hashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import csv_rows, inside, load_json_object


def describe_output(out: Path) -> list[dict[str, Any]]:
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a folder")
    entries = []
    for descriptor_path in sorted(out.glob("*/datapackage.json")):
        descriptor = load_json_object(descriptor_path, "data package descriptor")
        built = dt.datetime.fromtimestamp(descriptor_path.stat().st_mtime, dt.UTC)
        resources = []
        listed = descriptor.get("resources", [])
        if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
            raise InputError(f"{descriptor_path}: resources must be a list of resources")
        for resource in listed:
            name = str(resource.get("name", "?"))
            path = inside(descriptor_path.parent, resource.get("path"), f"resource {name!r}: path")
            size = resource.get("bytes")
            resources.append(
                {
                    "name": name,
                    "format": str(resource.get("format", "")),
                    "rows": _rows(path, str(resource.get("format", ""))),
                    "bytes": size if isinstance(size, int) else None,
                    "hash": str(resource.get("hash", "")),
                    "edicion": resource.get("periodo_informe"),  # one edition's own table
                }
            )
        editions = descriptor.get("ediciones")
        periods = [
            str(e["periodo"])
            for e in (editions if isinstance(editions, list) else [])
            if isinstance(e, dict) and e.get("periodo")
        ]
        entries.append(
            {
                "dataset": descriptor.get("name", descriptor_path.parent.name),
                "title": descriptor.get("title", ""),
                "built": built.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "ediciones": periods,
                "resources": resources,
            }
        )
    return entries


def _rows(path: Path, fmt: str) -> int | None:
    """The rows of a table's file (from its Parquet copy when there is one: its metadata holds
    the count); None for a missing file."""
    if not path.is_file():
        return None
    twin = path.with_suffix(".parquet")
    if fmt != "parquet" and not twin.is_file():  # a CSV alone (downloaded): count its records
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return max(sum(1 for _ in csv_rows(handle, path)) - 1, 0)
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(twin).metadata.num_rows)
    except (OSError, pa.ArrowException) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{twin}: unreadable Parquet file ({problem}); run opendata run") from None
