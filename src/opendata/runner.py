"""One run: extract every selected dataset, package, validate and export, all or nothing.

Every dataset is built in a staging folder beside the output folder and validated there; the
output folder changes only when every dataset of the run is valid, one dataset folder at a
time, each replaced by a rename.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opendata.errors import InputError, ValidationFailed
from opendata.export.package_writer import write_descriptor, write_package
from opendata.extract import Extraction, Report, Row, load_report
from opendata.manifest import inputs as run_inputs
from opendata.manifest import write_manifest
from opendata.package.descriptor import load_descriptor
from opendata.project import CATALOG, Pipeline, Project
from opendata.validate import validate_packages
from opendata.validate.render import write_reports
from opendata.validate.report import ValidationReport

Progress = Callable[[str], None]


@dataclass
class RunResult:
    out: Path
    datasets: list[str]
    tables: dict[str, dict[str, list[Row]]]
    validation: ValidationReport
    report: Report
    notes: list[str] = field(default_factory=list)


def select(pipelines: list[Pipeline], names: Sequence[str]) -> tuple[list[Pipeline], bool]:
    """The pipelines to run and whether the catalog is rebuilt (only on a full run)."""
    known = {p.dataset for p in pipelines}
    unknown = [n for n in names if n not in known and n != CATALOG]
    if unknown:
        raise InputError(
            f"unknown dataset(s): {', '.join(unknown)} (known: {', '.join(sorted(known))}, "
            f"{CATALOG})"
        )
    if not names or CATALOG in names:
        chosen = pipelines if not names or CATALOG in names else []
        return chosen, True
    return [p for p in pipelines if p.dataset in names], False


def run(
    project: Project,
    *,
    source: Path | None = None,
    out: Path | None = None,
    datasets: Sequence[str] = (),
    corrections: Path | None = None,
    progress: Progress = lambda message: None,
) -> RunResult:
    """Run the pipelines over a report into `out` (default: the project's output/)."""
    out = (out or project.root / "output").resolve()
    source = source or project.bundled_report
    pipelines, with_catalog = select(project.pipelines(), datasets)
    written = [p.dataset for p in pipelines if not datasets or p.dataset in datasets]
    if with_catalog:
        written.append(CATALOG)

    corrections = corrections or project.corrections
    progress(f"reading {source}")
    report = load_report(source, corrections)
    tables: dict[str, dict[str, list[Row]]] = {}
    sections: dict[str, set[str]] = {}
    for pipeline in pipelines:
        progress(f"extracting {pipeline.dataset}")
        tables[pipeline.dataset], sections[pipeline.dataset] = extract_dataset(pipeline, report)
    if with_catalog:
        tables[CATALOG] = {"indicadores": catalog_rows(tables)}
        sections[CATALOG] = set().union(*sections.values())

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        paths = []
        for name in written:
            progress(f"packaging {name}")
            descriptor = load_descriptor(project.datapackages_dir, name)
            provenance = _provenance(report, sections[name])
            paths.append(write_package(staging / name, descriptor, tables[name], provenance))
        validation = validate_packages(paths, project.validation_dir, progress)
        if not validation.valid:
            rejected = out.with_name(f"{out.name}.rejected")
            write_reports(validation, staging)
            _replace(staging, rejected)
            raise ValidationFailed(
                f"{validation.summary()}\nnothing changed in {out}; "
                f"the rejected packages and the report are in {rejected}",
                validation,
            )
        for path in paths:
            record_findings(path, validation)
        out.mkdir(parents=True, exist_ok=True)
        for name in written:
            _replace(staging / name, out / name)
        write_reports(validation, out)
        write_manifest(out, run_inputs(project, source, corrections, datasets), written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    notes = []
    if not with_catalog:
        notes.append(f"{CATALOG} not rebuilt: run without dataset names to rebuild it")
    return RunResult(out, written, tables, validation, report, notes)


def extract_dataset(pipeline: Pipeline, report: Report) -> tuple[dict[str, list[Row]], set[str]]:
    """The tables of one pipeline and the report sections it read."""
    extraction = Extraction(pipeline.dataset, report)
    pipeline.extract(extraction)
    produced = tuple(extraction.tables)
    if sorted(produced) != sorted(pipeline.resources):
        raise InputError(
            f"{pipeline.path}: declares {list(pipeline.resources)} but produced {list(produced)}"
        )
    tables = {name: extraction.tables[name] for name in pipeline.resources}
    return tables, extraction.sections_used


def catalog_rows(tables: dict[str, dict[str, list[Row]]]) -> list[Row]:
    return [
        {"dataset": dataset, **row}
        for dataset in sorted(tables)
        for row in tables[dataset].get("indicadores", [])
    ]


def _provenance(report: Report, sections: set[str]) -> dict[str, Any]:
    applied = [
        {"seccion": c.section, "original": c.original, "corregido": c.corrected, "motivo": c.reason}
        for c in report.applied_corrections
        if c.section in sections
    ]
    start, end = report.period
    return {
        "source": {
            "path": report.source.path.name,
            "sha256": report.source.sha256,
            "periodo": f"{start}/{end}",
        },
        "corrections": applied,
    }


def record_findings(descriptor_path: Path, validation: ValidationReport) -> None:
    """Warnings travel with the data: each package lists its own findings."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    findings = validation.for_dataset(descriptor["name"])
    descriptor["validacion"] = {
        "valido": not any(f.severity == "error" for f in findings),
        "advertencias": [f"{f.check}: {f.message}" for f in findings if f.severity == "warning"],
    }
    write_descriptor(descriptor_path, descriptor)


def _replace(new: Path, target: Path) -> None:
    """Put `new` at `target`; the old folder is moved aside first and removed after."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
