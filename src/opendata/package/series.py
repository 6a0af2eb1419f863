"""A report dataset's descriptor as a series: every table holds every edition of the report.

Each resource's Table Schema gains `periodo_informe` as its first field, in its primary key;
a field that was unique in one edition's table is unique within each edition, which the key
now says (its `unique` is dropped). Each edition also gets its own copy of every resource
(`indicadores-2023-2024`, with `periodo_informe` in its descriptor): the files a portal keeps
as first published.
"""

from __future__ import annotations

import copy
from typing import Any

from opendata.package.types import primary_key

Descriptor = dict[str, Any]

# The column extraction writes (opendata.extract.series.EDITION_COLUMN), as the later stages
# read it.
EDITION_COLUMN = "periodo_informe"
EDITION_FIELD: dict[str, Any] = {
    "name": EDITION_COLUMN,
    "title": "Periodo del informe",
    "type": "string",
    "description": (
        "Periodo del informe de cierre del que se leyó la fila (AAAA/AAAA, intervalo de años "
        "ISO 8601): cada edición del informe es una parte de la serie."
    ),
    "constraints": {"required": True, "pattern": "^[0-9]{4}/[0-9]{4}$"},
}


def series_schema(schema: dict[str, Any]) -> dict[str, Any]:
    found = copy.deepcopy(schema)
    fields = []
    for field in found["fields"]:
        constraints = {k: v for k, v in field.get("constraints", {}).items() if k != "unique"}
        fields.append({**field, "constraints": constraints} if "constraints" in field else field)
    found["fields"] = [copy.deepcopy(EDITION_FIELD), *fields]
    found["primaryKey"] = [EDITION_FIELD["name"], *primary_key(schema)]
    return found


def series_descriptor(descriptor: Descriptor, editions: list[tuple[str, str]]) -> Descriptor:
    """The descriptor of the series (loaded with `series=True`) with each edition's own
    resources; `editions`: (label "2023/2024", resource suffix "2023-2024") of each edition
    with rows, oldest first."""
    found = copy.deepcopy(descriptor)
    series = found["resources"]
    found["resources"] = series + [
        {
            **resource,
            "name": f"{resource['name']}-{suffix}",
            "title": f"{resource.get('title', resource['name'])} (informe {suffix})",
            "description": (
                f"{resource.get('description', '')} Solo las filas del informe {suffix}: "
                "se publica una vez y no cambia."
            ).strip(),
            EDITION_FIELD["name"]: edition,
        }
        for edition, suffix in editions
        for resource in series
    ]
    return found


def is_edition_resource(resource: dict[str, Any]) -> bool:
    """One edition's own copy of a table (the series holds its rows too)."""
    return EDITION_FIELD["name"] in resource
