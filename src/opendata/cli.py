"""The `opendata` command: a thin layer over the library. Heavy imports happen inside commands.

Exit codes: 0 success (warnings allowed), 1 validation failed, 2 usage or input error,
3 portal error, 130 interrupted; every failure is mapped in one place, opendata.failures.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from opendata import __version__
from opendata.errors import Terminated

if TYPE_CHECKING:
    from opendata.project import Project

EPILOG = (
    "Exit codes: 0 success, 1 validation failed (nothing written), 2 usage or input error, "
    "130 interrupted."
)
PUBLISH_EPILOG = (
    "Exit codes: 0 published or nothing to do, 1 validation failed (nothing published), "
    "2 usage or input error, 3 portal error, 130 interrupted."
)


class Seconds(click.ParamType[float]):
    """A finite number of seconds within bounds (`nan`, `inf` and 1e300 are refused)."""

    name = "seconds"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            self.fail(
                f"{value!r} is not between {self.low:g} and {self.high:g} seconds", param, ctx
            )
        return number


FOLDER = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(dir_okay=False, path_type=Path)
out_argument = click.argument("out", required=False, type=FOLDER)
packages_option = click.option(
    "--out",
    type=FOLDER,
    help="Output folder holding the packages. Default: output/ in the project.",
)


def summary_option(what: str) -> Callable[[Any], Any]:
    """--summary FILE: `what`, as Markdown, appended to a job summary."""
    return click.option(
        "--summary",
        type=FILE,
        help=f"Append {what} as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY).",
    )


portal_option = click.option(
    "--portal", envvar="CKAN_URL", help="CKAN portal URL. Default: $CKAN_URL."
)
insecure_option = click.option(
    "--insecure", is_flag=True, help="Allow a plain-HTTP portal on a non-loopback host."
)
timeout_option = click.option(
    "--timeout",
    type=Seconds(1, 3600),
    default=60.0,
    show_default=True,
    envvar="OPENDATA_TIMEOUT",
    help="Seconds to wait for each portal answer ($OPENDATA_TIMEOUT).",
)


class Context:
    def __init__(self, project: Path | None, quiet: bool) -> None:
        self.project_path = project
        self.quiet = quiet

    def project(self) -> Project:
        from opendata.project import find_project

        return find_project(self.project_path)

    def project_root(self) -> Path | None:
        """The project's folder, if there is one (commands that need none)."""
        from opendata.errors import InputError

        try:
            return self.project().root
        except InputError:
            return None

    def progress(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"  {message}", err=True)


class Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BaseException as error:  # the error boundary: opendata.failures maps them all
            from opendata.failures import explain

            failure = explain(error)
            if failure is None:  # the command's own sys.exit(code)
                raise
            if failure.traceback:
                click.echo(failure.traceback, err=True, nl=False)
            for line in failure.lines:
                click.echo(line, err=True)
            sys.exit(failure.code)


@click.group(cls=Group, epilog=EPILOG)
@click.version_option(__version__, prog_name="opendata")
@click.option(
    "--project",
    type=FOLDER,
    help="Project folder (with pipelines/ and datapackages/). Default: found from here.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.pass_context
def cli(ctx: click.Context, project: Path | None, quiet: bool) -> None:
    """Turn the figures of Mexican transparency reports into validated open data.

    \b
    Typical use:
      opendata run                      # every dataset from the bundled report -> output/
      opendata list                     # what output/ holds
      opendata validate                 # check output/ again
    """
    ctx.obj = Context(project, quiet)


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


@cli.command(epilog=PUBLISH_EPILOG)
@click.argument("datasets", nargs=-1)
@portal_option
@click.option(
    "--token-file",
    type=FILE,
    help="File holding the API token. Default: $CKAN_API_TOKEN, else $CKAN_API_TOKEN_FILE.",
)
@click.option("--org", help="Organization to publish under. Default: the packages' publisher.")
@packages_option
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@click.option("--prune", is_flag=True, help="Delete resources on the portal that are not local.")
@click.option("--private", is_flag=True, help="Create new datasets as private.")
@click.option(
    "--allow-corrections",
    is_flag=True,
    help="Publish corrected revisions of editions already published (needs --reason).",
)
@click.option(
    "--reason",
    metavar="TEXT",
    help="Why the editions are corrected: written into each dataset's cambios.csv.",
)
@timeout_option
@insecure_option
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@summary_option("the plan")
@click.pass_obj
def publish(
    obj: Context,
    datasets: tuple[str, ...],
    portal: str | None,
    token_file: Path | None,
    org: str | None,
    out: Path | None,
    dry_run: bool,
    prune: bool,
    private: bool,
    allow_corrections: bool,
    reason: str | None,
    timeout: float,
    insecure: bool,
    as_json: bool,
    summary: Path | None,
) -> None:
    """Publish the validated packages of OUT to a CKAN portal: plan, then apply.

    The plan lists, per dataset and resource, what will be created, updated (and what
    changed), corrected, left unchanged or is stale (on the portal, not local). Unchanged
    is decided from the hashes stored on the portal: publishing twice writes nothing the
    second time. Each series table is loaded into the DataStore with typed fields.

    Each edition's own files (indicadores-2023-2024.csv) are published once and never
    replaced or pruned. When a run gives a published edition other figures, the plan says
    `correct` and nothing is published unless --allow-corrections --reason TEXT: then the
    new file is a new revision beside the first (…-r2.csv), each changed value goes into
    the dataset's cambios.csv and its version's patch number goes up by one. A plan that
    would drop an edition the portal holds is refused.

    The token comes from $CKAN_API_TOKEN or a file ($CKAN_API_TOKEN_FILE, --token-file)
    and is never printed.

    \b
    Examples:
      opendata publish --portal https://datos.example.gob.mx --dry-run
      CKAN_API_TOKEN_FILE=~/.config/ckan-token opendata publish plandai datacon
      opendata publish --org mi-organizacion --prune --json
      opendata publish --allow-corrections --reason "Fe de erratas del 2 de marzo"
    """
    import json

    from opendata import destination
    from opendata.errors import InputError
    from opendata.files import resolved
    from opendata.manifest import record_publication
    from opendata.portal import Portal, check_portal_url
    from opendata.publish import Correction, PublishRefused, local_datasets
    from opendata.publish import publish as publish_packages
    from opendata.publish.credentials import load_token

    if allow_corrections != bool(reason and reason.strip()):
        raise click.UsageError(
            "--allow-corrections needs --reason TEXT (it goes into cambios.csv)"
            if allow_corrections
            else "--reason is only for --allow-corrections"
        )
    correction = Correction(" ".join(reason.split())) if allow_corrections and reason else None
    project = obj.project()
    if not portal:
        raise InputError("no portal: pass --portal URL or set CKAN_URL")
    url = check_portal_url(portal, insecure)
    token = load_token(token_file, project.root)
    job_summary = Summary(summary)
    folder = resolved(out or project.root / "output")
    with destination.writing(folder, shared=True):  # no run swaps it while it is published
        packages = local_datasets(folder, datasets)
        try:
            result = publish_packages(
                Portal(url, token, timeout=timeout, note=obj.progress),
                packages,
                organization=org,
                dry_run=dry_run,
                prune=prune,
                private=private,
                whole=not datasets,
                correction=correction,
                progress=obj.progress,
            )
        except PublishRefused as error:  # the plan that was refused, for the job's summary
            job_summary.append(f"{error.plan.markdown(prune)}\nnothing published.\n")
            raise
        if result.applied:
            actions = {d.local.name: d.action for d in result.plan.datasets}
            record_publication(folder, url, result.plan.organization, actions)
    note = f"{result.writes} write calls" if result.applied else "dry run: nothing changed"
    job_summary.append(f"{result.plan.markdown(prune)}\n{note}.\n")
    if as_json:
        payload = {**result.plan.to_dict(prune), "applied": result.applied, "writes": result.writes}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(result.plan.table(prune))
    if result.applied:
        click.echo(f"published to {url}: {result.writes} write calls")
    else:
        why = result.plan.refused()
        if why:
            click.echo(f"note: {why.removeprefix('not published: ')}", err=True)
        click.echo("dry run: nothing changed on the portal")


@cli.command()
@click.argument("query", required=False, default="")
@portal_option
@click.option("--org", help="Only this organization's datasets.")
@timeout_option
@insecure_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def datasets(
    query: str, portal: str | None, org: str | None, timeout: float, insecure: bool, as_json: bool
) -> None:
    """List what a CKAN portal offers (anonymously): name, title, last modified, formats.

    \b
    Examples:
      opendata datasets --portal https://datos.gob.mx transparencia
      opendata datasets --org ceaytp-snt --json
    """
    import json

    from opendata.download import list_datasets
    from opendata.errors import InputError
    from opendata.portal import Portal, check_portal_url

    if not portal:
        raise InputError("no portal: pass --portal URL or set CKAN_URL")
    found = list_datasets(Portal(check_portal_url(portal, insecure), timeout=timeout), org, query)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for entry in found:
        formats = ",".join(entry["formats"])
        click.echo(f"{entry['name']:<40} {entry['modified']:<19}  {formats:<16} {entry['title']}")
    click.echo(f"{len(found)} datasets")


@cli.command()
@click.argument("names", nargs=-1, required=True)
@portal_option
@click.option(
    "--dest",
    type=FOLDER,
    default=Path("datos"),
    show_default=True,
    help="Folder to write DEST/<dataset>/ into.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["csv", "parquet", "all"]),
    default="all",
    show_default=True,
    help="Which files of each table to fetch.",
)
@click.option("--allow-external", is_flag=True, help="Also fetch files hosted off the portal.")
@click.option(
    "--force", is_flag=True, help="Write into a non-empty DEST that holds more than datasets."
)
@timeout_option
@insecure_option
@click.pass_obj
def download(
    obj: Context,
    names: tuple[str, ...],
    portal: str | None,
    dest: Path,
    formats: str,
    allow_external: bool,
    force: bool,
    timeout: float,
    insecure: bool,
) -> None:
    """Download datasets from a CKAN portal as verified data packages.

    Writes DEST/<dataset>/datapackage.json and the files. Every file is streamed to disk
    and checked against the sha256 and size that the dataset's datapackage.json (or CKAN's
    hash) records; a file that does not match is an error and is not kept. A dataset with
    no datapackage.json (published by another tool) gets one inferred from CKAN's metadata
    and the data. Only files on the portal's own host are fetched unless --allow-external.
    DEST may not be /, the home folder or a project's own folders; a DEST holding anything
    but downloaded datasets needs --force.

    \b
    Examples:
      opendata download plandai datacon --portal https://datos.example.gob.mx
      opendata download plandai --format parquet --dest /tmp/datos -q
    """
    from opendata.download import check_dest, download_dataset
    from opendata.errors import InputError
    from opendata.portal import Portal, check_portal_url

    if not portal:
        raise InputError("no portal: pass --portal URL or set CKAN_URL")
    client = Portal(check_portal_url(portal, insecure), timeout=timeout, note=obj.progress)
    dest = check_dest(dest, obj.project_root(), force)
    for name in names:
        result = download_dataset(
            client,
            name,
            dest,
            formats=formats,
            allow_external=allow_external,
            progress=None if obj.quiet else _progress_bar(),
            note=lambda message: click.echo(f"note: {message}", err=True),
        )
        how = " (descriptor inferred)" if result.inferred else ""
        click.echo(f"{name}: {len(result.files)} files verified in {result.folder}{how}")


COMPLIANCE_EPILOG = (
    "Exit codes: 0 every error-level check passed, 1 one failed, 2 usage or input error, "
    "3 portal unreachable."
)


@cli.command(epilog=COMPLIANCE_EPILOG)
@click.argument("datasets", nargs=-1)
@click.option(
    "--portal",
    envvar="CKAN_URL",
    help="Also check the datasets as published there, anonymously. Default: $CKAN_URL.",
)
@packages_option
@click.option(
    "--report-dir",
    type=FOLDER,
    help="Where to write cumplimiento.json and cumplimiento.html. Default: OUT.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@summary_option("the report")
@timeout_option
@insecure_option
@click.pass_obj
def cumplimiento(
    obj: Context,
    datasets: tuple[str, ...],
    portal: str | None,
    out: Path | None,
    report_dir: Path | None,
    as_json: bool,
    summary: Path | None,
    timeout: float,
    insecure: bool,
) -> None:
    """Check each dataset against the characteristics of open data in Mexican law.

    For each dataset and each characteristic (accesibles, integrales, gratuitos, no
    discriminatorios, oportunos, permanentes, primarios, legibles por máquinas, en formatos
    abiertos, de libre uso): cumple, no cumple, or no verificable por máquina, with the
    evidence and the article and law version, or the step of the Guía de Implementación de la
    Política de Datos Abiertos, it comes from. Without --portal only the packages on disk are
    checked; with it, downloads, dates and earlier versions are checked on the portal, with
    no token.

    \b
    Examples:
      opendata cumplimiento
      opendata cumplimiento --portal https://datos.example.gob.mx
      opendata cumplimiento plandai --portal http://127.0.0.1:5055 --json
    """
    import json

    from opendata.compliance import check_compliance
    from opendata.portal import Portal, check_portal_url

    job_summary = Summary(summary)
    folder = out or obj.project().root / "output"
    client = (
        Portal(check_portal_url(portal, insecure), timeout=timeout, note=obj.progress)
        if portal
        else None
    )
    report = check_compliance(folder, client, datasets, progress=obj.progress)
    report.write(report_dir or folder)
    job_summary.append(report.markdown())
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for result in report.results:
            if result.estado == "no cumple":
                click.echo(result.line())
        click.echo(report.summary())
    sys.exit(0 if report.passed else 1)


@cli.command(epilog=EPILOG)
@out_argument
@click.option(
    "--url",
    "site_url",
    envvar="OPENDATA_SITE_URL",
    help="Address the site is served from (canonical links, JSON-LD). "
    "Default: $OPENDATA_SITE_URL, else relative links only.",
)
@click.option(
    "--portal",
    envvar="CKAN_URL",
    help="CKAN portal the datasets are published on (links, snippets). Default: $CKAN_URL.",
)
@click.pass_obj
def sitio(obj: Context, out: Path | None, site_url: str | None, portal: str | None) -> None:
    """Build a static site of the validated packages of OUT (default: output/) in OUT/sitio/.

    An index of the datasets (search, filters by tag, period and body) and one page per
    dataset: description, coverage, licence and citations (Libre Uso MX, APA, BibTeX),
    validation, data dictionary, preview, downloads with size and sha256, how to load it,
    the origin of each figure, and the charts its descriptor declares (`views`), drawn to
    SVG with their numbers as text. Any static host serves the folder as it is.

    \b
    Examples:
      opendata sitio
      opendata sitio salida --url https://ceaytp.github.io/opendata/
      python -m http.server -d output/sitio 8000     # then open http://127.0.0.1:8000
    """
    from opendata.site import build_site

    folder = out or obj.project().root / "output"
    result = build_site(folder, site_url=site_url or None, portal=portal or None)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"wrote {len(result.pages)} pages and {result.charts} charts to {result.folder} "
        f"in {result.seconds:.2f} s"
    )


class Summary:
    """A job summary file (GitHub's $GITHUB_STEP_SUMMARY), opened before the command does
    anything, so that a bad path fails first; a failure to append later is only a warning:
    it never turns a good run into a failed one."""

    def __init__(self, path: Path | None) -> None:
        from opendata.files import open_for_append

        self.path = path
        self.handle: IO[str] | None = open_for_append(path, "--summary") if path else None

    def append(self, markdown: str) -> None:
        if self.handle is None:
            return
        try:
            with self.handle:
                self.handle.write(markdown + "\n")
        except OSError as exc:
            click.echo(f"warning: {self.path}: summary not written ({exc.strerror})", err=True)
        self.handle = None


def _progress_bar() -> Callable[[str, int, int | None], None]:
    """A one-line progress display on stderr, for files over a megabyte."""

    def show(name: str, done: int, total: int | None) -> None:
        if (total or done) < 1 << 20:
            return
        share = f"{100 * done // total:3d}% " if total else ""
        end = "\n" if total and done >= total else ""
        click.echo(f"\r  {name}: {share}{done / 1e6:,.1f} MB", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


def main() -> None:
    import signal

    def terminated(number: int, frame: object) -> None:
        raise Terminated()

    signal.signal(signal.SIGTERM, terminated)  # unwind like Ctrl-C: cleanups run
    try:
        cli(prog_name="opendata")
    finally:
        suites = sys.modules.get("opendata.validate.gx_check")
        if suites is not None:
            suites.stop_warming()
