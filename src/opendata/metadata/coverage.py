"""Temporal and spatial coverage, read from a package's own tables.

Temporal: from the `periodo` of every figure (the `indicadores` tables), else from the report's
period (`sources[].periodo`). Spatial: the figures are national, so the country (INEGI key
`00`, Estados Unidos Mexicanos), plus the INEGI keys (`cve_ent`) that any table's rows name.
Columns are read from the Parquet copy of each table: one column, whatever the table's size.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from opendata.metadata.periods import bounds
from opendata.metadata.vocabularies import COUNTRY_MEXICO
from opendata.package.table import Table

NATIONAL_KEY = "00"  # INEGI's key for the whole country in its tables
PERIOD_COLUMN = "periodo"
STATE_COLUMN = "cve_ent"


def _column(tables: dict[str, Table], resource: str, column: str) -> list[str]:
    """The distinct values of a column, batch by batch (a large table stays on disk)."""
    table = tables.get(resource)
    if table is None or column not in [f["name"] for f in table.schema["fields"]]:
        return []
    found: set[str] = set()
    for batch in table.iter_batches([column]):
        found.update(str(v) for v in batch.column(0).unique().to_pylist() if v not in (None, ""))
    return sorted(found)


def temporal_coverage(
    tables: dict[str, Table], descriptor: dict[str, Any]
) -> dict[str, str] | None:
    """{"inicio", "fin"} as ISO dates, or None when no period can be read."""
    periods = [
        value
        for resource in tables
        if resource.startswith("indicadores")
        for value in _column(tables, resource, PERIOD_COLUMN)
    ]
    if not periods:
        periods = [s["periodo"] for s in descriptor.get("sources", []) if s.get("periodo")]
    spans = [span for span in map(bounds, periods) if span is not None]
    if not spans:
        return None
    start = min(span[0] for span in spans)
    end = max(span[1] for span in spans)
    return {"inicio": start.isoformat(), "fin": end.isoformat()}


def spatial_coverage(tables: dict[str, Table]) -> dict[str, Any]:
    """The country, and the states (INEGI keys and names) the rows name."""
    from opendata.extract.entidades import entidad_named

    keys = sorted({key for resource in tables for key in _column(tables, resource, STATE_COLUMN)})
    states = []
    for key in keys:
        entidad = entidad_named(key)
        states.append({"cve_ent": key, "nombre": entidad.nombre if entidad else ""})
    text = f"Nacional: Estados Unidos Mexicanos (clave INEGI {NATIONAL_KEY})"
    if states:
        named = ", ".join(f"{s['cve_ent']} {s['nombre']}".strip() for s in states)
        text += f"; entidades federativas en los datos (claves INEGI): {named}"
    return {
        "ambito": "nacional",
        "cve_ent": NATIONAL_KEY,
        "entidades": states,
        "uri": COUNTRY_MEXICO,
        "texto": text,
    }


def overdue(end: str, periodicity_days: int | None, today: dt.date) -> bool:
    """True when a whole period has passed since the coverage ended without a new edition."""
    if periodicity_days is None:
        return False
    return dt.date.fromisoformat(end) + dt.timedelta(days=periodicity_days) < today
