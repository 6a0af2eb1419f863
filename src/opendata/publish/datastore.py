"""Load a table into CKAN's DataStore: typed fields, a data dictionary, rows in batches.

The rows are read once, from the table's typed Parquet file, a row group at a time: its
values are the ones validation read from the CSV (the schema's missing values are null, its
trueValues, groupChar and date formats hold), so nothing parses the CSV again. Each value
goes as JSON carries it: a date as ISO text, a non-finite number as PostgreSQL's word.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.portal import Portal, PortalNotFound

# Table Schema type -> (DataStore type, the Arrow type of its Parquet column).
# To move to the shared type registry, opendata/package/types.py (issue 14).
TYPES = {
    "string": ("text", "string"),
    "integer": ("int8", "int64"),
    "number": ("float8", "double"),
    "boolean": ("bool", "bool"),
    "date": ("date", "date32[day]"),
    "yearmonth": ("text", "string"),  # its text, as the Parquet file holds it
    "year": ("int4", "int64"),
}
BATCH_ROWS = 1000


def datastore_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Typed fields with the Table Schema's titles and descriptions as the data dictionary."""
    return [
        {
            "id": field["name"],
            "type": TYPES.get(field.get("type", "string"), ("text", ""))[0],
            "info": {"label": field.get("title", ""), "notes": field.get("description", "")},
        }
        for field in schema["fields"]
    ]


def load_table(
    portal: Portal,
    resource_id: str,
    parquet: Path,
    schema: dict[str, Any],
    progress: Callable[[int], None] = lambda rows: None,
) -> int:
    """Replace the resource's DataStore table with the rows of `parquet`; the rows loaded.
    `progress` hears the rows loaded so far after each batch."""
    with contextlib.suppress(PortalNotFound):  # no table yet
        portal.call_action("datastore_delete", {"resource_id": resource_id, "force": True})
    key = schema.get("primaryKey") or []
    create: dict[str, Any] = {
        "resource_id": resource_id,
        "force": True,
        "fields": datastore_fields(schema),
        "primary_key": [key] if isinstance(key, str) else list(key),
    }
    loaded = 0
    for number, batch in enumerate(records(parquet, schema)):
        if number == 0:
            portal.call_action("datastore_create", {**create, "records": batch})
        else:
            portal.call_action(
                "datastore_upsert",
                {"resource_id": resource_id, "force": True, "method": "insert", "records": batch},
            )
        loaded += len(batch)
        progress(loaded)
    if loaded == 0:
        portal.call_action("datastore_create", create)
    return loaded


def records(
    parquet: Path, schema: dict[str, Any], batch_rows: int = BATCH_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """The table's rows in batches of `batch_rows`, as the DataStore takes them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [field["name"] for field in schema["fields"]]
    try:
        with pq.ParquetFile(parquet) as table:
            _check_columns(table.schema_arrow, schema, parquet)
            pending: list[pa.Table] = []
            held = 0
            for batch in table.iter_batches(batch_size=batch_rows, columns=names):
                pending.append(pa.Table.from_batches([batch]))
                held += batch.num_rows
                while held >= batch_rows:  # a row group's end makes a short batch: joined up
                    rows = pa.concat_tables(pending)
                    yield _rows(rows.slice(0, batch_rows), names)
                    pending, held = [rows.slice(batch_rows)], held - batch_rows
            if held:
                yield _rows(pa.concat_tables(pending), names)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{parquet}: unreadable Parquet file ({type(exc).__name__})") from None


def _check_columns(columns: Any, schema: dict[str, Any], parquet: Path) -> None:
    """Each field of the schema is a column of the type its Table Schema type gives."""
    for field in schema["fields"]:
        kind = field.get("type", "string")
        index = columns.get_field_index(field["name"])
        found = str(columns.field(index).type) if index >= 0 else "no column"
        if kind not in TYPES or found != TYPES[kind][1]:
            raise InputError(
                f"{parquet}: field {field['name']!r} ({kind}) is {found} in the Parquet file, "
                "not as its schema types it (run opendata run again)"
            )


def _rows(table: Any, names: list[str]) -> list[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.select(names).itercolumns():
        if pa.types.is_date32(column.type):
            columns.append(pc.cast(column, pa.string()).to_pylist())  # ISO, as date.isoformat
            continue
        values = column.to_pylist()
        if pa.types.is_floating(column.type) and not pc.all(pc.is_finite(column)).as_py():
            values = [_word(v) for v in values]
        columns.append(values)
    if not columns:
        return [{} for _ in range(table.num_rows)]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _word(value: float | None) -> float | str | None:
    """A number as JSON carries it to the DataStore: PostgreSQL's word for a non-finite one."""
    if value is None or math.isfinite(value):
        return value
    return str(value).replace("inf", "Infinity").replace("nan", "NaN")
