"""The datapackage.json published to the portal: the local one, with each resource named by
its absolute portal URL (a relative path would resolve to `…/download/<file>` of the
descriptor's own resource, which CKAN answers with the descriptor) and the citation carrying
the dataset's portal address. `frictionless validate <its URL>` then reads every file."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from opendata.metadata.citation import citation


def landing_page(portal_url: str, name: str) -> str:
    return f"{portal_url.rstrip('/')}/dataset/{name}"


def portal_descriptor(
    descriptor: dict[str, Any], urls: dict[str, str], portal_url: str
) -> bytes | None:
    """The portal's descriptor as bytes; None while a resource has no portal URL yet.

    `urls` maps each resource's local path (its `opendata_key` on the portal) to its URL."""
    published = copy.deepcopy(descriptor)
    for resource in published.get("resources", []):
        url = urls.get(resource.get("path", ""))
        if not url:
            return None
        resource["path"] = url
    if "cita" in published:
        url = landing_page(portal_url, str(published.get("name", "")))
        published["cita"] = {**published["cita"], "texto": citation(published, url)}
    return (json.dumps(published, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def stats(content: bytes) -> tuple[int, str]:
    return len(content), f"sha256:{hashlib.sha256(content).hexdigest()}"
