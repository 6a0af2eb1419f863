"""Export: write one table as CSV (RFC 4180, UTF-8) and Parquet (typed from its Table Schema).

Both writers are deterministic: the same rows give the same bytes (fixed row order, fixed
writer settings, no timestamps).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from opendata.errors import InputError

Row = dict[str, Any]

PARQUET_COMPRESSION = "zstd"
PARQUET_COMPRESSION_LEVEL = 9


def check_rows(rows: list[Row], schema: dict[str, Any], where: str) -> None:
    """Every row has exactly the schema's columns (a pipeline bug otherwise)."""
    expected = [f["name"] for f in schema["fields"]]
    for number, row in enumerate(rows, start=1):
        if list(row) != expected:
            missing = [n for n in expected if n not in row]
            extra = [n for n in row if n not in expected]
            order = "" if missing or extra else "; columns out of order"
            raise InputError(
                f"{where}: row {number} does not match the schema "
                f"(missing {missing}, unexpected {extra}{order})"
            )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, rows: Iterable[Row], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_cell(row[name]) for name in fields])


def arrow_schema(schema: dict[str, Any]) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "yearmonth": pa.string(),
        "year": pa.int64(),
    }
    fields = []
    for field in schema["fields"]:
        required = bool(field.get("constraints", {}).get("required"))
        fields.append(pa.field(field["name"], types[field.get("type", "string")], not required))
    return pa.schema(fields)


def write_parquet(path: Path, rows: list[Row], schema: dict[str, Any], where: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = arrow_schema(schema)
    columns = {f.name: [row[f.name] for row in rows] for f in target}
    try:
        table = pa.Table.from_pydict(columns, schema=target)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise InputError(f"{where}: a value does not fit its column type ({exc})") from None
    pq.write_table(
        table,
        path,
        compression=PARQUET_COMPRESSION,
        compression_level=PARQUET_COMPRESSION_LEVEL,
        write_statistics=True,
        store_schema=False,
    )


def file_stats(path: Path) -> tuple[int, str]:
    """(bytes, "sha256:<hex>") of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, f"sha256:{digest.hexdigest()}"
