"""Commands on the project and its output folder: run, list, validate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opendata.cli.base import (
    EPILOG,
    FILE,
    FOLDER,
    Context,
    Summary,
    cli,
    out_argument,
    summary_option,
)

if TYPE_CHECKING:
    from opendata.project import Project


@cli.command(epilog=EPILOG)
@click.argument("datasets", nargs=-1)
@click.option(
    "--source",
    type=FILE,
    help="Report the report pipelines read: .txt (UTF-8) or .pdf. Default: the bundled "
    "2023-2024 report. Pipelines of CSV tables read the files their SOURCES name.",
)
@click.option(
    "--out",
    type=FOLDER,
    help="Output folder. Default: output/ in the project.",
)
@click.option(
    "--corrections",
    type=FILE,
    help="Declared corrections of PDF damage (YAML). Default: pipelines/sources/correcciones.yaml.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even if no input changed since the last run; write into a non-empty OUT "
    "that is not an earlier output of opendata.",
)
@summary_option("a summary of the run")
@click.pass_obj
def run(
    obj: Context,
    datasets: tuple[str, ...],
    source: Path | None,
    out: Path | None,
    corrections: Path | None,
    force: bool,
    summary: Path | None,
) -> None:
    """Extract, package, validate and export DATASETS (default: all).

    Each dataset becomes OUT/<dataset>/ with CSV and Parquet files and a datapackage.json
    carrying their sizes and sha256 hashes. The new OUT is built beside it and replaces it
    in one step: if any figure is missing, any check fails or the run is interrupted,
    nothing under OUT changes. OUT may not be /, the home folder, the project folder or
    its pipelines/, datapackages/, validation/, src/ or tests/, nor hold an input.

    \b
    Examples:
      opendata run
      opendata run --source otra-edicion.txt
      opendata run --source informe.pdf --out salida plandai datacon
    """
    from opendata import destination, manifest
    from opendata.errors import ValidationFailed
    from opendata.files import resolved

    project = obj.project()
    out = resolved(out or project.root / "output")
    job_summary = Summary(summary)
    if not force and manifest.read_manifest(out) is not None:  # else nothing to compare
        from opendata.extract.editions import editions_to_read

        editions = editions_to_read(project.editions, project.bundled_report, source)
        reports = [edition.path for edition in editions]
        inputs = manifest.inputs(project, reports, corrections or project.corrections, datasets)
        if manifest.unchanged(out, inputs):
            with destination.writing(out):  # what runs killed before left beside it goes
                pass
            digest = manifest.input_digest(inputs)[:12]
            message = f"nothing to do: inputs unchanged since the last run (digest {digest})"
            click.echo(f"{message}; --force rebuilds anyway")
            job_summary.append(f"## Build\n\n{message}; {out} kept as it was.\n")
            return
    _start_suites(project, datasets)
    from opendata.runner import run as run_pipelines
    from opendata.validate.render import markdown_summary

    try:
        result = run_pipelines(
            project,
            source=source,
            out=out,
            datasets=datasets,
            corrections=corrections,
            progress=obj.progress,
            force=force,
        )
    except ValidationFailed as failure:
        if failure.validation is not None:
            job_summary.append(markdown_summary(failure.validation))
        raise
    job_summary.append(markdown_summary(result.validation))
    for name in result.datasets:
        click.echo(result.summary(name))
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for finding in result.validation.warnings:
        click.echo(finding.line(), err=True)
    click.echo(f"wrote {len(result.datasets)} datasets to {result.out}")


def _start_suites(project: Project, datasets: tuple[str, ...]) -> None:
    """Start the Great Expectations worker (its import takes seconds) before the run's own
    imports, when a dataset of the run may have a suite; the run uses the same worker."""
    from opendata.validate.suites import suite_path

    names = datasets or [path.stem for path in project.validation_dir.glob("*.json")]
    if any(suite_path(project.validation_dir, name).is_file() for name in names):
        from opendata.validate.gx_check import SuiteRunner

        SuiteRunner().start()


@cli.command("list")
@out_argument
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(obj: Context, out: Path | None, as_json: bool) -> None:
    """List the datasets in OUT (default: output/): editions, resources, rows, hashes, when built.

    A dataset read from several editions of the report lists them ("editions 2023/2024,
    2024/2025"): its tables hold every edition, and each edition has its own tables too.

    \b
    Examples:
      opendata list
      opendata list salida --json
    """
    import json

    from opendata.listing import describe_output

    folder = out or obj.project().root / "output"
    entries = describe_output(folder)
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo(f"no datasets in {folder} (run: opendata run)")
        return
    every = [resource for entry in entries for resource in entry["resources"]]
    for resource in every:  # unknown (a missing file): "?"
        for key in ("rows", "bytes"):
            resource[key] = "?" if resource[key] is None else f"{resource[key]:,}"
    rows = max(len(r["rows"]) for r in every) if every else 1
    size = max(len(r["bytes"]) for r in every) if every else 1
    for entry in entries:
        editions = entry["ediciones"]
        said = f"; editions {', '.join(editions)}" if editions else ""
        click.echo(f"{entry['dataset']}  (built {entry['built']}{said})")
        for resource in entry["resources"]:
            name, kind = resource["name"], resource["format"]
            click.echo(
                f"  {name:<32} {kind:<8} {resource['rows']:>{rows}} rows "
                f"{resource['bytes']:>{size}} B  {resource['hash'][:19]}"
            )


@cli.command(epilog=EPILOG)
@out_argument
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--report-dir",
    type=FOLDER,
    help="Also write validation-report.json and .html there.",
)
@click.pass_obj
def validate(obj: Context, out: Path | None, as_json: bool, report_dir: Path | None) -> None:
    """Validate again every data package in OUT (default: output/), as users download it.

    Every CSV file against its Table Schema (frictionless's findings, by opendata's streaming
    validator), its Parquet twin row for row, every file's bytes and sha256; then the Great
    Expectations suite of each dataset (validation/<dataset>.json) and the report's
    consistency rules (validation/reglas.yaml) on the tables as the CSV files hold them.
    Writes nothing under OUT.

    \b
    Examples:
      opendata validate
      opendata validate salida --json
      opendata validate --report-dir /tmp/informe
    """
    import json

    from opendata.errors import InputError
    from opendata.validate import validate_output
    from opendata.validate.render import write_reports

    project = obj.project()
    folder = out or project.root / "output"
    if not any(folder.glob("*/datapackage.json")):
        raise InputError(f"{folder}: no data packages to validate (run: opendata run)")
    report = validate_output(folder, project.validation_dir, obj.progress)
    if report_dir:
        write_reports(report, report_dir)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(report.summary())
    sys.exit(0 if report.valid else 1)
