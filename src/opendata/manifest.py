"""The run manifest: what went into a run, what came out, and what was published.

`OUTDIR/run-manifest.json` records the sha256 of every input (the report, the corrections,
the declared places, descriptors, pipeline scripts, expectation suites and rules, and
opendata's own code), one digest over all of them, and the hash of every output file. A
scheduled run whose inputs did not change finds the same digest and does nothing;
publishing attaches the digest to each dataset on the portal and records here what it did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import opendata
from opendata.errors import InputError
from opendata.files import file_stats, load_json_object, write_text_atomically
from opendata.project import Project

MANIFEST = "run-manifest.json"


def _digest(path: Path) -> str:
    with path.open("rb") as handle:  # in chunks: a source table may be gigabytes
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _tree(root: Path, folder: Path, patterns: Sequence[str]) -> dict[str, str]:
    files = sorted({p for pattern in patterns for p in folder.glob(pattern) if p.is_file()})
    return {str(p.relative_to(root)): _digest(p) for p in files}


def code_digest() -> str:
    package = Path(opendata.__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".csv") and p.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs(
    project: Project,
    reports: Sequence[Path],
    corrections: Path,
    datasets: Sequence[str],
    known: Mapping[Path, str] | None = None,
) -> dict[str, Any]:
    """What went into a run; `known`: "sha256:…" of large files already hashed by the run."""
    root = project.root
    values: dict[str, Any] = {
        "informes": [
            {"archivo": report.name, "sha256": _digest(report)}
            for report in reports
            if report.is_file()
        ],
        "ediciones": _digest(project.editions) if project.editions.is_file() else None,
        "correcciones": _digest(corrections) if corrections.is_file() else None,
        "sedes": _digest(project.places) if project.places.is_file() else None,
        "descriptores": _tree(root, project.datapackages_dir, ["**/*.yaml", "**/*.json"]),
        "pipelines": _tree(root, project.pipelines_dir, ["*.py"]),
        "validacion": _tree(root, project.validation_dir, ["*.json", "*.yaml"]),
        "codigo": {"version": opendata.__version__, "sha256": code_digest()},
        "datasets": sorted(datasets) or "todos",
    }
    # The CSV files of large tables (pipelines with SOURCES), hashed without loading them.
    tables = {
        str(path.relative_to(root)): _hashed(path, known).removeprefix("sha256:")
        for pipeline in project.pipelines()
        for files in (pipeline.sources or {}).values()
        for path in files
        if path.is_file() and path.is_relative_to(root)
    }
    if tables:
        values["tablas"] = tables
    return values


def input_digest(values: dict[str, Any]) -> str:
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()


def outputs(
    out: Path, datasets: Sequence[str], known: Mapping[Path, str] | None = None
) -> dict[str, dict[str, str]]:
    return {
        name: {p.name: _hashed(p, known) for p in sorted((out / name).iterdir()) if p.is_file()}
        for name in datasets
    }


def _hashed(path: Path, known: Mapping[Path, str] | None) -> str:
    return (known or {}).get(path) or file_stats(path)[1]


def write_manifest(
    out: Path,
    values: dict[str, Any],
    datasets: Sequence[str],
    known: Mapping[Path, str] | None = None,
) -> dict[str, Any]:
    manifest = {
        "entradas_sha256": input_digest(values),
        "entradas": values,
        "salidas": outputs(out, datasets, known),
    }
    _save(out, manifest)
    return manifest


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The last run's manifest; None if there is none, or none that can be used."""
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        return load_json_object(path, "run manifest")
    except InputError:  # damaged: as if absent, the next run writes a good one
        return None


def unchanged(out: Path, values: dict[str, Any]) -> dict[str, Any] | None:
    """The manifest, if the last run had these very inputs and its outputs are intact."""
    manifest = read_manifest(out)
    if not manifest or manifest.get("entradas_sha256") != input_digest(values):
        return None
    recorded = manifest.get("salidas", {})
    if not isinstance(recorded, dict) or not all(_plain(name) for name in recorded):
        return None
    try:
        if outputs(out, list(recorded)) != recorded:
            return None
    except OSError:
        return None
    return manifest


def _plain(name: object) -> bool:
    """A dataset folder's name, nothing that leads elsewhere."""
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name


def record_publication(out: Path, portal: str, organization: str, actions: dict[str, str]) -> None:
    manifest = read_manifest(out)
    if manifest is None:
        return
    manifest["publicacion"] = {"portal": portal, "organizacion": organization, "datasets": actions}
    _save(out, manifest)


def _save(out: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomically(out / MANIFEST, text)
