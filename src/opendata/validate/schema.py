"""Validate a written data package against its Table Schemas with frictionless-py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opendata.validate.report import Finding, ValidationReport


def validate_package_schema(descriptor_path: Path) -> ValidationReport:
    """Frictionless's verdict on one package: every resource, every error, hashes included.

    Parquet resources are declared as files (so frictionless verifies their bytes and hash);
    their content is validated here as tables against the same schema.
    """
    from frictionless import FrictionlessException, Package, Resource

    try:
        package = Package(str(descriptor_path))
    except FrictionlessException as exc:  # a descriptor the Data Package standard refuses
        dataset = descriptor_path.parent.name
        message = f"{descriptor_path.name}: {exc.error.message}"
        finding = Finding(dataset, None, f"frictionless:{exc.error.type}", "error", message)
        return ValidationReport(findings=[finding], datasets=[dataset])
    dataset = package.name or descriptor_path.parent.name
    report = ValidationReport(datasets=[dataset])
    unreadable = [
        finding
        for resource in package.resources
        if resource.format == "csv" and resource.schema and isinstance(resource.path, str)
        for finding in _beyond_bounds(
            dataset, resource.name, descriptor_path.parent / resource.path, resource.schema
        )
    ]
    if unreadable:  # frictionless would read it whole into memory: its verdict is this
        report.findings.extend(unreadable)
        return report
    result = package.validate(limit_errors=100_000)
    for task in result.tasks:
        report.findings.extend(_findings(dataset, task.name, task.errors))
    report.findings.extend(_findings(dataset, None, result.errors))
    for resource in package.resources:
        if resource.format != "parquet" or not resource.schema:
            continue
        table = Resource.from_descriptor(
            {
                "name": resource.name,
                "path": resource.path,
                "format": "parquet",
                "schema": resource.schema.to_descriptor(),
            },
            basepath=str(descriptor_path.parent),
        )
        checked = table.validate(limit_errors=100_000)
        for task in checked.tasks:
            report.findings.extend(_findings(dataset, resource.name, task.errors))
    return report


def _beyond_bounds(dataset: str, resource: str, path: Path, schema: Any) -> list[Finding]:
    """A CSV file with a line or cell over 16 MiB, or thousands of columns more than its
    schema: frictionless reads lines whole and repeats the header in each header error."""
    from opendata.files import LineTooLong, csv_rows
    from opendata.validate.stream import EXTRA_LABELS

    if not path.is_file():
        return []  # frictionless says so
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            rows = csv_rows(handle, path)
            header = next(rows, None) or []
            if len(header) > len(schema.fields) + EXTRA_LABELS:
                message = (
                    f"{path.name}: {len(header):,} columns, the schema has {len(schema.fields)}"
                )
                return [Finding(dataset, resource, "csv:columns", "error", message)]
            for _ in rows:
                pass
    except LineTooLong as exc:
        return [Finding(dataset, resource, "csv:line-too-long", "error", str(exc))]
    return []


def _findings(dataset: str, resource: str | None, errors: list[Any]) -> list[Finding]:
    findings = []
    for error in errors:
        values = {
            key: getattr(error, key)
            for key in ("row_number", "field_name", "cell")
            if getattr(error, key, None) is not None
        }
        check = f"frictionless:{error.type}"
        findings.append(Finding(dataset, resource, check, "error", error.message, values))
    return findings
