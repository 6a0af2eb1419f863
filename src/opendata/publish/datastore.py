"""Load a CSV table into CKAN's DataStore: typed fields, a data dictionary, batches."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DATASTORE_TYPES = {
    "string": "text",
    "integer": "int8",
    "number": "float8",
    "boolean": "bool",
    "date": "date",
    "yearmonth": "text",
    "year": "int4",
}
BATCH_ROWS = 1000


def datastore_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Typed fields with the Table Schema's titles and descriptions as the data dictionary."""
    return [
        {
            "id": field["name"],
            "type": DATASTORE_TYPES.get(field.get("type", "string"), "text"),
            "info": {"label": field.get("title", ""), "notes": field.get("description", "")},
        }
        for field in schema["fields"]
    ]


def _converter(kind: str) -> Callable[[str], Any]:
    if kind in ("integer", "year"):
        return int
    if kind == "number":
        return float
    if kind == "boolean":
        return lambda text: text.lower() == "true"
    return str


def records(
    path: Path, schema: dict[str, Any], batch_rows: int = BATCH_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """The CSV's rows, typed by the schema (empty cells are null), in batches."""
    convert = {f["name"]: _converter(f.get("type", "string")) for f in schema["fields"]}
    missing = set(schema.get("missingValues", [""]))
    batch: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            batch.append({k: None if v in missing else convert[k](v) for k, v in row.items()})
            if len(batch) >= batch_rows:
                yield batch
                batch = []
    if batch:
        yield batch
