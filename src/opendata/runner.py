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
from opendata.errors import InputError, ValidationFailed
from opendata.export.interop import write_exports
from opendata.export.package_writer import write_package
from opendata.export.revision import REVIEW, write_revision
from opendata.export.table_package import LargeDataset, StoredRows, prepare_large
from opendata.extract.editions import editions_to_read
from opendata.extract.series import (
    EDITION_COLUMN,
    Read,
    Series,
    catalog_rows,
    edition_resource,
    extract_series,
)
from opendata.files import load_json_object, resolved
from opendata.manifest import MANIFEST, write_manifest
from opendata.manifest import inputs as run_inputs
from opendata.metadata.record import computed_metadata
from opendata.package.assemble import dataset_descriptors
from opendata.package.table import Row, csv_text
from opendata.project import CATALOG, Pipeline, Project
from opendata.validate import DatasetInput, ResourceInput, validate_datasets
from opendata.validate.render import HTML_NAME, JSON_NAME, write_reports
from opendata.validate.report import ValidationReport
from opendata.validate.suites import suite_path

if TYPE_CHECKING:
    from opendata.extract import Report
    from opendata.validate.gx_check import SuiteRunner

Progress = Callable[[str], None]


@dataclass
class RunResult:
    out: Path
    datasets: list[str]
    tables: dict[str, dict[str, Sequence[Row]]]  # large tables: rows read from their Parquet
    validation: ValidationReport
    report: Report | None  # the latest edition; None when every pipeline reads CSV sources
    notes: list[str] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)  # every edition read, oldest first

    def summary(self, name: str) -> str:
        """ "plandai: 1 table, 5 rows" (the series; with its editions when there are several)."""
        tables = self.tables[name]
        own = {edition_resource(t, r.report.period): r for t in tables for r in self.reads}
        editions = {own[t].label for t in tables if t in own}
        series = {t: rows for t, rows in tables.items() if t not in own}
        rows = sum(len(r) for r in series.values())
        text = f"{name}: {_count(len(series), 'table')}, {_count(rows, 'row')}"
        return text + (f", {len(editions)} editions" if len(self.reads) > 1 else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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
    every = project.pipelines()
    pipelines, with_catalog = select(every, datasets)
    catalog = any(p.extract for p in every)  # a project of large tables only has no catalog
    with_catalog = with_catalog and catalog
    written = [p.dataset for p in pipelines if not datasets or p.dataset in datasets]
    if with_catalog:
        written.append(CATALOG)
    editions = editions_to_read(project.editions, project.bundled_report, source)
    reports = [edition.path for edition in editions]
    out = output_folder(project, out, [*reports, corrections or project.corrections], every, force)

    corrections = corrections or project.corrections
    suites = _suites(project, written, pipelines)
    extracting = [p for p in pipelines if p.extract]
    series: Series | None = None
    tables: dict[str, dict[str, list[Row]]] = {}
    if extracting:
        from opendata.extract.places import load_places

        places = load_places(project.places)
        series = extract_series(extracting, editions, corrections, places, progress)
        tables = series.tables
        if with_catalog:
            tables[CATALOG] = _catalog_tables(series)
            series.sections[CATALOG] = set().union(*series.sections.values())
    descriptors = dataset_descriptors(project.datapackages_dir, written, series, CATALOG)

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
        dropped: list[str] = []
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
            if series is not None:
                write_revision(staging, series)
            if not validation.valid:
                destination.swap_in(staging, rejected)
                raise ValidationFailed(
                    f"{validation.summary()}\nnothing changed in {out}; "
                    f"the rejected packages and the report are in {rejected}",
                    validation,
                )
            rebuilt = {*written, JSON_NAME, HTML_NAME, MANIFEST} | ({REVIEW} if series else set())
            project_datasets = {p.dataset for p in every} | {CATALOG}
            dropped = _carry_over(out, staging, rebuilt, project_datasets)
            write_exports(staging, written)
            known = _hashes([staging / name / "datapackage.json" for name in larges], project.root)
            inputs_digest = run_inputs(project, reports, corrections, datasets, known)
            write_manifest(staging, inputs_digest, written, known)
            destination.swap_in(staging, out)
        except OSError as exc:
            raise _write_failed(exc, staging, out) from None
        finally:
            for dataset in larges.values():
                dataset.scanner.shutdown(cancel_futures=True)
            destination.remove(staging)
    notes = list(series.notes) if series else []
    notes += [
        f"{name}: left out of {out}: no longer a dataset of the project "
        "(renamed or removed); its package is not published again"
        for name in dropped
    ]
    notes += _unused_corrections(series, corrections) if series else []
    for read in series.reads if series else []:
        furniture = read.report.furniture
        if furniture:
            kinds = Counter(removal.why for removal in furniture)
            listed = ", ".join(f"{why} ×{count}" for why, count in sorted(kinds.items()))
            notes.append(
                f"page furniture of {read.edition.path.name}: {len(furniture)} lines ({listed}); "
                "see revision.html"
            )
    if catalog and not with_catalog:
        notes.append(f"{CATALOG} not rebuilt: run without dataset names to rebuild it")
    every_table: dict[str, dict[str, Sequence[Row]]] = {n: {**t} for n, t in tables.items()}
    for name in larges:
        every_table[name] = {
            r: StoredRows(out / name / f"{r}.parquet", c.rows)
            for r, c in checked[name].checks.items()
        }
    reads = series.reads if series else []
    report = reads[-1].report if reads else None
    return RunResult(out, written, every_table, validation, report, notes, reads)


def _unused_corrections(series: Series, path: Path) -> list[str]:
    """A repair in the corrections file that matched the text of no edition: a typo in its
    `original`, or text another repair changes first (each applies to the report as read)."""
    if not series.reads:
        return []
    used = {fix for read in series.reads for fix in read.report.applied_corrections}
    return [
        f"{path.name}: correction {number} (section {fix.section}) matched no text of any "
        f"edition: {fix.original[:60]!r}"
        for number, fix in enumerate(series.reads[0].report.corrections, start=1)
        if fix not in used
    ]


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


def _catalog_tables(series: Series) -> dict[str, list[Row]]:
    """The catalog of every figure: the series, and each edition's own part of it."""
    rows = catalog_rows(series)
    tables = {"indicadores": rows}
    for read in series.reads:
        name = edition_resource("indicadores", read.report.period)
        tables[name] = [row for row in rows if row[EDITION_COLUMN] == read.label]
    return tables


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


def _carry_over(out: Path, staging: Path, rebuilt: set[str], datasets: set[str]) -> list[str]:
    """What the earlier output holds besides what this run rebuilds (the datasets a partial
    run leaves alone, files of the user's), into the new output; but not the package of a
    dataset the project no longer has (renamed, removed), which would be published. Returns
    the names of those left behind."""
    if not out.is_dir():
        return []
    kept: dict[str, str] = {}
    dropped: list[str] = []
    with os.scandir(out) as entries:
        for entry in entries:
            name = entry.name
            if name not in datasets and (out / name / "datapackage.json").is_file():
                dropped.append(name)
                continue
            # `.<dataset>.old`: left by earlier versions of opendata when a swap was cut short;
            # the dataset itself, unless something took its place.
            base = name[1:-4] if name.startswith(".") and name.endswith(".old") else None
            if base is None and name not in rebuilt:
                kept[name] = name
            elif base and base not in rebuilt and entry.is_dir() and not (out / base).exists():
                kept[name] = base
    destination.carry_over(out, staging, kept)
    return sorted(dropped)


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
