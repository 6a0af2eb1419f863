"""Validate a package of large tables (a pipeline with SOURCES) without frictionless or GX.

frictionless-py checks cells one by one in Python (20 thousand rows a second) and Great
Expectations loads whole tables into pandas: neither fits a table of millions of rows. Such a
package gets instead: its tables checked against their Table Schemas by opendata's streaming
validator (frictionless's findings, row for row; at `opendata run` this is the check made
while the files were written), the bytes and sha256 of every file, and the column types and
row count of every Parquet file. Its GX suite, if any, does not run; the report says so.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from opendata.export.writers import arrow_schema, file_stats
from opendata.validate.packages import PackageData
from opendata.validate.report import Finding, ValidationReport
from opendata.validate.stream import TableCheck, check_table

GX_SKIPPED = "gx: not run (large tables)"


def validate_large_package(
    package: PackageData,
    checked: dict[str, TableCheck] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ValidationReport:
    """The package's tables, files and Parquet copies; `checked`: tables already checked."""
    folder = package.path.parent
    checks = dict(checked or {})
    for resource in package.tabular():
        name = resource["name"]
        if name not in checks:
            progress(f"checking {package.name}/{name}")
            path = folder / resource["path"]
            checks[name] = check_table(
                [(path, resource["path"])], resource["schema"], None, progress, package.name
            )
    also = ["integrity: bytes and sha256 of every file", "parquet: column types and rows"]
    report = table_report(package.name, checks, also)
    resources = package.descriptor.get("resources", [])
    with ThreadPoolExecutor(2, thread_name_prefix="integrity") as pool:
        for found in pool.map(
            lambda resource: _integrity(package.name, folder, resource), resources
        ):
            report.findings.extend(found)
    for resource in package.tabular():
        name = resource["name"]
        report.findings.extend(
            _parquet(
                package.name,
                name,
                folder / f"{name}.parquet",
                resource["schema"],
                checks[name].rows,
            )
        )
    return report


def table_report(
    dataset: str, checks: dict[str, TableCheck], also: list[str] | None = None
) -> ValidationReport:
    """The findings of checked tables, and what was checked (`also`: other checks made)."""
    report = ValidationReport(datasets=[dataset])
    rows = sum(check.rows for check in checks.values())
    ran = [f"schema: opendata's streaming validator, {rows:,} rows", *(also or []), GX_SKIPPED]
    for resource, check in checks.items():
        report.findings.extend(
            Finding(
                dataset,
                resource,
                f"schema:{error.type}",
                "error",
                error.message(),
                {
                    key: value
                    for key, value in (
                        ("file", error.file),
                        ("row_number", error.row),
                        ("field_name", error.field),
                        ("cell", error.cell),
                    )
                    if value is not None
                },
            )
            for error in check.errors
        )
        if not check.rows_checked:
            ran.append(f"{resource}: rows not checked, the header does not match the schema")
    report.large_tables[dataset] = ran
    return report


def _integrity(dataset: str, folder: Path, resource: dict[str, object]) -> list[Finding]:
    path = folder / str(resource["path"])
    if not path.is_file():
        return [
            Finding(dataset, str(resource["name"]), "integrity:file", "error", f"{path}: missing")
        ]
    size, digest = file_stats(path)
    found = []
    for check, expected, actual in (
        ("byte-count", resource.get("bytes"), size),
        ("hash-count", resource.get("hash"), digest),
    ):
        if expected != actual:
            message = f'{path.name}: expected is "{expected}" and actual is "{actual}"'
            found.append(
                Finding(dataset, str(resource["name"]), f"integrity:{check}", "error", message)
            )
    return found


def _parquet(
    dataset: str, resource: str, path: Path, schema: dict[str, object], rows: int
) -> list[Finding]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        return []  # reported by the integrity check
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"{path.name}: unreadable Parquet file ({problem})"
        return [Finding(dataset, resource, "parquet:read", "error", message)]
    expected = arrow_schema(schema)
    problems = []
    if not parquet.schema_arrow.equals(expected):
        problems.append(f"columns {parquet.schema_arrow} differ from the schema's {expected}")
    if parquet.metadata.num_rows != rows:
        problems.append(f"{parquet.metadata.num_rows:,} rows, the CSV has {rows:,}")
    return [
        Finding(dataset, resource, "parquet:schema", "error", f"{path.name}: {p}") for p in problems
    ]
