"""Editions on the portal: published once, then only corrected, and every correction logged.

An edition's own file (`indicadores-2023-2024.csv`) keeps its first resource, URL and bytes
for good. When a later run gives that edition other bytes (an extraction bug fixed, an
erratum), the plan says `correct`: the new file becomes a new resource of the same
`opendata_key` with `opendata_revision` 2, 3, ... (its upload named `…-r2.csv`), the earlier
ones stay, and each changed value goes into the dataset's change log `cambios.csv` (date,
edition, resource, indicator, field, old value, new value, reason), read from the published
file and the new one row by row, keyed by the table's primary key.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from opendata.errors import InputError
from opendata.files import expected_sha256
from opendata.package.types import DIALECT, primary_key
from opendata.portal import Body, Portal
from opendata.publish.mapping import EDITION_KEY, REVISION_KEY, LocalDataset, LocalFile

CHANGES_KEY = "cambios.csv"
CHANGES_RESOURCE = "cambios"
CORRECTIONS_EXTRA = "correcciones"  # how many corrections the dataset's version counts
MAX_PUBLISHED_BYTES = 256 * 1024 * 1024  # an edition's file read back for its differences
ROW = "(fila)"
# Where a figure was read, not what it says: logged only for a correction that changes
# nothing else (a figure's sentence changes with every other figure of that sentence).
PROVENANCE = frozenset({"cifra_texto", "metodo", "seccion", "oracion"})

CHANGES_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "fecha", "title": "Fecha", "type": "date", "description": "Día de la corrección."},
        {
            "name": EDITION_KEY,
            "title": "Periodo del informe",
            "type": "string",
            "description": "La edición del informe corregida (AAAA/AAAA).",
        },
        {
            "name": "recurso",
            "title": "Recurso",
            "type": "string",
            "description": "El archivo de la edición corregido.",
        },
        {
            "name": "indicador",
            "title": "Indicador",
            "type": "string",
            "description": "El indicador de la fila; en una lista, la clave de la fila.",
        },
        {
            "name": "campo",
            "title": "Campo",
            "type": "string",
            "description": f"La columna que cambió; «{ROW}» si la fila se agregó o se quitó.",
        },
        {"name": "valor_anterior", "title": "Valor anterior", "type": "string"},
        {"name": "valor_nuevo", "title": "Valor nuevo", "type": "string"},
        {"name": "motivo", "title": "Motivo", "type": "string"},
    ]
}
CHANGES_COLUMNS = [f["name"] for f in CHANGES_SCHEMA["fields"]]


@dataclass(frozen=True)
class Correction:
    """Permission to publish corrections of published editions, and why (for cambios.csv)."""

    reason: str
    date: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).date().isoformat())


def revision(resource: dict[str, Any]) -> int:
    value = str(resource.get(REVISION_KEY) or "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def latest_revisions(resources: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each `opendata_key`'s resource, the latest revision where an edition has several."""
    latest: dict[str, dict[str, Any]] = {}
    for resource in resources:
        key = resource.get("opendata_key")
        if key and (key not in latest or revision(resource) > revision(latest[key])):
            latest[key] = resource
    return latest


def is_kept(resource: dict[str, Any]) -> bool:
    """Never stale, never pruned: an edition's files (every revision) and the change log."""
    return bool(resource.get(EDITION_KEY)) or resource.get("opendata_key") == CHANGES_KEY


def bumped(version: str, corrections: int) -> str:
    """The dataset's version on the portal: its descriptor's, the patch raised by one per
    correction ("1.0.0" and 2 corrections: "1.0.2")."""
    parts = version.split(".")
    if corrections <= 0:
        return version
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}.{parts[1]}.{int(parts[2]) + corrections}"
    return f"{version}+correccion.{corrections}"


def published_bytes(portal: Portal, resource: dict[str, Any], what: str) -> bytes:
    """A published file's bytes, checked against the sha256 the portal records for it."""

    def receive(body: Body) -> bytes:
        buffer = bytearray()
        for chunk in body.chunks:
            buffer += chunk
            if len(buffer) > MAX_PUBLISHED_BYTES:
                raise InputError(f"{what}: over {MAX_PUBLISHED_BYTES:,} bytes on the portal")
        return bytes(buffer)

    content = portal.download(str(resource.get("url") or ""), receive)
    expected = expected_sha256(resource.get("hash"))
    if expected and hashlib.sha256(content).hexdigest() != expected:
        raise InputError(
            f"{what}: the published file does not match the sha256 the portal records for it"
        )
    return content


def changed_values(
    local: LocalDataset, file: LocalFile, published: bytes, correction: Correction
) -> list[dict[str, str]]:
    """The change-log rows between an edition's published CSV and its new one."""
    schema = _schema(local, file)
    key = primary_key(schema) or [f["name"] for f in schema.get("fields", [])]
    old = _rows(published, key, f"{local.name}: {file.key} on the portal")
    new = _rows(file.path.read_bytes(), key, str(file.path))
    base = {
        "fecha": correction.date,
        EDITION_KEY: file.edition or "",
        "recurso": file.key,
        "motivo": correction.reason,
    }
    changes: list[dict[str, str]] = []
    provenance: list[dict[str, str]] = []
    for row_key in sorted(old.keys() | new.keys()):
        before, after = old.get(row_key), new.get(row_key)
        label = _label(before or after or {}, key)
        if before is None or after is None:
            changes.append(
                {
                    **base,
                    "indicador": label,
                    "campo": ROW,
                    "valor_anterior": "" if before is None else _joined(before),
                    "valor_nuevo": "" if after is None else _joined(after),
                }
            )
            continue
        for column in after:
            if before.get(column) != after[column]:
                (provenance if column in PROVENANCE else changes).append(
                    {
                        **base,
                        "indicador": label,
                        "campo": column,
                        "valor_anterior": before.get(column, ""),
                        "valor_nuevo": after[column],
                    }
                )
    return changes or provenance


def change_log(earlier: bytes | None, rows: Sequence[dict[str, str]]) -> bytes:
    """cambios.csv: the rows already published, then `rows`."""
    kept: list[dict[str, str]] = []
    if earlier is not None:
        reader = csv.DictReader(io.StringIO(earlier.decode("utf-8")))
        if reader.fieldnames != CHANGES_COLUMNS:
            raise InputError(f"{CHANGES_KEY} on the portal: unexpected columns {reader.fieldnames}")
        kept = list(reader)
    text = io.StringIO()
    writer = csv.DictWriter(text, CHANGES_COLUMNS, lineterminator=DIALECT["lineTerminator"])
    writer.writeheader()
    writer.writerows([*kept, *rows])
    return text.getvalue().encode("utf-8")


def changes_entry(size: int, digest: str) -> dict[str, Any]:
    """cambios.csv in the portal's datapackage.json (its `path` becomes its URL)."""
    return {
        "name": CHANGES_RESOURCE,
        "title": "Registro de cambios",
        "description": (
            "Cada valor corregido de una edición ya publicada: la edición, el recurso, el valor "
            "anterior, el nuevo y el motivo. Las revisiones anteriores siguen publicadas."
        ),
        "path": CHANGES_KEY,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{digest}",
        "dialect": dict(DIALECT),
        "schema": CHANGES_SCHEMA,
    }


def _schema(local: LocalDataset, file: LocalFile) -> dict[str, Any]:
    for resource in local.descriptor.get("resources", []):
        if resource.get("path") == file.key and isinstance(resource.get("schema"), dict):
            return dict(resource["schema"])
    raise InputError(f"{local.folder}: {file.key} has no schema in datapackage.json")


def _rows(content: bytes, key: list[str], where: str) -> dict[tuple[str, ...], dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{where}: not a readable CSV ({exc})") from None
    missing = [k for k in key if k not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{where}: no column {', '.join(missing)} of the primary key")
    return {tuple(row[k] for k in key): row for row in rows}


def _label(row: dict[str, str], key: list[str]) -> str:
    if row.get("indicador"):
        return row["indicador"]
    return ", ".join(f"{k}={row.get(k, '')}" for k in key if k != EDITION_KEY)


def _joined(row: dict[str, str]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=False)
