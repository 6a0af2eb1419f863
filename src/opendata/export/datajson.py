"""`data.json`: every package of an output folder as a DCAT-US 1.1 catalog, the form of the
catalogs datos.gob.mx harvested through ADELA. URLs are relative to data.json itself.

`bureauCode` and `programCode` (US federal budget codes) have no Mexican counterpart and are
left out, as ADELA left them out. `modified` is the declared periodicity (a repeating
duration, which DCAT-US 1.1 accepts there): a date would make two runs differ; the portal's
metadata carries the real date of each change.
"""

from __future__ import annotations

from typing import Any

from opendata.metadata.record import PackageRecord
from opendata.metadata.vocabularies import TABLE_SCHEMA

FILE_NAME = "data.json"
SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def dataset_entry(record: PackageRecord) -> dict[str, Any]:
    descriptor = record.descriptor
    prefix = f"{record.folder.name}/"
    contact = record.contact
    entry: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "identifier": record.name,
        "title": str(descriptor.get("title", "")),
        "description": str(descriptor.get("description", "")),
        "keyword": list(descriptor.get("keywords", [])),
        "publisher": {"@type": "org:Organization", "name": record.publisher},
        "contactPoint": {
            "@type": "vcard:Contact",
            "fn": contact["nombre"],
            "hasEmail": f"mailto:{contact['correo']}",
        },
        "accessLevel": "public",
        "license": record.licence.get("path", ""),
        "language": ["es-MX"],
        "conformsTo": TABLE_SCHEMA,
        "describedBy": f"{prefix}datapackage.json",
        "describedByType": "application/json",
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": f.title,
                "description": f.description or f.title,
                "downloadURL": f"{prefix}{f.path}",
                "mediaType": f.mediatype,
                "format": f.format.upper(),
            }
            for f in record.files
        ],
    }
    if record.periodicity:
        entry["accrualPeriodicity"] = record.periodicity
        if record.periodicity.startswith("R/"):
            entry["modified"] = record.periodicity
    if record.temporal:
        entry["temporal"] = f"{record.temporal['inicio']}/{record.temporal['fin']}"
    if record.spatial.get("texto"):
        entry["spatial"] = record.spatial["texto"]
    return entry


def data_json(records: list[PackageRecord]) -> dict[str, Any]:
    return {
        "@context": f"{SCHEMA}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": f"{SCHEMA}/catalog.json",
        "dataset": [dataset_entry(r) for r in sorted(records, key=lambda r: r.name)],
    }
