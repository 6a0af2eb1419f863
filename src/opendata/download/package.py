"""Download a dataset from any CKAN portal as a verified Frictionless data package.

Datasets that opendata published carry their `datapackage.json`: it gives the schemas and
the sha256 and size of every file. For a dataset someone else published (plain CKAN, CSV
resources, no descriptor) the descriptor is rebuilt from CKAN's metadata and frictionless's
inference, and says so in `opendata.descriptor`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata import destination
from opendata.download.fetch import Progress, fetch, safe_name
from opendata.errors import InputError
from opendata.files import expected_sha256, load_json_object, write_text_atomically
from opendata.portal import Portal

DESCRIPTOR = "datapackage.json"
FORMATS = {"csv": {"csv"}, "parquet": {"parquet"}, "all": {"csv", "parquet"}}


@dataclass
class Downloaded:
    dataset: str
    folder: Path
    files: list[str] = field(default_factory=list)
    inferred: bool = False


def list_datasets(
    portal: Portal, organization: str | None = None, query: str = ""
) -> list[dict[str, Any]]:
    """What the portal offers: name, title, last modified, formats."""
    data: dict[str, Any] = {"q": query or "*:*", "rows": 1000, "sort": "name asc"}
    if organization:
        data["fq"] = f"organization:{organization}"
    found = portal.call_action("package_search", data)
    return [
        {
            "name": p["name"],
            "title": p.get("title", ""),
            "modified": (p.get("metadata_modified") or "")[:19],
            "formats": sorted({(r.get("format") or "?").upper() for r in p.get("resources", [])}),
        }
        for p in found["results"]
    ]


def download_dataset(
    portal: Portal,
    name: str,
    dest: Path,
    *,
    formats: str = "all",
    allow_external: bool = False,
    progress: Progress | None = None,
    note: Callable[[str], None] = lambda message: None,
) -> Downloaded:
    """Write DEST/<name>/ with datapackage.json and the files, replacing it only when complete."""
    package = portal.call_action("package_show", {"id": name})
    target = dest / safe_name(name)
    dest.mkdir(parents=True, exist_ok=True)
    with destination.writing(dest, in_place=True):  # one download at a time into DEST
        destination.recover(target)  # what a download killed before left of this dataset
        staging = destination.new_staging(target, mode_of=dest)
        try:
            fetch_args = {"allow_external": allow_external, "progress": progress}
            descriptor_resource = _descriptor_resource(package)
            if descriptor_resource is not None:
                result = _from_descriptor(
                    portal, package, descriptor_resource, staging, formats, fetch_args
                )
            else:
                note(
                    f"{name}: no datapackage.json on the portal; "
                    "descriptor inferred from CKAN and the data"
                )
                result = _inferred(portal, package, staging, formats, fetch_args)
            destination.swap_in(staging, target)
            result.folder = target
            return result
        finally:
            destination.remove(staging)


def check_dest(dest: Path, project_root: Path | None, force: bool) -> Path:
    """`--dest`, resolved, if downloads may go there (opendata.destination)."""
    return destination.check_destination(
        dest,
        "--dest",
        project_root=project_root,
        earlier_output=holds_datasets,
        force=force,
        swapped=False,
    )


def holds_datasets(folder: Path) -> bool:
    """Whether every visible entry of `folder` is a downloaded data package."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return all(p.is_dir() and (p / DESCRIPTOR).is_file() for p in entries)


def _descriptor_resource(package: dict[str, Any]) -> dict[str, Any] | None:
    for resource in package.get("resources", []):
        if resource.get("opendata_key") == DESCRIPTOR:
            return dict(resource)
    for resource in package.get("resources", []):
        if str(resource.get("url", "")).endswith(f"/{DESCRIPTOR}"):
            return dict(resource)
    return None


def _from_descriptor(
    portal: Portal,
    package: dict[str, Any],
    descriptor_resource: dict[str, Any],
    folder: Path,
    formats: str,
    fetch_args: dict[str, Any],
) -> Downloaded:
    path = folder / DESCRIPTOR
    fetch(
        portal,
        descriptor_resource["url"],
        path,
        sha256=expected_sha256(descriptor_resource.get("hash")),
        **fetch_args,
    )
    descriptor = load_json_object(path, f"published datapackage.json of {package['name']}")
    if not isinstance(descriptor.get("resources", []), list):
        raise InputError(f"{package['name']}: the published datapackage.json has no resource list")
    by_key = {
        r.get("opendata_key"): r for r in package.get("resources", []) if r.get("opendata_key")
    }
    # The published descriptor names each file by its portal URL; older ones by file name.
    by_key.update({r["url"]: r for r in package.get("resources", []) if r.get("url")})
    kept = []
    result = Downloaded(package["name"], folder)
    for resource in descriptor.get("resources", []):
        if not isinstance(resource, dict) or resource.get("format") not in FORMATS[formats]:
            continue
        portal_resource = by_key.get(resource.get("path"))
        if portal_resource is None:
            raise InputError(
                f"{package['name']}: {resource.get('path')} is in datapackage.json "
                "but not on the portal"
            )
        # The file's name in the package it was published from (an edition's corrected
        # revision, uploaded as …-r2.csv, is still indicadores-2023-2024.csv); else its URL's.
        local_name = safe_name(str(portal_resource.get("opendata_key") or resource.get("path", "")))
        fetch(
            portal,
            portal_resource["url"],
            folder / local_name,
            sha256=expected_sha256(resource.get("hash")),
            size=resource.get("bytes"),
            **fetch_args,
        )
        kept.append({**resource, "path": local_name})
        result.files.append(local_name)
    descriptor["resources"] = kept
    write_text_atomically(path, json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
    return result


def _inferred(
    portal: Portal, package: dict[str, Any], folder: Path, formats: str, fetch_args: dict[str, Any]
) -> Downloaded:
    from frictionless import Resource

    result = Downloaded(package["name"], folder, inferred=True)
    resources = []
    used: set[str] = set()
    for portal_resource in package.get("resources", []):
        kind = (portal_resource.get("format") or "").lower()
        if kind not in FORMATS[formats] or not portal_resource.get("url"):
            continue
        local_name = safe_name(portal_resource.get("name") or portal_resource["url"])
        if not local_name.lower().endswith(f".{kind}"):
            local_name = f"{local_name}.{kind}"
        while local_name in used:
            local_name = f"_{local_name}"
        used.add(local_name)
        digest = fetch(
            portal,
            portal_resource["url"],
            folder / local_name,
            sha256=expected_sha256(portal_resource.get("hash")),
            **fetch_args,
        )
        described = Resource.describe(str(folder / local_name))
        entry = described.to_descriptor()
        entry.update(
            {
                "name": Path(local_name).stem.lower().replace(" ", "-"),
                "path": local_name,
                "bytes": (folder / local_name).stat().st_size,
                "hash": f"sha256:{digest}",
            }
        )
        entry.pop("stats", None)
        resources.append(entry)
        result.files.append(local_name)
    if not resources:
        raise InputError(f"{package['name']}: no {formats} resources to download")
    descriptor = {
        "name": package["name"],
        "title": package.get("title") or package["name"],
        "description": package.get("notes") or "",
        "licenses": [
            {
                key: value
                for key, value in (
                    ("name", package.get("license_id") or "notspecified"),
                    ("title", package.get("license_title")),
                    ("path", package.get("license_url")),
                )
                if value
            }
        ],
        "opendata": {
            "descriptor": "inferido: reconstruido de los metadatos de CKAN y de los datos "
            "(frictionless describe); el portal no publicó datapackage.json"
        },
        "resources": resources,
    }
    write_text_atomically(
        folder / DESCRIPTOR, json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    )
    return result
