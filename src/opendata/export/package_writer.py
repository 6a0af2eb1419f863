"""Export one validated dataset: its tables as CSV and Parquet resources, and its
`datapackage.json`, written once with its validation findings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from opendata.export.writers import write_bytes, write_parquet
from opendata.package.descriptor import Descriptor
from opendata.package.table import Table
from opendata.package.types import DIALECT

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
# Readers meet the package's identity first, its files last.
KEY_ORDER = (
    "name",
    "title",
    "description",
    "version",
    "nombres_anteriores",
    "keywords",
    "licenses",
    "publisher",
    "contributors",
    "sources",
    "ediciones",
    "correcciones",
    "inferencias",
    "validacion",
)


def parquet_name(resource: str) -> str:
    return f"{resource}-parquet"


def write_package(
    folder: Path,
    descriptor: Descriptor,
    texts: dict[str, bytes],
    tables: dict[str, Table],
    validacion: dict[str, Any],
) -> Path:
    """Write every table of `descriptor` into `folder`: the CSV text validation read and the
    Parquet of the typed table it made (a table that failed validation, in a rejected
    output, gets its CSV only); returns the datapackage.json path."""
    folder.mkdir(parents=True, exist_ok=False)
    output = {k: copy.deepcopy(v) for k, v in descriptor.items() if k != "resources"}
    output["validacion"] = validacion
    resources = []
    for resource in descriptor["resources"]:
        name = resource["name"]
        csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
        files = [(csv_path, write_bytes(csv_path, texts[name]))]
        if name in tables:
            files.append((parquet_path, write_parquet(parquet_path, tables[name])))
        resources.extend(resource_entries(resource, files, DIALECT))
    output["resources"] = resources
    target = folder / "datapackage.json"
    write_descriptor(target, output)
    return target


def resource_entries(
    resource: dict[str, Any], files: list[tuple[Path, tuple[int, str]]], dialect: dict[str, Any]
) -> list[dict[str, Any]]:
    """A table's resources: its CSV, then its Parquet file ((path, (bytes, hash)) each)."""
    name = resource["name"]
    base = {k: v for k, v in resource.items() if k != "schema"}
    kinds = [
        {
            "name": name,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": dict(dialect),
        },
        # frictionless-py reads Parquet through pyarrow and never counts its bytes, so a
        # tabular Parquet resource with `bytes` always fails its byte-count check and its
        # hash goes unchecked. As a file resource both are verified; opendata's own
        # validation checks the Parquet content against the schema.
        {
            "name": parquet_name(name),
            "type": "file",
            "format": "parquet",
            "mediatype": PARQUET_MEDIATYPE,
        },
    ]
    entries = []
    for (path, (size, digest)), extra in zip(files, kinds, strict=False):
        entry = {**base, **extra, "path": path.name}
        entry.update({"bytes": size, "hash": digest, "schema": copy.deepcopy(resource["schema"])})
        entries.append(entry)
    return entries


def write_descriptor(path: Path, descriptor: dict[str, Any]) -> None:
    """Write `datapackage.json` deterministically: fixed key order, no timestamps."""
    rank = {key: index for index, key in enumerate(KEY_ORDER)}
    ordered = dict(sorted(descriptor.items(), key=lambda item: rank.get(item[0], len(rank))))
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
