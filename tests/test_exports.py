"""What `opendata run` writes for portals and harvesters, checked offline by the validators
the portal's own output is checked with: dcat.jsonld against the DCAT-AP 3 shapes,
croissant.json read by mlcroissant (its records are the CSV rows), data.json against the
DCAT-US 1.1 schemas; and the Libre Uso MX citation and the coverage taken from the data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from interop_checks import croissant_records, csv_rows, datajson_errors, shacl_violations

from opendata.metadata.citation import citation
from opendata.metadata.periods import bounds, periodicity_days
from opendata.runner import RunResult


def test_every_package_has_its_exports(bundled: RunResult) -> None:
    for name in bundled.datasets:
        folder = bundled.out / name
        assert (folder / "dcat.jsonld").is_file() and (folder / "croissant.json").is_file()
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        assert descriptor["periodicidad"] == "R/P1Y"
        assert descriptor["contacto"]["correo"]
        assert descriptor["cobertura_espacial"]["cve_ent"] == "00"
        assert descriptor["cita"]["formato"] == "Libre Uso MX"
    assert (bundled.out / "data.json").is_file()


def test_dcat_jsonld_conforms_to_dcat_ap_3(bundled: RunResult) -> None:
    from rdflib import Graph, Namespace, URIRef

    dct = Namespace("http://purl.org/dc/terms/")
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    for name in bundled.datasets:
        graph = Graph().parse(bundled.out / name / "dcat.jsonld", format="json-ld")
        assert shacl_violations(graph) == [], name
        dataset = next(graph.subjects(predicate=dct.identifier))
        assert str(graph.value(dataset, dct.identifier)) == name
        assert graph.value(dataset, dct.accrualPeriodicity) == URIRef(
            "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
        )
        files = {str(u).rsplit("/", 1)[-1] for u in graph.objects(None, dcat.downloadURL)}
        local = json.loads((bundled.out / name / "datapackage.json").read_text("utf-8"))
        assert files == {r["path"] for r in local["resources"]}


def test_a_broken_dcat_export_is_caught(bundled: RunResult) -> None:
    from rdflib import Graph, Namespace

    dct = Namespace("http://purl.org/dc/terms/")
    graph = Graph().parse(bundled.out / "plandai" / "dcat.jsonld", format="json-ld")
    graph.remove((None, dct.title, None))
    assert any("title" in v for v in shacl_violations(graph))


def test_croissant_records_are_the_csv_rows(bundled: RunResult) -> None:
    for name in ("semanas-universitarias-transparencia", "cumbre-nacional-estado-abierto"):
        folder = bundled.out / name
        records = croissant_records(folder / "croissant.json")
        tables = sorted(p.stem for p in folder.glob("*.csv"))
        assert sorted(records) == tables
        for table in tables:
            assert records[table] == csv_rows(folder / f"{table}.csv"), f"{name}/{table}"
    jornadas = records_of(bundled, "semanas-universitarias-transparencia", "jornadas")
    assert jornadas[0]["cve_ent"] == "09"  # the INEGI key keeps its leading zero


def records_of(bundled: RunResult, name: str, table: str) -> list[dict[str, str]]:
    return croissant_records(bundled.out / name / "croissant.json")[table]


def test_data_json_is_dcat_us_1_1_and_its_urls_resolve(bundled: RunResult) -> None:
    document = json.loads((bundled.out / "data.json").read_text("utf-8"))
    assert datajson_errors(document) == []
    assert sorted(d["identifier"] for d in document["dataset"]) == sorted(bundled.datasets)
    for entry in document["dataset"]:
        assert entry["accrualPeriodicity"] == "R/P1Y"
        assert entry["contactPoint"]["hasEmail"].startswith("mailto:")
        descriptor = json.loads((bundled.out / entry["describedBy"]).read_text("utf-8"))
        by_path = {f"{entry['identifier']}/{r['path']}": r for r in descriptor["resources"]}
        for distribution in entry["distribution"]:
            path = bundled.out / distribution["downloadURL"]
            expected = by_path[distribution["downloadURL"]]
            digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            assert digest == expected["hash"] and distribution["mediaType"] == expected["mediatype"]
    broken = json.loads(json.dumps(document))
    del broken["dataset"][0]["contactPoint"]["hasEmail"]
    broken["dataset"][1]["accrualPeriodicity"] = "cada año"
    errors = datajson_errors(broken)
    assert any("hasEmail" in e for e in errors) and any("cada año" in e for e in errors)


def test_the_citation_names_dataset_publisher_url_and_date() -> None:
    descriptor = {
        "title": "Conjunto de prueba",
        "publisher": {"title": "Comisión de Ejemplo (CE) del Sistema Nacional (SN)"},
    }
    text = citation(descriptor, "https://datos.example.gob.mx/dataset/x", dt.date(2025, 3, 21))
    assert text == (
        "“Conjunto de prueba”, CE, SN; https://datos.example.gob.mx/dataset/x; "
        "consultado el 21 de marzo de 2025."
    )
    assert citation(descriptor).endswith("[URL de descarga]; consultado el [fecha de consulta].")


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024-10-17/2024-10-18", "2024-10-17", "2024-10-18"),
        ("2024/2025", "2024-01-01", "2025-12-31"),
    ],
)
def test_periods_cover_what_they_say(period: str, first: str, last: str) -> None:
    assert bounds(period) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_periods_and_periodicities_that_are_not_iso_8601() -> None:
    assert bounds("2024-13") is None and bounds("2025/2024") is None and bounds("marzo") is None
    assert periodicity_days("R/P1Y") == 365 and periodicity_days("R/P1M") == 31
    assert periodicity_days("anual") is None and periodicity_days("irregular") is None


def test_coverage_comes_from_the_figures(bundled: RunResult) -> None:
    def described(name: str) -> dict[str, object]:
        path: Path = bundled.out / name / "datapackage.json"
        return dict(json.loads(path.read_text("utf-8")))

    assert described("datacon")["cobertura_temporal"] == {
        "inicio": "2024-10-17",
        "fin": "2024-10-18",
    }
    assert described("plandai")["cobertura_temporal"] == {
        "inicio": "2024-01-01",
        "fin": "2025-12-31",
    }
    spatial = described("semanas-universitarias-transparencia")["cobertura_espacial"]
    assert isinstance(spatial, dict)
    keys = [s["cve_ent"] for s in spatial["entidades"]]
    assert "09" in keys and keys == sorted(keys)
