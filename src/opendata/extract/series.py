"""Extract every dataset from every edition of the report: tables as series.

Each row names the edition it was read from (`periodo_informe`, "2023/2024"), first of its
columns. A dataset's table holds every edition's rows (the series), and each edition's rows
are also a table of their own (`indicadores-2023-2024`), which a portal keeps as it was
first published. Every problem of every edition is listed in one run; a dataset whose
section an edition lacks has no rows from that edition, and the run says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opendata.errors import ExtractionError, ExtractionFailed, InputError
from opendata.extract.editions import Edition, label, slug
from opendata.extract.extraction import Extraction, Row
from opendata.extract.places import Places
from opendata.extract.report import Report, load_report

if TYPE_CHECKING:
    from pathlib import Path

    from opendata.project import Pipeline

EDITION_COLUMN = "periodo_informe"
_MISSING_SECTION = "section not found"


@dataclass
class Read:
    """One edition, read."""

    edition: Edition
    report: Report

    @property
    def label(self) -> str:
        return label(self.report.period)

    @property
    def slug(self) -> str:
        return slug(self.report.period)


@dataclass
class Series:
    """What every edition gave: each dataset's tables, series and per edition."""

    reads: list[Read] = field(default_factory=list)
    tables: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    sections: dict[str, set[str]] = field(default_factory=dict)
    extractions: list[tuple[Read, Extraction]] = field(default_factory=list)
    editions_of: dict[str, list[Read]] = field(default_factory=dict)  # dataset -> with rows
    notes: list[str] = field(default_factory=list)


def edition_resource(resource: str, period: tuple[int, int]) -> str:
    """The name of one edition's own table: `indicadores-2023-2024`."""
    return f"{resource}-{slug(period)}"


def extract_series(
    pipelines: list[Pipeline],
    editions: list[Edition],
    corrections: Path | None,
    places: Places,
    progress: Callable[[str], None] = lambda message: None,
) -> Series:
    series = Series()
    problems: list[ExtractionError] = []
    several = len(editions) > 1
    for edition in editions:
        progress(f"reading {edition.path}")
        report = load_report(edition.path, corrections)
        if edition.period is not None and report.period != edition.period:
            raise InputError(
                f"{edition.path}: the report says Periodo {report.period[0]} - "
                f"{report.period[1]}; ediciones.yaml declares it {label(edition.period)}"
            )
        read = Read(edition, report)
        if any(r.report.period == report.period for r in series.reads):
            raise InputError(f"{edition.path}: a second report of the period {read.label}")
        series.reads.append(read)
        for pipeline in pipelines:
            progress(f"extracting {pipeline.dataset}" + (f" ({read.label})" if several else ""))
            extraction = extract_dataset(pipeline, report, places)
            series.extractions.append((read, extraction))
            if extraction.problems:
                if several and all(_MISSING_SECTION in p.problem for p in extraction.problems):
                    sections = ", ".join(sorted({p.section for p in extraction.problems}))
                    series.notes.append(
                        f"{pipeline.dataset}: no rows from the report {read.label} "
                        f"(it has no section {sections})"
                    )
                    continue
                problems.extend(_tagged(p, read) if several else p for p in extraction.problems)
                continue
            _add(series, pipeline.dataset, read, extraction)
            if extraction.unstated:
                series.notes.append(
                    f"{pipeline.dataset}: the report {read.label} does not state "
                    f"{', '.join(extraction.unstated)} (optional figures: no rows)"
                )
    if problems:
        raise ExtractionFailed(problems)
    for name in {p.dataset for p in pipelines} - set(series.tables):
        if several:
            raise InputError(f"{name}: no edition of the report has its section")
    return series


def _tagged(problem: ExtractionError, read: Read) -> ExtractionError:
    section = f"{problem.section}, report {read.label}"
    return ExtractionError(problem.dataset, problem.item, section, problem.problem)


def _add(series: Series, dataset: str, read: Read, extraction: Extraction) -> None:
    tables = series.tables.setdefault(dataset, {})
    for resource, rows in extraction.tables.items():
        edition_rows = [{EDITION_COLUMN: read.label, **row} for row in rows]
        tables.setdefault(resource, []).extend(edition_rows)
        tables[edition_resource(resource, read.report.period)] = edition_rows
    series.sections.setdefault(dataset, set()).update(extraction.sections_used)
    series.editions_of.setdefault(dataset, []).append(read)


def extract_dataset(pipeline: Pipeline, report: Report, places: Places | None = None) -> Extraction:
    """One pipeline's extraction from one report: its tables, the sections it read, every
    problem it met."""
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


def catalog_rows(series: Series) -> list[Row]:
    """Every dataset's indicators, every edition, in one table with a `dataset` column."""
    rows: list[dict[str, Any]] = []
    for read in series.reads:
        for dataset in sorted(series.tables):
            rows.extend(
                {EDITION_COLUMN: read.label, "dataset": dataset, **_without_edition(row)}
                for row in series.tables[dataset].get("indicadores", [])
                if row[EDITION_COLUMN] == read.label
            )
    return rows


def _without_edition(row: Row) -> Row:
    return {k: v for k, v in row.items() if k != EDITION_COLUMN}
