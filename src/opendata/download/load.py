"""`opendata.load(...)`: one table of a published dataset as a pandas DataFrame: the series
of every edition of the report, or one edition's rows (`periodo="2023/2024"`).

The file (Parquet when the dataset has it, else CSV) is verified against its sha256 and kept
in a local cache named by that hash, so a second call does not download it again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from opendata.download.fetch import fetch
from opendata.download.package import DESCRIPTOR
from opendata.errors import InputError
from opendata.files import expected_sha256, load_json_object
from opendata.package.series import EDITION_COLUMN
from opendata.portal import Portal, check_portal_url


def cache_dir() -> Path:
    base = (
        os.environ.get("OPENDATA_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "opendata"
    )
    return Path(base)


def load(
    dataset: str,
    resource: str = "indicadores",
    portal: str | None = None,
    *,
    cache: Path | None = None,
    allow_external: bool = False,
    periodo: str | None = None,
) -> Any:
    """The table `resource` of `dataset` on `portal` (default $CKAN_URL), typed by its schema:
    every edition's rows (column `periodo_informe`), or only those of `periodo`."""
    url = portal or os.environ.get("CKAN_URL")
    if not url:
        raise InputError("no portal: pass portal= or set CKAN_URL")
    client = Portal(check_portal_url(url))
    folder = cache or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    package = client.call_action("package_show", {"id": dataset})
    by_key = {
        r.get("opendata_key"): r for r in package.get("resources", []) if r.get("opendata_key")
    }
    if DESCRIPTOR not in by_key:
        raise InputError(f"{dataset}: no datapackage.json on the portal; use opendata download")
    # The published descriptor names each file by its portal URL; older ones by file name.
    by_key.update({r["url"]: r for r in package.get("resources", []) if r.get("url")})
    descriptor_path = _cached(client, by_key[DESCRIPTOR], folder, "json", None, allow_external)
    descriptor = load_json_object(descriptor_path, f"published datapackage.json of {dataset}")
    listed = descriptor.get("resources", [])
    entries = {
        r["name"]: r for r in listed if isinstance(r, dict) and isinstance(r.get("name"), str)
    }
    entry = entries.get(f"{resource}-parquet") or entries.get(resource)
    if entry is None:
        tables = sorted(n for n in entries if not n.endswith("-parquet"))
        raise InputError(f"{dataset}: no resource {resource!r} (has: {', '.join(tables)})")
    portal_resource = by_key.get(entry["path"])
    if portal_resource is None:
        raise InputError(f"{dataset}: {entry['path']} is not on the portal")
    if entry.get("format") not in ("csv", "parquet"):
        raise InputError(f"{dataset}: {resource} is neither CSV nor Parquet")
    path = _cached(client, portal_resource, folder, entry["format"], entry, allow_external)
    frame = _frame(path, entry)
    return frame if periodo is None else _edition(frame, dataset, resource, periodo)


def _edition(frame: Any, dataset: str, resource: str, periodo: str) -> Any:
    if EDITION_COLUMN not in frame:
        raise InputError(f"{dataset}: {resource} has no {EDITION_COLUMN} column (not a series)")
    editions = sorted(str(value) for value in frame[EDITION_COLUMN].dropna().unique())
    if periodo not in editions:
        raise InputError(
            f"{dataset}: {resource} has no rows of the report {periodo!r} "
            f"(has: {', '.join(editions) or 'none'}; write it as AAAA/AAAA)"
        )
    return frame[frame[EDITION_COLUMN] == periodo].reset_index(drop=True)


def _cached(
    client: Portal,
    resource: dict[str, Any],
    folder: Path,
    extension: str,
    entry: dict[str, Any] | None,
    allow_external: bool,
) -> Path:
    sha256 = expected_sha256((entry or {}).get("hash") or resource.get("hash"))
    if sha256 is None:
        raise InputError(f"{resource.get('url')}: no sha256 recorded; cannot cache it safely")
    target = folder / f"{sha256}.{extension}"
    if not target.is_file():
        fetch(
            client,
            resource["url"],
            target,
            allow_external=allow_external,
            sha256=sha256,
            size=(entry or {}).get("bytes"),
        )
    return target


def _frame(path: Path, entry: dict[str, Any]) -> Any:
    import pandas as pd

    fields = entry.get("schema", {}).get("fields", [])
    if entry.get("format") == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        mapping = {
            pa.int64(): pd.Int64Dtype(),
            pa.string(): pd.StringDtype(),
            pa.bool_(): pd.BooleanDtype(),
        }
        frame = pq.read_table(path).to_pandas(types_mapper=mapping.get)
    else:
        kinds = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
        dtypes = {f["name"]: kinds.get(f.get("type", "string"), "string") for f in fields}
        frame = pd.read_csv(
            path,
            dtype=dtypes,
            keep_default_na=False,
            na_values=entry.get("schema", {}).get("missingValues", [""]),
        )
    for field in fields:
        if field.get("type") == "date" and field["name"] in frame:
            frame[field["name"]] = pd.to_datetime(frame[field["name"]])
    return frame
