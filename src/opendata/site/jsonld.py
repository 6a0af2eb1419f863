"""The schema.org `Dataset` each page embeds as JSON-LD, for search engines' dataset search."""

from __future__ import annotations

import json
from typing import Any

from opendata.site.packages import SitePackage


def dataset_jsonld(package: SitePackage, page_url: str | None, citation_text: str) -> str:
    """The JSON-LD text, safe inside a <script> element."""
    descriptor = package.descriptor
    publisher = {"@type": "Organization", "name": package.publisher or "opendata"}
    licence = (descriptor.get("licenses") or [{}])[0]
    base = page_url or ""
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": package.title,
        "description": str(descriptor.get("description", "")),
        "identifier": package.name,
        "keywords": package.keywords,
        "inLanguage": "es",
        "isAccessibleForFree": True,
        "license": licence.get("path") or licence.get("title", ""),
        "creator": publisher,
        "publisher": publisher,
        "version": str(descriptor.get("version", "")),
        "citation": citation_text,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f.title,
                "encodingFormat": f.mediatype or f.format,
                "contentUrl": base + f.name,
                "contentSize": f"{f.bytes} B",
                "sha256": f.sha256,
            }
            for f in package.files
        ],
        "variableMeasured": sorted(
            {str(field.get("title") or field["name"]) for t in package.tables for field in t.fields}
        ),
    }
    if page_url:
        document["url"] = page_url
    temporal = descriptor.get("cobertura_temporal") or {}
    if temporal.get("inicio") and temporal.get("fin"):
        document["temporalCoverage"] = f"{temporal['inicio']}/{temporal['fin']}"
    spatial = descriptor.get("cobertura_espacial") or {}
    if spatial.get("texto"):
        document["spatialCoverage"] = {"@type": "Place", "name": spatial["texto"]}
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return text.replace("</", "<\\/")  # never closes the script element early
