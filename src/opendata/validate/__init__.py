"""Validate: every check a dataset must pass before anything of it is written or published.

Three layers, one report, over typed tables (opendata.package.table): each table against its
Table Schema by opendata's streaming validator (frictionless's findings, row for row:
tables.py, stream.py); the dataset's Great Expectations suite, for meaning (gx_check.py, in a
worker process); the report's consistency rules across datasets (rules.py). The result is a
`ValidationReport` value, never an exception. A run validates what it is about to write
(`validate_datasets`); `opendata validate` checks what users download (`validate_output`):
every CSV through the same validator, its Parquet twin row for row, every file's bytes and
sha256, then the suites and the rules on the tables as the CSV files hold them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata.validate.report import Finding, ValidationReport
from opendata.validate.tables import Checked, ResourceInput

if TYPE_CHECKING:
    from opendata.validate.gx_check import SuiteRunner

__all__ = [
    "Checked",
    "DatasetInput",
    "Finding",
    "ResourceInput",
    "ValidationReport",
    "validate_datasets",
    "validate_output",
]

Progress = Callable[[str], None]


@dataclass
class DatasetInput:
    """One dataset to validate: its descriptor and each of its tables' sources."""

    name: str
    descriptor: dict[str, Any]
    resources: list[ResourceInput]
    large: bool = False  # tables of CSV sources: streamed, never held in memory, no GX
    also: list[str] = field(default_factory=list)  # other checks made (shown for large tables)


def validate_datasets(
    datasets: list[DatasetInput],
    validation_dir: Path,
    progress: Progress = lambda message: None,
    suites: SuiteRunner | None = None,
) -> tuple[ValidationReport, dict[str, Checked]]:
    """Schema, suites and rules over `datasets`; each dataset's checked, typed tables."""
    from opendata.validate.packages import PackageData
    from opendata.validate.rules import check_rules, load_rules, of_edition
    from opendata.validate.suites import load_suite
    from opendata.validate.tables import check_tables, table_report

    rules = load_rules(validation_dir)
    report = ValidationReport()
    checked: dict[str, Checked] = {}
    packages: list[PackageData] = []
    pending: list[tuple[str | None, Future[list[Finding]]]] = []
    for dataset in datasets:
        progress(f"validating {dataset.name}")
        result = check_tables(dataset.name, dataset.resources, progress)
        checked[dataset.name] = result
        report.extend(table_report(dataset.name, result.checks, dataset.large, dataset.also))
        if not result.valid:
            continue  # its rows are not all read: no suite or rule can judge them
        package = PackageData.of_run(dataset.descriptor, result.tables)
        packages.append(package)
        report.findings.extend(_edition_findings(package))
        suite = None if dataset.large else load_suite(validation_dir, dataset.name)
        if suite is None:
            continue
        report.suites[dataset.name] = len(suite.get("expectations", []))
        # Each edition's rows are checked as the report gave them: its own period, its
        # own uniqueness; the series holds them all.
        views = package.edition_views()
        for label, view in views:
            tables = {name: view.table(name) for name in view.resource_names()}
            submitted = _submit(suites, dataset.name, tables, suite, view.period())
            pending.append((label if len(views) > 1 else None, submitted))
    findings, skipped = check_rules(rules, packages)
    for label, future in pending:
        report.findings.extend(of_edition(f, label) for f in _result(suites, future))
    report.findings.extend(findings)
    report.rules = [rule.id for rule in rules if rule.id not in skipped]
    report.skipped_rules = skipped
    return report, checked


def _edition_findings(package: Any) -> list[Finding]:
    return [
        Finding(package.name, resource, "serie", "error", problem)
        for resource, problem in package.edition_mismatches()
    ]


def _submit(
    suites: SuiteRunner | None,
    dataset: str,
    tables: dict[str, Any],
    suite: dict[str, Any],
    period: Any,
) -> Future[list[Finding]]:
    if suites is not None:
        return suites.submit(dataset, tables, suite, period)
    from opendata.validate.gx_check import run_suite

    done: Future[list[Finding]] = Future()
    done.set_result(run_suite(dataset, tables, suite, period))
    return done


def _result(suites: SuiteRunner | None, future: Future[list[Finding]]) -> list[Finding]:
    return suites.result(future) if suites is not None else future.result()


def validate_output(
    out: Path,
    validation_dir: Path,
    progress: Progress = lambda message: None,
    suites: SuiteRunner | None = None,
) -> ValidationReport:
    """Validate again every package found in an output folder, from its files as they are."""
    from opendata.validate.packages import PackageData
    from opendata.validate.tables import MatchParquet, integrity

    inputs: list[DatasetInput] = []
    matches: dict[tuple[str, str], MatchParquet] = {}
    found: list[Finding] = []
    for path in sorted(out.glob("*/datapackage.json")):
        package = PackageData.read(path)
        folder = path.parent
        for resource in package.descriptor.get("resources", []):
            found.extend(integrity(package.name, folder, resource))
        resources = []
        for entry in package.tabular():
            name = entry["name"]
            match = MatchParquet(folder / f"{name}.parquet", entry["schema"])
            matches[(package.name, name)] = match
            sources: list[tuple[Path | bytes, str]] = [(folder / entry["path"], entry["path"])]
            resources.append(
                ResourceInput(name, entry["schema"], sources, match, keep=not package.large_tables)
            )
        also = ["integrity: bytes and sha256 of every file", "parquet: the same rows as the CSV"]
        inputs.append(
            DatasetInput(package.name, package.descriptor, resources, package.large_tables, also)
        )
    report, checked = validate_datasets(inputs, validation_dir, progress, suites)
    for (dataset, resource), match in matches.items():
        check = checked[dataset].checks[resource]
        if check.valid:
            report.findings.extend(match.findings(dataset, resource, check.rows))
    report.findings.extend(found)
    return report
