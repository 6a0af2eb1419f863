"""One run: extract every selected dataset, package, validate and export, all or nothing.

The whole new output (its packages, the datasets of the earlier output a partial run keeps,
the reports and the manifest) is built in a staging folder beside the output folder, under
its lock, and made current in one atomic step only when every dataset of the run is valid
(opendata.destination). A pipeline with SOURCES (large CSV tables) is not extracted from the
report: its files are validated as they are written (export/table_package.py).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata import destination
from opendata.errors import ExtractionError, ExtractionFailed, InputError, ValidationFailed
from opendata.export.interop import write_exports
from opendata.export.package_writer import write_package
from opendata.export.revision import REVIEW, write_revision
from opendata.export.table_package import LargeDataset, StoredRows, prepare_large
from opendata.files import load_json_object, resolved
from opendata.manifest import MANIFEST, write_manifest
from opendata.manifest import inputs as run_inputs
from opendata.metadata.record import computed_metadata
from opendata.package.descriptor import Descriptor, load_descriptor, with_provenance
from opendata.package.table import Row, csv_text
from opendata.project import CATALOG, Pipeline, Project
from opendata.validate import DatasetInput, ResourceInput, validate_datasets
from opendata.validate.render import HTML_NAME, JSON_NAME, write_reports
from opendata.validate.report import ValidationReport
from opendata.validate.suites import suite_path

if TYPE_CHECKING:
    from opendata.extract import Extraction, Report
    from opendata.extract.places import Places
    from opendata.validate.gx_check import SuiteRunner

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
    force: bool = False,
) -> RunResult:
    """Run the pipelines over a report into `out` (default: the project's output/).

    `force`: write into a non-empty folder that is not an earlier output of opendata.
    """
    out = resolved(out or project.root / "output")
    source = source or project.bundled_report
    every = project.pipelines()
    pipelines, with_catalog = select(every, datasets)
    catalog = any(p.extract for p in every)  # a project of large tables only has no catalog
    with_catalog = with_catalog and catalog
    written = [p.dataset for p in pipelines if not datasets or p.dataset in datasets]
    if with_catalog:
        written.append(CATALOG)
    out = output_folder(project, out, [source, corrections or project.corrections], every, force)

    corrections = corrections or project.corrections
    suites = _suites(project, written, pipelines)
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
    if report is not None:
        for name in written:
            if name not in {p.dataset for p in pipelines if p.sources}:
                provenance = _provenance(report, sections[name], extractions, name)
                descriptors[name] = with_provenance(descriptors[name], provenance)

    large = {p.dataset: p.sources for p in pipelines if p.sources}
    rejected = out.with_name(f"{out.name}.rejected")
    texts = {
        name: {
            r["name"]: csv_text(tables[name][r["name"]], r["schema"], f"{name}/{r['name']}")
            for r in descriptors[name]["resources"]
        }
        for name in written
        if name not in large
    }
    with destination.writing(out):
        destination.recover(rejected)
        staging = destination.new_staging(out)
        larges: dict[str, LargeDataset] = {}
        try:
            inputs = []
            for name in written:
                if name in large:
                    larges[name] = prepare_large(
                        staging / name, descriptors[name], large[name], project.root
                    )
                    resources = larges[name].resources()
                else:
                    resources = [
                        ResourceInput(r["name"], r["schema"], [(text, f"{r['name']}.csv")])
                        for r, text in zip(
                            descriptors[name]["resources"], texts[name].values(), strict=True
                        )
                    ]
                also = ["integrity: bytes and sha256 of every file"] if name in large else []
                inputs.append(DatasetInput(name, descriptors[name], resources, name in large, also))
            validation, checked = validate_datasets(
                inputs, project.validation_dir, progress, suites
            )
            inferred = [i for extraction in extractions for i in extraction.inferences]
            progress(f"writing {out if validation.valid else rejected}")
            for name in written:
                validacion = _validacion(validation, name)
                # Coverage and citation, from the typed tables: the descriptor is written once.
                descriptors[name] |= computed_metadata(checked[name].tables, descriptors[name])
                if name in larges:
                    larges[name].descriptor = descriptors[name]
                    if validation.valid:
                        larges[name].write(validacion)
                    else:
                        larges[name].discard()
                    continue
                typed = {
                    r: t for r, t in checked[name].tables.items() if checked[name].checks[r].valid
                }
                write_package(staging / name, descriptors[name], texts[name], typed, validacion)
            write_reports(validation, staging)
            if report is not None:
                write_revision(staging, report, tables, inferred)
            if not validation.valid:
                destination.swap_in(staging, rejected)
                raise ValidationFailed(
                    f"{validation.summary()}\nnothing changed in {out}; "
                    f"the rejected packages and the report are in {rejected}",
                    validation,
                )
            rebuilt = {*written, JSON_NAME, HTML_NAME, MANIFEST} | ({REVIEW} if report else set())
            _carry_over(out, staging, rebuilt)
            write_exports(staging, written)
            known = _hashes([staging / name / "datapackage.json" for name in larges], project.root)
            inputs_digest = run_inputs(project, source, corrections, datasets, known)
            write_manifest(staging, inputs_digest, written, known)
            destination.swap_in(staging, out)
        except OSError as exc:
            raise _write_failed(exc, staging, out) from None
        finally:
            for dataset in larges.values():
                dataset.scanner.shutdown(cancel_futures=True)
            destination.remove(staging)
    notes = []
    if report is not None and report.furniture:
        kinds = Counter(removal.why for removal in report.furniture)
        listed = ", ".join(f"{why} ×{count}" for why, count in sorted(kinds.items()))
        notes.append(f"page furniture: {len(report.furniture)} lines ({listed}); see revision.html")
    if catalog and not with_catalog:
        notes.append(f"{CATALOG} not rebuilt: run without dataset names to rebuild it")
    every_table: dict[str, dict[str, Sequence[Row]]] = {n: {**t} for n, t in tables.items()}
    for name in larges:
        every_table[name] = {
            r: StoredRows(out / name / f"{r}.parquet", c.rows)
            for r, c in checked[name].checks.items()
        }
    return RunResult(out, written, every_table, validation, report, notes)


def _suites(project: Project, written: list[str], pipelines: list[Pipeline]) -> SuiteRunner | None:
    """The worker that runs the Great Expectations suites, started now: it imports GX while
    the report is read and its tables checked. None when no dataset of the run has a suite."""
    large = {p.dataset for p in pipelines if p.sources}
    if not any(suite_path(project.validation_dir, n).is_file() for n in written if n not in large):
        return None
    from opendata.validate.gx_check import SuiteRunner

    runner = SuiteRunner()
    runner.start()
    return runner


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


def output_folder(
    project: Project, out: Path, inputs: list[Path], pipelines: list[Pipeline], force: bool
) -> Path:
    """`out`, resolved, if a run may write there (opendata.destination.check_destination)."""
    sources = [path for p in pipelines for paths in (p.sources or {}).values() for path in paths]
    return destination.check_destination(
        out,
        "--out",
        project_root=project.root,
        inputs=[*inputs, *sources],
        # The project's own output/ is opendata's even before a first run (it holds a README).
        earlier_output=lambda folder: (
            folder == (project.root / "output").resolve() or (folder / MANIFEST).is_file()
        ),
        force=force,
    )


def _carry_over(out: Path, staging: Path, rebuilt: set[str]) -> None:
    """What the earlier output holds besides what this run rebuilds (the datasets a partial
    run leaves alone, files of the user's), into the new output."""
    if not out.is_dir():
        return
    kept: dict[str, str] = {}
    with os.scandir(out) as entries:
        for entry in entries:
            name = entry.name
            # `.<dataset>.old`: left by earlier versions of opendata when a swap was cut short;
            # the dataset itself, unless something took its place.
            base = name[1:-4] if name.startswith(".") and name.endswith(".old") else None
            if base is None and name not in rebuilt:
                kept[name] = name
            elif base and base not in rebuilt and entry.is_dir() and not (out / base).exists():
                kept[name] = base
    destination.carry_over(out, staging, kept)


def _write_failed(error: OSError, staging: Path, out: Path) -> InputError:
    """An OSError while the new output was built, as one line naming what failed."""
    problem = error.strerror or type(error).__name__
    name = Path(os.fsdecode(error.filename)) if error.filename else None
    if name is not None and name.is_relative_to(staging):
        where = f"{out}: cannot write {name.relative_to(staging)} ({problem})"
    elif name is not None:
        where = f"{name}: {problem}"
    else:
        where = f"{out}: cannot write the new output ({problem})"
    return InputError(f"{where}; nothing changed in {out}")


def _validacion(validation: ValidationReport, dataset: str) -> dict[str, Any]:
    """What a package says of its own validation: valid or not, and its warnings."""
    findings = validation.for_dataset(dataset)
    return {
        "valido": not any(f.severity == "error" for f in findings),
        "advertencias": [f"{f.check}: {f.message}" for f in findings if f.severity == "warning"],
    }


def _hashes(descriptors: list[Path], root: Path) -> dict[Path, str]:
    """The sha256 of large files that validation just checked, from their datapackage.json:
    the run manifest need not read them again."""
    known = {}
    for path in descriptors:
        descriptor = load_json_object(path, "data package descriptor")
        for resource in descriptor["resources"]:
            known[path.parent / resource["path"]] = resource["hash"]
        for source in descriptor["sources"]:
            if "sha256" in source:
                known[root / source["path"]] = f"sha256:{source['sha256']}"
    return known
