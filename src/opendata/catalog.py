"""Describe what an output folder holds: datasets, resources, rows, sizes, hashes."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from opendata.errors import InputError


def describe_output(out: Path) -> list[dict[str, Any]]:
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a folder")
    entries = []
    for descriptor_path in sorted(out.glob("*/datapackage.json")):
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{descriptor_path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
        built = dt.datetime.fromtimestamp(descriptor_path.stat().st_mtime, dt.UTC)
        resources = []
        for resource in descriptor.get("resources", []):
            path = descriptor_path.parent / resource["path"]
            resources.append(
                {
                    "name": resource["name"],
                    "format": resource.get("format", ""),
                    "rows": _rows(path, resource.get("format", "")),
                    "bytes": resource.get("bytes"),
                    "hash": resource.get("hash", ""),
                }
            )
        entries.append(
            {
                "dataset": descriptor.get("name", descriptor_path.parent.name),
                "title": descriptor.get("title", ""),
                "built": built.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "resources": resources,
            }
        )
    return entries


def _rows(path: Path, fmt: str) -> int | None:
    if not path.is_file():
        return None
    twin = path.with_suffix(".parquet")
    if fmt == "parquet" or twin.is_file():  # a CSV's Parquet twin counts its rows at once
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(twin).metadata.num_rows)
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
