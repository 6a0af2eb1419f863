"""Validate: the checks a package must pass before it is exported or published.

Today: frictionless-py against the Table Schemas. The Great Expectations suites and the
report's consistency rules plug in here (`validate_package` is the one entry point).
"""

from __future__ import annotations

from pathlib import Path

from opendata.validate.report import Finding, ValidationReport
from opendata.validate.schema import validate_package_schema

__all__ = ["Finding", "ValidationReport", "validate_output", "validate_package"]


def validate_package(descriptor_path: Path) -> ValidationReport:
    """Every check of one written package."""
    return validate_package_schema(descriptor_path)


def validate_output(out: Path) -> ValidationReport:
    """Re-validate every package found in an output folder."""
    result = ValidationReport()
    for path in sorted(out.glob("*/datapackage.json")):
        result.extend(validate_package(path))
    return result
