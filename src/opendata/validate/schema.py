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
    from frictionless import Package, Resource

    package = Package(str(descriptor_path))
    dataset = package.name or descriptor_path.parent.name
    report = ValidationReport(datasets=[dataset])
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
