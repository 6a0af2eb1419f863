"""`dcat.jsonld`: a package's DCAT-AP 3 description, beside its files.

Plain JSON-LD written from the descriptor (no RDF library at run time). Files are named by
IRIs relative to the document, so the description holds wherever the folder is served; the
portal's own `/dataset/<name>.ttl` gives the same dataset with its portal URLs.
"""

from __future__ import annotations

from typing import Any

from opendata.metadata.record import PackageFile, PackageRecord
from opendata.metadata.vocabularies import (
    COUNTRY_MEXICO,
    LANGUAGE_SPANISH,
    SHA256,
    TABLE_SCHEMA,
    file_type_iri,
    frequency_iri,
    media_type_iri,
)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_NAME = "dcat.jsonld"


def _text(value: str) -> dict[str, str]:
    return {"@value": value, "@language": "es"}


def _typed(iri: str, kind: str) -> dict[str, str]:
    return {"@id": iri, "@type": kind}


def distribution(file: PackageFile, url: str, licence: str | None) -> dict[str, Any]:
    """One file as a dcat:Distribution; `url` is where it is downloaded from."""
    node: dict[str, Any] = {
        "@id": f"{url}#distribucion",
        "@type": "dcat:Distribution",
        "dct:title": _text(file.title),
        "dcat:accessURL": _typed(url, "rdfs:Resource"),
        "dcat:downloadURL": _typed(url, "rdfs:Resource"),
        "dcat:mediaType": _typed(media_type_iri(file.mediatype), "dct:MediaType"),
        "dct:format": _typed(file_type_iri(file.format), "dct:MediaTypeOrExtent"),
        "dcat:byteSize": {"@value": str(file.bytes), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _typed(SHA256, "spdx:ChecksumAlgorithm"),
            "spdx:checksumValue": {"@value": file.sha256, "@type": "xsd:hexBinary"},
        },
    }
    if file.description:
        node["dct:description"] = _text(file.description)
    if licence:
        node["dct:license"] = _typed(licence, "dct:LicenseDocument")
    if file.schema is not None:
        node["dct:conformsTo"] = _typed(TABLE_SCHEMA, "dct:Standard")
    return node


def dataset(record: PackageRecord, base: str = "") -> dict[str, Any]:
    """The package as a dcat:Dataset node; `base` prefixes every file's path."""
    descriptor = record.descriptor
    licence = record.licence.get("path")
    node: dict[str, Any] = {
        "@id": f"{base}#conjunto",
        "@type": "dcat:Dataset",
        "dct:identifier": record.name,
        "dct:title": _text(str(descriptor.get("title", ""))),
        "dct:description": _text(str(descriptor.get("description", ""))),
        "dcat:keyword": [_text(k) for k in descriptor.get("keywords", [])],
        "dct:language": _typed(LANGUAGE_SPANISH, "dct:LinguisticSystem"),
        "dct:conformsTo": _typed(TABLE_SCHEMA, "dct:Standard"),
        "dct:provenance": {
            "@type": "dct:ProvenanceStatement",
            "rdfs:label": _text(record.provenance),
        },
        "dcat:distribution": [distribution(f, f"{base}{f.path}", licence) for f in record.files],
    }
    if descriptor.get("version"):
        node["dcat:version"] = str(descriptor["version"])
    if record.publisher:
        node["dct:publisher"] = {
            "@id": f"{base}#publicador",
            "@type": "foaf:Agent",
            "foaf:name": _text(record.publisher),
        }
    contact = record.contact
    if contact["nombre"] or contact["correo"]:
        point: dict[str, Any] = {"@type": ["vcard:Kind", "vcard:Organization"]}
        if contact["nombre"]:
            point["vcard:fn"] = contact["nombre"]
        if contact["correo"]:
            point["vcard:hasEmail"] = {"@id": f"mailto:{contact['correo']}"}
        node["dcat:contactPoint"] = point
    if record.periodicity:
        node["dct:accrualPeriodicity"] = _typed(frequency_iri(record.periodicity), "dct:Frequency")
    if record.temporal:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": record.temporal["inicio"], "@type": "xsd:date"},
            "dcat:endDate": {"@value": record.temporal["fin"], "@type": "xsd:date"},
        }
    spatial = record.spatial
    node["dct:spatial"] = {
        "@id": spatial.get("uri", COUNTRY_MEXICO),
        "@type": "dct:Location",
        "skos:prefLabel": _text(spatial.get("texto", "Estados Unidos Mexicanos")),
    }
    cita = (descriptor.get("cita") or {}).get("texto")
    if cita:
        node["dct:bibliographicCitation"] = _text(cita)
    return node


def dcat_document(record: PackageRecord) -> dict[str, Any]:
    return {"@context": CONTEXT, **dataset(record)}
