"""One package's metadata as portals and harvesters read it, from its datapackage.json and
tables: what the DCAT, Croissant and data.json exports and the CKAN mapping share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opendata.metadata.citation import citation
from opendata.metadata.coverage import spatial_coverage, temporal_coverage
from opendata.package.table import Table

# Keys this module adds to a package's datapackage.json (computed, not declared).
COMPUTED = ("cobertura_temporal", "cobertura_espacial", "cita")
DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class PackageFile:
    """A data file of the package: one resource of its datapackage.json."""

    name: str
    path: str
    title: str
    description: str
    format: str
    mediatype: str
    bytes: int
    sha256: str  # bare hex
    schema: dict[str, Any] | None


@dataclass(frozen=True)
class PackageRecord:
    folder: Path
    descriptor: dict[str, Any]

    @classmethod
    def read(cls, folder: Path) -> PackageRecord:
        from opendata.errors import InputError

        path = folder / DESCRIPTOR
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: not a readable datapackage.json ({exc})") from None
        if not isinstance(descriptor, dict):
            raise InputError(f"{path}: not a data package descriptor")
        return cls(folder, descriptor)

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.folder.name)

    @property
    def files(self) -> list[PackageFile]:
        return [
            PackageFile(
                name=r["name"],
                path=r["path"],
                title=r.get("title") or r["name"],
                description=r.get("description", ""),
                format=r.get("format", ""),
                mediatype=r.get("mediatype", ""),
                bytes=int(r.get("bytes", 0)),
                sha256=str(r.get("hash", "")).removeprefix("sha256:"),
                schema=r.get("schema") if r.get("format") == "csv" else None,
            )
            for r in self.descriptor.get("resources", [])
        ]

    @property
    def periodicity(self) -> str:
        return str(self.descriptor.get("periodicidad") or "")

    @property
    def contact(self) -> dict[str, str]:
        contact = self.descriptor.get("contacto")
        if not isinstance(contact, dict):  # absent or mistyped: the compliance check says so
            contact = {}
        return {"nombre": str(contact.get("nombre", "")), "correo": str(contact.get("correo", ""))}

    @property
    def publisher(self) -> str:
        return str((self.descriptor.get("publisher") or {}).get("title", ""))

    @property
    def licence(self) -> dict[str, str]:
        return dict((self.descriptor.get("licenses") or [{}])[0])

    @property
    def temporal(self) -> dict[str, str] | None:
        value = self.descriptor.get("cobertura_temporal")
        return dict(value) if value else None

    @property
    def spatial(self) -> dict[str, Any]:
        return dict(self.descriptor.get("cobertura_espacial") or {})

    @property
    def provenance(self) -> str:
        return provenance_text(self.descriptor)


def provenance_text(descriptor: dict[str, Any]) -> str:
    """Where the figures come from, as the portal's `procedencia` says it."""
    from opendata.package.descriptor import LARGE_TABLES  # not at import: it loads yaml

    if descriptor.get("validacion", {}).get(LARGE_TABLES):
        return (
            "Tablas tal como llegaron en sus archivos CSV de origen (su sha256 está en "
            "datapackage.json), validadas celda por celda contra su Table Schema."
        )
    corrections = len(descriptor.get("correcciones", []))
    return (
        "Cada cifra lleva la sección y la oración del informe de la que se leyó; "
        f"{corrections} correcciones declaradas del texto del PDF."
    )


def computed_metadata(tables: dict[str, Table], descriptor: dict[str, Any]) -> dict[str, Any]:
    """The keys of COMPUTED for a package, from its typed tables."""
    values: dict[str, Any] = {
        "cobertura_temporal": temporal_coverage(tables, descriptor),
        "cobertura_espacial": spatial_coverage(tables),
        "cita": {"formato": "Libre Uso MX", "texto": citation(descriptor)},
    }
    return {key: value for key, value in values.items() if value}
