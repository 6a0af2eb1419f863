"""Commands that talk to a CKAN portal: publish, datasets, download."""

from __future__ import annotations

from pathlib import Path

import click

from opendata.cli.base import (
    FILE,
    FOLDER,
    PUBLISH_EPILOG,
    Context,
    Summary,
    cli,
    insecure_option,
    packages_option,
    portal_option,
    progress_bar,
    summary_option,
    timeout_option,
)


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
            progress=None if obj.quiet else progress_bar(),
            note=lambda message: click.echo(f"note: {message}", err=True),
        )
        how = " (descriptor inferred)" if result.inferred else ""
        click.echo(f"{name}: {len(result.files)} files verified in {result.folder}{how}")
