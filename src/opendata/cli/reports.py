"""Commands that present the packages: cumplimiento (the compliance report), sitio."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opendata.cli.base import (
    EPILOG,
    FOLDER,
    Context,
    Summary,
    cli,
    insecure_option,
    out_argument,
    packages_option,
    summary_option,
    timeout_option,
)

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
