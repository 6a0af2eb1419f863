"""`croissant.json`: a package described in Croissant 1.0 (MLCommons), beside its files.

Each CSV table is a FileObject with its sha256 and a RecordSet whose fields come from its
Table Schema, so `mlcroissant` reads the records straight from the CSV. Paths are relative to
the document.
"""

from __future__ import annotations

from typing import Any

from opendata.export.package_writer import parquet_name
from opendata.metadata.record import PackageRecord

CONTEXT: dict[str, Any] = {
    "@language": "es",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
FILE_NAME = "croissant.json"
# Croissant 1.0 names Parquet by this media type (mlcroissant reads no other for Parquet).
ENCODINGS = {"parquet": "application/x-parquet"}
# Table Schema types -> schema.org types mlcroissant reads values as.
DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "yearmonth": "sc:Text",
    "year": "sc:Integer",
}


def croissant_document(record: PackageRecord) -> dict[str, Any]:
    descriptor = record.descriptor
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": record.name,
        "description": str(descriptor.get("description", "")),
        "url": "datapackage.json",
        "license": record.licence.get("path") or record.licence.get("name", ""),
        "inLanguage": "es",
        "keywords": list(descriptor.get("keywords", [])),
        "distribution": [],
        "recordSet": [],
    }
    if descriptor.get("version"):
        document["version"] = str(descriptor["version"])
    if record.publisher:
        document["creator"] = {"@type": "sc:Organization", "name": record.publisher}
        document["publisher"] = {"@type": "sc:Organization", "name": record.publisher}
    cita = (descriptor.get("cita") or {}).get("texto")
    if cita:
        document["citeAs"] = cita
    if record.temporal:
        document["temporalCoverage"] = f"{record.temporal['inicio']}/{record.temporal['fin']}"
    if record.spatial:
        document["spatialCoverage"] = {
            "@type": "sc:Place",
            "name": record.spatial.get("texto", ""),
            "sameAs": record.spatial.get("uri", ""),
        }
    for file in record.files:
        document["distribution"].append(
            {
                "@type": "cr:FileObject",
                "@id": file.path,
                "name": file.path,
                "description": file.description or file.title,
                "contentUrl": file.path,
                "encodingFormat": ENCODINGS.get(file.format, file.mediatype),
                "contentSize": f"{file.bytes} B",
                "sha256": file.sha256,
            }
        )
    # Records are read from each table's Parquet copy: its column types survive reading
    # (a CSV read by pandas loses the leading zero of an INEGI key such as "09").
    by_name = {f.name: f for f in record.files}
    for file in record.files:
        if file.schema is not None:
            source = by_name.get(parquet_name(file.name), file)
            document["recordSet"].append(record_set(file.name, source.path, file.schema))
    return document


def record_set(name: str, path: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A CSV table's RecordSet: one field per Table Schema field, read from its column."""
    fields = []
    for field in schema.get("fields", []):
        node: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": f"{name}/{field['name']}",
            "name": field["name"],
            "dataType": DATA_TYPES.get(field.get("type", "string"), "sc:Text"),
            "source": {"fileObject": {"@id": path}, "extract": {"column": field["name"]}},
        }
        if field.get("description") or field.get("title"):
            node["description"] = field.get("description") or field["title"]
        fields.append(node)
    node = {"@type": "cr:RecordSet", "@id": name, "name": name, "field": fields}
    key = schema.get("primaryKey") or []
    keys = [key] if isinstance(key, str) else list(key)
    if keys:
        node["key"] = [{"@id": f"{name}/{k}"} for k in keys]
    return node
