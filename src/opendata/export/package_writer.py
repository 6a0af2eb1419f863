"""Export one dataset: its tables as CSV and Parquet resources plus `datapackage.json`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.export.writers import Row, check_rows, file_stats, write_csv, write_parquet
from opendata.package.descriptor import Descriptor

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
# Readers meet the package's identity first, its files last.
KEY_ORDER = (
    "name",
    "title",
    "description",
    "version",
    "keywords",
    "licenses",
    "publisher",
    "contributors",
    "sources",
    "correcciones",
    "inferencias",
    "validacion",
)


DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
# datapackage.json's `validacion` marks a package of large tables (export/table_package.py):
# `opendata validate` checks it as the run did, with the streaming validator.
LARGE_TABLES = "tablas_grandes"


def parquet_name(resource: str) -> str:
    return f"{resource}-parquet"


def write_package(
    folder: Path,
    descriptor: Descriptor,
    tables: dict[str, list[Row]],
    provenance: dict[str, Any],
) -> Path:
    """Write every table of `descriptor` into `folder`; returns the datapackage.json path."""
    folder.mkdir(parents=True, exist_ok=False)
    declared = [r["name"] for r in descriptor["resources"]]
    if sorted(declared) != sorted(tables):
        raise InputError(
            f"{descriptor['name']}: the pipeline produced {sorted(tables)} "
            f"but the descriptor declares {sorted(declared)}"
        )
    output = {k: copy.deepcopy(v) for k, v in descriptor.items() if k != "resources"}
    sources = output.get("sources") or [{"title": provenance["source"]["path"]}]
    output["sources"] = [dict(source, **provenance["source"]) for source in sources]
    if provenance.get("corrections"):
        output["correcciones"] = provenance["corrections"]
    if provenance.get("inferences"):
        output["inferencias"] = provenance["inferences"]
    resources = []
    for resource in descriptor["resources"]:
        name = resource["name"]
        rows = tables[name]
        where = f"{descriptor['name']}/{name}"
        schema = resource["schema"]
        check_rows(rows, schema, where)
        fields = [f["name"] for f in schema["fields"]]
        csv_path = folder / f"{name}.csv"
        write_csv(csv_path, rows, fields)
        parquet_path = folder / f"{name}.parquet"
        write_parquet(parquet_path, rows, schema, where)
        files = [(csv_path, file_stats(csv_path)), (parquet_path, file_stats(parquet_path))]
        resources.extend(resource_entries(resource, files, DIALECT))
    output["resources"] = resources
    target = folder / "datapackage.json"
    write_descriptor(target, output)
    return target


def resource_entries(
    resource: dict[str, Any], files: list[tuple[Path, tuple[int, str]]], dialect: dict[str, Any]
) -> list[dict[str, Any]]:
    """A table's two resources: its CSV and its Parquet file, ((path, (bytes, hash)) each)."""
    name = resource["name"]
    base = {k: v for k, v in resource.items() if k != "schema"}
    (csv_path, csv_stats), (parquet_path, parquet_stats) = files
    entries = []
    for path, (size, digest), extra in (
        (
            csv_path,
            csv_stats,
            {
                "name": name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": dict(dialect),
            },
        ),
        (
            parquet_path,
            parquet_stats,
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
        ),
    ):
        entry = {**base, **extra, "path": path.name}
        entry.update({"bytes": size, "hash": digest, "schema": copy.deepcopy(resource["schema"])})
        entries.append(entry)
    return entries


def write_descriptor(path: Path, descriptor: dict[str, Any]) -> None:
    """Write `datapackage.json` deterministically: fixed key order, no timestamps."""
    rank = {key: index for index, key in enumerate(KEY_ORDER)}
    ordered = dict(sorted(descriptor.items(), key=lambda item: rank.get(item[0], len(rank))))
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
