"""One run: extract every selected dataset, package, validate and export, all or nothing.

Every dataset is built in a staging folder beside the output folder and validated there; the
output folder changes only when every dataset of the run is valid, one dataset folder at a
time, each replaced by a rename. A pipeline with SOURCES (large CSV tables) is not extracted
from the report: its files are validated as they are written (export/table_package.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata.errors import ExtractionError, ExtractionFailed, InputError, ValidationFailed
from opendata.export.package_writer import write_descriptor, write_package
from opendata.export.revision import write_revision
from opendata.export.writers import Row
from opendata.manifest import inputs as run_inputs
from opendata.manifest import write_manifest
from opendata.package.descriptor import Descriptor, load_descriptor
from opendata.project import CATALOG, Pipeline, Project
from opendata.validate import validate_packages
from opendata.validate.render import write_reports
from opendata.validate.report import ValidationReport

if TYPE_CHECKING:
    from opendata.extract import Extraction, Report
    from opendata.extract.places import Places
    from opendata.validate.stream import TableCheck

Progress = Callable[[str], None]


@dataclass
class RunResult:
    out: Path
    datasets: list[str]
    tables: dict[str, dict[str, Sequence[Row]]]  # large tables: rows read from their Parquet
    validation: ValidationReport
    report: Report | None  # None when every pipeline of the run reads CSV sources
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
    every = project.pipelines()
    pipelines, with_catalog = select(every, datasets)
    catalog = any(p.extract for p in every)  # a project of large tables only has no catalog
    with_catalog = with_catalog and catalog
    written = [p.dataset for p in pipelines if not datasets or p.dataset in datasets]
    if with_catalog:
        written.append(CATALOG)

    corrections = corrections or project.corrections
    extracting = [p for p in pipelines if p.extract]
    report = None
    tables: dict[str, dict[str, list[Row]]] = {}
    sections: dict[str, set[str]] = {}
    extractions: list[Extraction] = []
    if extracting:
        from opendata.extract import load_report
        from opendata.extract.places import load_places

        progress(f"reading {source}")
        report = load_report(source, corrections)
        places = load_places(project.places)
        problems: list[ExtractionError] = []
        for pipeline in extracting:
            progress(f"extracting {pipeline.dataset}")
            extraction = extract_dataset(pipeline, report, places)
            extractions.append(extraction)
            problems.extend(extraction.problems)
            tables[pipeline.dataset] = extraction.tables
            sections[pipeline.dataset] = extraction.sections_used
        if problems:
            raise ExtractionFailed(problems)
    if with_catalog:
        tables[CATALOG] = {"indicadores": catalog_rows(tables)}
        sections[CATALOG] = set().union(*sections.values())
    descriptors = _descriptors(project, written, tables, sections, report)

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    large = {p.dataset: p.sources for p in pipelines if p.sources}
    checked: dict[str, dict[str, TableCheck]] = {}
    try:
        paths = []
        for name in written:
            progress(f"packaging {name}")
            descriptor = descriptors[name]
            if name in large:
                from opendata.export.table_package import write_table_package

                path, checked[name] = write_table_package(
                    staging / name, descriptor, large[name], project.root, progress
                )
                paths.extend([path] if path else [])
                continue
            assert report is not None
            provenance = _provenance(report, sections[name], extractions, name)
            paths.append(write_package(staging / name, descriptor, tables[name], provenance))
        validation = validate_packages(paths, project.validation_dir, progress, checked)
        inferred = [i for extraction in extractions for i in extraction.inferences]
        if not validation.valid:
            rejected = out.with_name(f"{out.name}.rejected")
            write_reports(validation, staging)
            if report is not None:
                write_revision(staging, report, tables, inferred)
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
        if report is not None:
            write_revision(out, report, tables, inferred)
        known = _hashes([out / name / "datapackage.json" for name in checked], project.root)
        inputs = run_inputs(project, source, corrections, datasets, known)
        write_manifest(out, inputs, written, known)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    notes = []
    if report is not None and report.furniture:
        kinds = Counter(removal.why for removal in report.furniture)
        listed = ", ".join(f"{why} ×{count}" for why, count in sorted(kinds.items()))
        notes.append(f"page furniture: {len(report.furniture)} lines ({listed}); see revision.html")
    if catalog and not with_catalog:
        notes.append(f"{CATALOG} not rebuilt: run without dataset names to rebuild it")
    every_table: dict[str, dict[str, Sequence[Row]]] = {n: {**t} for n, t in tables.items()}
    for name, checks in checked.items():
        from opendata.export.table_package import StoredRows

        every_table[name] = {
            r: StoredRows(out / name / f"{r}.parquet", c.rows) for r, c in checks.items()
        }
    return RunResult(out, written, every_table, validation, report, notes)


def extract_dataset(pipeline: Pipeline, report: Report, places: Places | None = None) -> Extraction:
    """One pipeline's extraction: its tables, the sections it read, every problem it met."""
    from opendata.extract import Extraction

    extraction = Extraction(pipeline.dataset, report, places)
    assert pipeline.extract is not None
    try:
        pipeline.extract(extraction)
    except ExtractionError as problem:
        extraction.problems.append(problem)
    if extraction.problems:
        return extraction
    produced = tuple(extraction.tables)
    if sorted(produced) != sorted(pipeline.resources):
        missing = sorted(set(pipeline.resources) - set(produced))
        extra = sorted(set(produced) - set(pipeline.resources))
        raise InputError(
            f"{pipeline.path}: declares {list(pipeline.resources)} but produced {list(produced)}"
            + (f" (no rows for {missing})" if missing else "")
            + (f" (undeclared {extra})" if extra else "")
        )
    extraction.tables = {name: extraction.tables[name] for name in pipeline.resources}
    return extraction


def catalog_rows(tables: dict[str, dict[str, list[Row]]]) -> list[Row]:
    return [
        {"dataset": dataset, **row}
        for dataset in sorted(tables)
        for row in tables[dataset].get("indicadores", [])
    ]


def _descriptors(
    project: Project,
    written: list[str],
    tables: dict[str, dict[str, list[Row]]],
    sections: dict[str, set[str]],
    report: Report | None,
) -> dict[str, Descriptor]:
    """Each dataset's descriptor, its texts filled from this edition's figures and checked."""
    from opendata.package.edition import describe

    descriptors: dict[str, Descriptor] = {}
    problems: list[str] = []
    for name in written:
        if report is None or name not in tables:
            descriptors[name] = load_descriptor(project.datapackages_dir, name)
            continue
        descriptors[name], found = describe(
            project.datapackages_dir, name, report.period, tables[name], sections[name]
        )
        problems.extend(found)
    if problems:
        raise InputError("\n".join(problems))
    return descriptors


def _provenance(
    report: Report, sections: set[str], extractions: list[Extraction], name: str
) -> dict[str, Any]:
    inferred = [
        {"elemento": i.item, "valor": i.value, "fuente": i.source}
        for extraction in extractions
        if extraction.dataset == name
        for i in extraction.inferences
    ]
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
        "inferences": inferred,
    }


def record_findings(descriptor_path: Path, validation: ValidationReport) -> None:
    """Warnings travel with the data: each package lists its own findings."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    findings = validation.for_dataset(descriptor["name"])
    descriptor["validacion"] = {
        **descriptor.get("validacion", {}),
        "valido": not any(f.severity == "error" for f in findings),
        "advertencias": [f"{f.check}: {f.message}" for f in findings if f.severity == "warning"],
    }
    write_descriptor(descriptor_path, descriptor)


def _hashes(descriptors: list[Path], root: Path) -> dict[Path, str]:
    """The sha256 of large files that validation just checked, from their datapackage.json:
    the run manifest need not read them again."""
    known = {}
    for path in descriptors:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            known[path.parent / resource["path"]] = resource["hash"]
        for source in descriptor["sources"]:
            if "sha256" in source:
                known[root / source["path"]] = f"sha256:{source['sha256']}"
    return known


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
