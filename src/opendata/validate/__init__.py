"""Validate: every check a package must pass before it is exported or published.

Three layers, one report: frictionless-py against each Table Schema (shape), a Great
Expectations suite per dataset (meaning), and the report's consistency rules across
resources and datasets. The result is a `ValidationReport` value, never an exception.
Packages of large tables (pipelines with SOURCES) are checked by opendata's streaming
validator instead of frictionless and GX (see validate/tables.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from opendata.validate.report import Finding, ValidationReport

if TYPE_CHECKING:
    from opendata.validate.stream import TableCheck

__all__ = ["Finding", "ValidationReport", "validate_output", "validate_packages"]


def validate_packages(
    descriptors: list[Path],
    validation_dir: Path,
    progress: Callable[[str], None] = lambda message: None,
    checked: dict[str, dict[str, TableCheck]] | None = None,
) -> ValidationReport:
    """Schema, suites and rules over the packages whose datapackage.json are `descriptors`.

    `checked`: the large tables a run checked as it wrote them, by dataset and resource
    (a dataset whose tables are not all valid has no package, only these findings).
    """
    # Imported here: the streaming validator (validate.stream) needs none of them.
    from opendata.validate.packages import DamagedTable, PackageData
    from opendata.validate.rules import check_rules, load_rules
    from opendata.validate.schema import validate_package_schema
    from opendata.validate.suites import load_suite, suite_path

    rules = load_rules(validation_dir)
    report = ValidationReport()
    packages = [PackageData.read(path) for path in descriptors]
    checked = checked or {}
    for package in packages:
        progress(f"validating {package.name}")
        if package.large_tables:
            from opendata.validate.tables import validate_large_package

            report.extend(validate_large_package(package, checked.get(package.name), progress))
            continue
        suite = load_suite(validation_dir, package.name)
        report.extend(validate_package_schema(package.path))
        from opendata.validate.gx_check import run_suite

        try:
            report.findings.extend(
                run_suite(package, suite, str(suite_path(validation_dir, package.name)))
            )
        except DamagedTable as damaged:  # the schema check above names it too
            report.findings.append(
                Finding(package.name, None, "parquet:read", "error", str(damaged))
            )
        report.suites[package.name] = len(suite.get("expectations", []))
    for dataset in sorted(set(checked) - {p.name for p in packages}):
        from opendata.validate.tables import table_report

        report.extend(table_report(dataset, checked[dataset]))
    findings, skipped = check_rules(rules, packages)
    report.findings.extend(findings)
    report.rules = [rule.id for rule in rules if rule.id not in skipped]
    report.skipped_rules = skipped
    return report


def validate_output(
    out: Path, validation_dir: Path, progress: Callable[[str], None] = lambda message: None
) -> ValidationReport:
    """Validate again every package found in an output folder."""
    return validate_packages(sorted(out.glob("*/datapackage.json")), validation_dir, progress)
