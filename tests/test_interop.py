"""The real local portal as a Mexican portal (ckanext-dcat): after publishing, each dataset's
DCAT-AP 3 graph and the catalog's conform to the SHACL shapes, each Croissant document loads
with mlcroissant and its records are the CSV rows, each published datapackage.json validates
from its URL with no token, and `opendata cumplimiento` passes, or fails naming what broke."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from conftest import ROOT
from interop_checks import croissant_records, csv_rows, shacl_violations

from opendata.cli import cli
from opendata.portal import Portal, PortalNotFound
from opendata.publish import local_datasets, publish
from opendata.runner import RunResult

ORG = "opendata-pruebas"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"


@pytest.fixture(scope="module")
def portal(settings: dict[str, str], token: str, bundled: RunResult) -> str:
    """The bundled packages published afresh: their activity streams (which the compliance
    check of earlier versions reads) hold none of the links other tests, or an earlier run
    on this portal, gave them (tests/test_publish.py adds one to example.org, unreachable)."""
    admin = Portal(settings["CKAN_URL"], token)
    datasets = local_datasets(bundled.out)
    for dataset in datasets:
        with contextlib.suppress(PortalNotFound):
            admin.call_action("dataset_purge", {"id": dataset.name})
    publish(admin, datasets, organization=ORG)
    return settings["CKAN_URL"]


def package(portal: str, name: str) -> dict[str, Any]:
    return dict(Portal(portal).call_action("package_show", {"id": name}))


def turtle(url: str) -> Any:
    from rdflib import Graph

    response = requests.get(url, timeout=60)
    assert response.status_code == 200, url
    return Graph().parse(data=response.content.decode("utf-8"), format="turtle")  # RDF 1.1: UTF-8


def test_every_dataset_dcat_conforms_to_dcat_ap_3(portal: str, bundled: RunResult) -> None:
    from rdflib import Namespace, URIRef

    dct = Namespace("http://purl.org/dc/terms/")
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    for name in bundled.datasets:
        graph = turtle(f"{portal}/dataset/{name}.ttl")
        assert shacl_violations(graph) == [], name
        dataset = next(graph.subjects(predicate=dcat.landingPage))
        assert graph.value(dataset, dcat.landingPage) == URIRef(f"{portal}/dataset/{name}")
        assert graph.value(dataset, dct.accrualPeriodicity) == URIRef(FREQUENCY)
        assert (
            None,
            dct.conformsTo,
            URIRef("https://specs.frictionlessdata.io/table-schema/"),
        ) in graph
        contact = graph.value(dataset, dcat.contactPoint)
        assert str(graph.value(contact, vcard.hasEmail)).startswith("mailto:")
        local = json.loads((bundled.out / name / "datapackage.json").read_text("utf-8"))
        period = graph.value(dataset, dct.temporal)
        start = graph.value(period, URIRef("http://schema.org/startDate")) or graph.value(
            period, dcat.startDate
        )
        assert str(start) == local["cobertura_temporal"]["inicio"]
        assert graph.value(dataset, dct.spatial) == URIRef(local["cobertura_espacial"]["uri"])
        assert (None, dct.provenance, None) in graph
        checksums = {
            str(v) for v in graph.objects(None, URIRef("http://spdx.org/rdf/terms#checksumValue"))
        }
        assert {r["hash"].removeprefix("sha256:") for r in local["resources"]} <= checksums
        assert [str(t) for t in graph.objects(dataset, dct.title)] == [local["title"]]


def test_the_catalog_conforms_and_lists_every_dataset(portal: str, bundled: RunResult) -> None:
    from rdflib import Namespace

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    dct = Namespace("http://purl.org/dc/terms/")
    # The shared test portal also holds datasets other tests made by hand, without
    # descriptions: the catalog is asked for opendata's (those with a version_paquete extra).
    graph = turtle(f"{portal}/catalog.ttl?fq=version_paquete:*")
    assert shacl_violations(graph) == []
    catalog = next(graph.subjects(predicate=dcat.dataset))
    titles = {str(graph.value(d, dct.title)) for d in graph.objects(catalog, dcat.dataset)}
    for name in bundled.datasets:
        local = json.loads((bundled.out / name / "datapackage.json").read_text("utf-8"))
        assert local["title"] in titles


def test_croissant_loads_and_its_records_are_the_csv_rows(portal: str, bundled: RunResult) -> None:
    for name in bundled.datasets:
        url = f"{portal}/dataset/{name}/croissant.jsonld"
        records = croissant_records(url)
        by_id = {r["id"]: r["opendata_key"] for r in package(portal, name)["resources"]}
        # ckanext-dcat names each DataStore table's record set <resource id>/records
        tables = {
            by_id[key.rsplit("/records", 1)[0].rsplit("/", 1)[-1]]: rows
            for key, rows in records.items()
        }
        folder = bundled.out / name
        local = json.loads((folder / "datapackage.json").read_text("utf-8"))
        # Each series table is in the DataStore; an edition's own copy of it is a file only.
        series = [
            r["path"]
            for r in local["resources"]
            if r["format"] == "csv" and "periodo_informe" not in r
        ]
        assert sorted(tables) == sorted(series), name
        for table, rows in tables.items():
            assert rows == csv_rows(folder / table), f"{name}/{table}"


def descriptor_url(portal: str, name: str) -> str:
    resources = package(portal, name)["resources"]
    return str(next(r["url"] for r in resources if r["opendata_key"] == "datapackage.json"))


def test_the_published_descriptor_validates_from_its_url_anonymously(
    portal: str, bundled: RunResult, tmp_path: Path
) -> None:
    from frictionless import validate

    for name in bundled.datasets:
        url = descriptor_url(portal, name)
        published = requests.get(url, timeout=60).json()
        assert all(r["path"].startswith(f"{portal}/dataset/") for r in published["resources"])
        assert published["cita"]["texto"].count(f"{portal}/dataset/{name}") == 1
        report = validate(url)
        assert report.valid, (name, report.flatten(["type", "note"]))
    frictionless = Path(sys.executable).parent / "frictionless"
    url = descriptor_url(portal, "semanas-universitarias-transparencia")
    done = subprocess.run([frictionless, "validate", url], capture_output=True, text=True)
    assert done.returncode == 0 and "INVALID" not in done.stdout, done.stdout
    done = subprocess.run(
        [frictionless, "extract", url, "--json"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    extracted = json.loads(done.stdout)
    rows = extracted["jornadas"]
    assert len(rows) == 11 and rows[0]["cve_ent"] == "09"


def test_the_portal_speaks_spanish_and_describes_its_organization(portal: str) -> None:
    page = requests.get(f"{portal}/dataset/plandai", timeout=60)
    assert '<html lang="es"' in page.text
    organization = Portal(portal).call_action("organization_show", {"id": ORG})
    assert "Sistema Nacional de Transparencia" in organization["description"]


def compliance(reports: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """`opendata cumplimiento ARGS --json`, its reports written to `reports` (not into the
    shared bundled output, which must stay as the run wrote it)."""
    options = ["--json", "--report-dir", str(reports)]
    result = CliRunner().invoke(
        cli, ["--project", str(ROOT), "-q", "cumplimiento", *args, *options]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_compliance_passes_every_machine_checkable_characteristic(
    portal: str, bundled: RunResult, tmp_path: Path
) -> None:
    code, report = compliance(tmp_path, "--out", str(bundled.out), "--portal", portal)
    assert code == 0 and report["cumple"] is True
    results = report["resultados"]
    for name in bundled.datasets:
        mine = [r for r in results if r["dataset"] == name]
        assert {r["caracteristica"] for r in mine} == {
            "accesibles",
            "integrales",
            "gratuitos",
            "no discriminatorios",
            "oportunos",
            "permanentes",
            "primarios",
            "legibles por máquinas",
            "en formatos abiertos",
            "de libre uso",
        }
        for result in mine:
            assert result["fuentes"], result
            if result["severidad"] == "error":
                assert result["estado"] in ("cumple", "no verificable por máquina"), result
    law = [s for r in results for s in r["fuentes"] if s["documento"].startswith("Ley General")]
    assert law and all("2015" in s["version"] and "2025" in s["version"] for s in law)
    assert {s["ubicacion"] for s in law} >= {"artículo 3, fracción VI, inciso d)"}
    assert any("paso 2.2" in s["ubicacion"] for r in results for s in r["fuentes"])
    page = (tmp_path / "cumplimiento.html").read_text("utf-8")
    assert "no verificable por máquina" in page and "<script" not in page


def test_compliance_fails_naming_what_a_private_dataset_breaks(
    portal: str, settings: dict[str, str], token: str, bundled: RunResult, tmp_path: Path
) -> None:
    name = "programa-implementacion-pnda"
    admin = Portal(portal, token)
    admin.call_action("package_patch", {"id": name, "private": True})
    try:
        code, report = compliance(tmp_path, "--out", str(bundled.out), "--portal", portal, name)
    finally:
        admin.call_action("package_patch", {"id": name, "private": False})
    assert code == 1 and report["cumple"] is False
    failed = {r["verificacion"] for r in report["resultados"] if r["estado"] == "no cumple"}
    assert {"descarga-anonima", "sin-registro"} <= failed
    assert compliance(tmp_path, "--out", str(bundled.out), "--portal", portal, name)[0] == 0
