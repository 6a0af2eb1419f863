"""How a data package on disk maps to a CKAN dataset and its resources.

Every resource published carries `opendata_key`, a stable key (its file name in the
package) by which later runs find it again, whatever its display name.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import file_stats, inside
from opendata.manifest import read_manifest
from opendata.metadata.citation import citation
from opendata.metadata.record import PackageRecord, provenance_text
from opendata.metadata.vocabularies import LANGUAGE_SPANISH, SHA256, TABLE_SCHEMA, frequency_iri
from opendata.package.descriptor import read_written
from opendata.package.series import EDITION_COLUMN
from opendata.publish.portal_descriptor import landing_page

FORMATS = {"csv": ("CSV", "text/csv"), "parquet": ("Parquet", "application/vnd.apache.parquet")}
DESCRIPTOR_KEY = "datapackage.json"
EDITION_KEY = EDITION_COLUMN  # on an edition's own resources: the report they come from
REVISION_KEY = "opendata_revision"  # on a correction of an edition's file: 2, 3, ...


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    name: str
    description: str
    format: str
    mimetype: str
    size: int
    hash: str
    schema: dict[str, Any] | None  # for CSV tables: loaded into the DataStore
    # The bytes to upload instead of the file at `path` (the portal's datapackage.json).
    content: bytes | None = None
    # For CSV tables: the same table's typed Parquet file, which the DataStore rows come from.
    typed: Path | None = None
    # One edition's own file (its `periodo_informe`): published once, never overwritten; a
    # correction is a new resource, revision 2, 3, ... beside the first.
    edition: str | None = None
    revision: int = 1

    @property
    def upload_name(self) -> str:
        """The uploaded file's name, the last part of its URL: `<key>` or `<stem>-r<N>.<ext>`."""
        if self.revision == 1:
            return self.key
        stem, dot, extension = self.key.rpartition(".")
        return f"{stem}-r{self.revision}{dot}{extension}"

    @property
    def digest(self) -> str:
        """The sha256 as bare hex, as DCAT (spdx:checksumValue) and Croissant read it."""
        return self.hash.removeprefix("sha256:")

    def resource_fields(self) -> dict[str, str]:
        """The resource's metadata as CKAN stores it (flat strings, as in a multipart upload)."""
        fields = {
            "name": self.name if self.revision == 1 else f"{self.name}, revisión {self.revision}",
            "description": self.description,
            "format": self.format,
            "mimetype": self.mimetype,
            "size": str(self.size),
            "hash": self.digest,
            "hash_algorithm": SHA256,
            "opendata_key": self.key,
        }
        if self.edition:
            fields[EDITION_KEY] = self.edition
        if self.revision > 1:
            fields[REVISION_KEY] = str(self.revision)
        return fields


@dataclass
class LocalDataset:
    name: str
    folder: Path
    descriptor: dict[str, Any]
    files: list[LocalFile]
    run: dict[str, str]  # from the run manifest: input digest and code version

    @classmethod
    def read(cls, folder: Path) -> LocalDataset:
        path = folder / DESCRIPTOR_KEY
        if not path.exists():
            raise InputError(f"{path}: no data package here (run: opendata run)")
        descriptor = read_written(path)
        resources = descriptor.get("resources", [])
        files = []
        for resource in resources:
            label, mimetype = FORMATS.get(str(resource.get("format", "")), ("", ""))
            edition = resource.get(EDITION_KEY)
            # The series table is the one loaded into the DataStore; an edition's rows are in it.
            series_csv = resource.get("format") == "csv" and not edition
            # Never a file outside the package: it would be uploaded to the portal.
            file_path = inside(folder, resource.get("path"), f"resource {resource['name']!r}: path")
            size, digest = file_stats(file_path) if file_path.is_file() else (-1, "")
            if (size, digest) != (resource.get("bytes"), resource.get("hash")):
                raise InputError(
                    f"{file_path}: does not match its datapackage.json (size or sha256 differ); "
                    "run opendata run again"
                )
            title = resource.get("title") or resource["name"]
            files.append(
                LocalFile(
                    key=resource["path"],
                    path=file_path,
                    name=f"{title} ({label})",
                    description=resource.get("description", ""),
                    format=label,
                    mimetype=mimetype,
                    size=size,
                    hash=digest,
                    schema=resource.get("schema") if series_csv else None,
                    typed=_typed_file(folder, resources, resource, path) if series_csv else None,
                    edition=str(edition) if edition else None,
                )
            )
        size, digest = file_stats(path)
        files.append(
            LocalFile(
                key=DESCRIPTOR_KEY,
                path=path,
                name="Descriptor del paquete de datos (datapackage.json)",
                description="Metadatos y Table Schema de cada recurso (Frictionless Data Package).",
                format="JSON",
                mimetype="application/json",
                size=size,
                hash=digest,
                schema=None,
            )
        )
        manifest = read_manifest(folder.parent) or {}
        run = {
            "entradas_sha256": manifest.get("entradas_sha256", ""),
            "version_codigo": manifest.get("entradas", {}).get("codigo", {}).get("version", ""),
        }
        return cls(descriptor.get("name", folder.name), folder, descriptor, files, run)

    @property
    def previous_names(self) -> list[str]:
        """Names the dataset was published under before (`nombres_anteriores`)."""
        return [str(n) for n in self.descriptor.get("nombres_anteriores", [])]

    @property
    def validated(self) -> bool:
        return bool(self.descriptor.get("validacion", {}).get("valido"))

    def default_organization(self) -> tuple[str, str]:
        publisher = self.descriptor.get("publisher") or {}
        title = publisher.get("title") or "opendata"
        return publisher.get("name") or slugify(title), title

    def metadata(self, owner_org: str, portal_url: str) -> dict[str, Any]:
        """The dataset-level fields opendata sets, as CKAN's package_show returns them.

        Extras named as ckanext-dcat reads them (frequency, temporal_*, spatial_*, contact_*,
        publisher_name, conforms_to, language, provenance, cite_as) give DCAT and Croissant."""
        descriptor = self.descriptor
        licence = (descriptor.get("licenses") or [{}])[0]
        people = descriptor.get("contributors") or []
        author = next((p["title"] for p in people if p.get("role") in ("author", "publisher")), "")
        maintainer = next((p["title"] for p in people if p.get("role") == "maintainer"), author)
        source = (descriptor.get("sources") or [{}])[0]
        extras = {
            "fuente": source.get("title", ""),
            "fuente_archivo": source.get("path", ""),
            "fuente_sha256": source.get("sha256", ""),
            "periodo_informe": source.get("periodo", ""),
            "procedencia": provenance_text(descriptor),
            "version_paquete": descriptor.get("version", ""),
            **dcat_extras(PackageRecord(self.folder, descriptor), portal_url),
            **{key: value for key, value in self.run.items() if value},
        }
        return {
            "name": self.name,
            "url": ficha_url(self.name) or landing_page(portal_url, self.name),
            "title": descriptor.get("title", ""),
            "notes": descriptor.get("description", ""),
            "license_id": licence.get("name", ""),
            "version": descriptor.get("version", ""),
            "author": author,
            "maintainer": maintainer,
            "owner_org": owner_org,
            "tags": sorted(tag_name(k) for k in descriptor.get("keywords", [])),
            "extras": extras,
        }


def ficha_url(name: str) -> str | None:
    """The dataset's page on the static site (`opendata sitio`) served at $OPENDATA_SITE_URL,
    its landing page when the site is deployed; None without it."""
    site = os.environ.get("OPENDATA_SITE_URL", "").strip()
    return f"{site.rstrip('/')}/{name}/" if site.startswith(("https://", "http://")) else None


def _typed_file(
    folder: Path, resources: list[dict[str, Any]], table: dict[str, Any], where: Path
) -> Path:
    """The Parquet file of the CSV table `table`, which its DataStore rows are read from: the
    resource beside it (`<name>.parquet` for `<name>.csv`) with the same schema."""
    path = str(table.get("path", ""))
    twin = next(
        (
            r
            for r in resources
            if r.get("format") == "parquet"
            and r.get("path") == f"{path.removesuffix('.csv')}.parquet"
        ),
        None,
    )
    if twin is None or not path.endswith(".csv") or twin.get("schema") != table.get("schema"):
        raise InputError(
            f"{where}: table {table['name']!r} has no Parquet file with its schema beside its "
            "CSV (its DataStore rows are read from it); run opendata run again"
        )
    return inside(folder, twin.get("path"), f"resource {twin['name']!r}: path")


def tag_name(keyword: str) -> str:
    """CKAN tags allow letters, digits, spaces and -_. only."""
    return re.sub(r"[^\w \-.]", "", keyword, flags=re.UNICODE).strip()[:100]


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:100]


def portal_metadata(package: dict[str, Any], org_id_to_name: dict[str, str]) -> dict[str, Any]:
    """The same fields read back from package_show, for comparison."""
    owner = package.get("owner_org") or ""
    return {
        "name": package.get("name"),
        "url": package.get("url") or "",
        "title": package.get("title") or "",
        "notes": package.get("notes") or "",
        "license_id": package.get("license_id") or "",
        "version": package.get("version") or "",
        "author": package.get("author") or "",
        "maintainer": package.get("maintainer") or "",
        "owner_org": org_id_to_name.get(owner, owner),
        "tags": sorted(t["name"] for t in package.get("tags", [])),
        "extras": {e["key"]: e["value"] for e in package.get("extras", [])},
    }


def to_ckan(metadata: dict[str, Any]) -> dict[str, Any]:
    """Our metadata dict in the shape package_create/package_patch take."""
    data = dict(metadata)
    data["tags"] = [{"name": t} for t in metadata["tags"]]
    data["extras"] = [{"key": k, "value": v} for k, v in sorted(metadata["extras"].items())]
    return data


def dcat_extras(record: PackageRecord, portal_url: str) -> dict[str, str]:
    """The package's Mexican and DCAT metadata under the extras ckanext-dcat maps."""
    extras = {
        "periodicidad": record.periodicity,
        "frequency": frequency_iri(record.periodicity) if record.periodicity else "",
        "temporal_start": (record.temporal or {}).get("inicio", ""),
        "temporal_end": (record.temporal or {}).get("fin", ""),
        "spatial_uri": str(record.spatial.get("uri", "")),
        "spatial_text": str(record.spatial.get("texto", "")),
        "contact_name": record.contact["nombre"],
        "contact_email": record.contact["correo"],
        "publisher_name": record.publisher,
        "conforms_to": json.dumps([TABLE_SCHEMA]),
        "language": json.dumps([LANGUAGE_SPANISH]),
        "provenance": record.provenance,
        "cite_as": citation(record.descriptor, landing_page(portal_url, record.name)),
    }
    return {key: value for key, value in extras.items() if value}
