"""Load a CSV table into CKAN's DataStore: typed fields, a data dictionary, batches."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata.files import csv_rows

if TYPE_CHECKING:
    from opendata.validate.columns import ColumnCheck

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


def records(
    path: Path, schema: dict[str, Any], batch_rows: int = BATCH_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """The CSV's rows in batches, each cell typed as validation read it: the schema's missing
    values are null, and its trueValues, groupChar, date formats... hold."""
    from opendata.validate.columns import ColumnCheck

    columns = [ColumnCheck(field, schema, str(path)) for field in schema["fields"]]
    rows: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv_rows(handle, path)
        next(reader, None)
        for row in reader:
            rows.append(row)
            if len(rows) == batch_rows:
                yield _typed(rows, columns)
                rows = []
    if rows:
        yield _typed(rows, columns)


def _typed(rows: list[list[str]], checks: list[ColumnCheck]) -> list[dict[str, Any]]:
    import pyarrow as pa

    from opendata import arrow_values as av

    columns = []
    for number, check in enumerate(checks):
        cells = av.array([row[number] if number < len(row) else None for row in rows], pa.string())
        read = check.read(cells)
        values = read.export.to_pylist()  # yearmonth: its text, as DataStore stores it
        for row, value in read.oversized.items():
            values[row] = value
        columns.append([_json(value) for value in values])
    names = [check.name for check in checks]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _json(value: Any) -> Any:
    """A cell's value as JSON carries it to the DataStore."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")  # PostgreSQL's words
    return value
