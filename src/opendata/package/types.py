"""The seven Table Schema types, and what each is in every other system the data meets.

One table, used by every stage: the Arrow type a validated table holds and Parquet stores,
the text a CSV cell is written as, the DataStore's PostgreSQL type, the pandas dtype a
DataFrame gets (Great Expectations, `opendata.load`), and the schema.org type of Croissant.
Also the one CSV dialect opendata writes and declares. pyarrow is imported only by the
functions that build Arrow types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class FieldType:
    name: str
    arrow: str  # the pyarrow type factory: pa.<arrow>()
    datastore: str  # CKAN DataStore (PostgreSQL) column type
    pandas: str  # pandas dtype
    croissant: str  # schema.org type Croissant readers read values as
    # Worth a Parquet dictionary when the field is not a key: few distinct values are likely.
    dictionary: bool


TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType("string", "string", "text", "string", "sc:Text", True),
        FieldType("integer", "int64", "int8", "Int64", "sc:Integer", False),
        FieldType("number", "float64", "float8", "float64", "sc:Float", False),
        FieldType("boolean", "bool_", "bool", "boolean", "sc:Boolean", False),
        FieldType("date", "date32", "date", "datetime64[ms]", "sc:Date", True),
        FieldType("yearmonth", "string", "text", "string", "sc:Text", True),
        FieldType("year", "int64", "int4", "Int64", "sc:Integer", True),
    )
}

# The whole CSV dialect, so that no reader has to guess any of it (frictionless sniffs what a
# dialect leaves out, from the first rows).
DIALECT: dict[str, Any] = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "skipInitialSpace": False,
    "header": True,
}


def field_type(field: dict[str, Any]) -> FieldType:
    return TYPES[str(field.get("type", "string"))]


def primary_key(schema: dict[str, Any]) -> list[str]:
    """The primary key's field names (Table Schema allows a string for one field)."""
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def arrow_type(field: dict[str, Any]) -> pa.DataType:
    import pyarrow as pa

    return getattr(pa, field_type(field).arrow)()


def arrow_schema(schema: dict[str, Any]) -> pa.Schema:
    """The Arrow schema of a table: its types, and nullable unless the field is required."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(f["name"], arrow_type(f), not bool(f.get("constraints", {}).get("required")))
            for f in schema["fields"]
        ]
    )


def dictionary_columns(schema: dict[str, Any]) -> list[str]:
    """The columns a Parquet file stores with a dictionary: repeating kinds, not keys."""
    key = primary_key(schema)
    return [
        f["name"]
        for f in schema["fields"]
        if field_type(f).dictionary
        and not f.get("constraints", {}).get("unique")
        and key != [f["name"]]
    ]


def csv_cell(value: Any) -> str:
    """A typed value as its CSV cell: "" for null, true/false, ISO 8601 dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def pandas_mapper() -> Any:
    """`types_mapper` for pyarrow's to_pandas: nullable pandas dtypes for Arrow types."""
    import pandas as pd
    import pyarrow as pa

    mapping = {
        pa.string(): pd.StringDtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    return mapping.get


def to_pandas(table: pa.Table) -> Any:
    """A typed table as a DataFrame with the registry's dtypes (dates as datetime64[ms])."""
    import pyarrow as pa

    frame = table.to_pandas(types_mapper=pandas_mapper(), date_as_object=False)
    for field in table.schema:
        if pa.types.is_date(field.type):
            frame[field.name] = frame[field.name].astype("datetime64[ms]")
    return frame
