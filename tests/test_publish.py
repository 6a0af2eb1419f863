"""Publishing to the real local CKAN 2.12 portal (PostgreSQL, Redis, DataStore) that
`make portal` installs and starts on loopback."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from conftest import ROOT

from opendata.cli import cli
from opendata.errors import InputError, ValidationFailed
from opendata.portal import (
    Portal,
    PortalAuthError,
    PortalNotFound,
    PortalValidationError,
    check_portal_url,
)
from opendata.project import CATALOG, Project
from opendata.publish import Correction, PublishResult, local_datasets, publish
from opendata.runner import RunResult, run

ORG = "opendata-pruebas"


def admin(settings: dict[str, str], token: str) -> Portal:
    return Portal(settings["CKAN_URL"], token)


def anonymous(settings: dict[str, str]) -> Portal:
    return Portal(settings["CKAN_URL"])


def purge(portal: Portal, names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(PortalNotFound):
            portal.call_action("dataset_purge", {"id": name})


@pytest.fixture(scope="module")
def published(
    settings: dict[str, str], token: str, bundled: RunResult
) -> tuple[PublishResult, PublishResult]:
    """Every dataset published from scratch, then published again."""
    purge(admin(settings, token), bundled.datasets)
    first = publish(admin(settings, token), local_datasets(bundled.out), organization=ORG)
    second = publish(admin(settings, token), local_datasets(bundled.out), organization=ORG)
    return first, second


def show(settings: dict[str, str], token: str | None, name: str) -> dict[str, Any]:
    return dict(Portal(settings["CKAN_URL"], token).call_action("package_show", {"id": name}))


def test_full_publish_creates_every_dataset(
    published: tuple[PublishResult, PublishResult], settings: dict[str, str], bundled: RunResult
) -> None:
    first, _ = published
    assert first.applied and first.writes > 0
    assert len(first.plan.changed) == 10
    for name in bundled.datasets:
        package = show(settings, None, name)
        assert package["organization"]["name"] == ORG
        assert package["license_id"] == "libre-uso-mx"
        assert package["license_title"] == "Libre Uso MX"
        assert package["version"] == "1.0.0"
        extras = {e["key"]: e["value"] for e in package["extras"]}
        assert bundled.report is not None
        assert extras["fuente_sha256"] == bundled.report.source.sha256
        local = json.loads((bundled.out / name / "datapackage.json").read_text("utf-8"))
        keys = sorted(r["opendata_key"] for r in package["resources"])
        assert keys == sorted([r["path"] for r in local["resources"]] + ["datapackage.json"])
        for resource in package["resources"]:
            match = [r for r in local["resources"] if r["path"] == resource["opendata_key"]]
            if match:
                assert resource["hash"] == match[0]["hash"].removeprefix("sha256:")
                assert (
                    resource["hash_algorithm"]
                    == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
                )
                assert int(resource["size"]) == match[0]["bytes"]
            body = requests.get(resource["url"], timeout=30).content
            assert len(body) == int(resource["size"])


def test_second_publish_writes_nothing(published: tuple[PublishResult, PublishResult]) -> None:
    _, second = published
    assert second.writes == 0
    assert set(second.calls) <= {"user_show", "organization_show", "package_show", "package_search"}
    assert second.plan.changed == []
    assert second.plan.table().endswith("0 changed, 10 unchanged")


def test_datastore_answers_with_typed_rows(
    published: tuple[PublishResult, PublishResult], settings: dict[str, str]
) -> None:
    package = show(settings, None, "semanas-universitarias-transparencia")
    jornadas = next(r for r in package["resources"] if r["opendata_key"] == "jornadas.csv")
    result = anonymous(settings).call_action(
        "datastore_search", {"resource_id": jornadas["id"], "sort": "numero"}
    )
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert types["numero"] == "int8" and types["fecha"] == "date" and types["cve_ent"] == "text"
    labels = {f["id"]: f.get("info", {}).get("label") for f in result["fields"]}
    assert labels["cve_ent"] == "Clave de entidad"
    assert result["total"] == 11
    first = result["records"][0]
    assert first["numero"] == 1 and first["cve_ent"] == "09"
    assert first["fecha"].startswith("2024-03-06")
    indicators = next(r for r in package["resources"] if r["opendata_key"] == "indicadores.csv")
    rows = anonymous(settings).call_action(
        "datastore_search", {"resource_id": indicators["id"], "filters": {"indicador": "jornadas"}}
    )["records"]
    assert rows[0]["valor"] == 11 and isinstance(rows[0]["valor"], int)


def test_dataset_page_answers(
    published: tuple[PublishResult, PublishResult], settings: dict[str, str]
) -> None:
    page = requests.get(f"{settings['CKAN_URL']}/dataset/plandai", timeout=30)
    assert page.status_code == 200
    assert "Plan Nacional de Socialización" in page.text


def test_one_changed_figure_updates_only_its_datasets_in_place(
    published: tuple[PublishResult, PublishResult],
    settings: dict[str, str],
    token: str,
    project: Project,
    report_text: str,
    bundled: RunResult,
    tmp_path: Path,
) -> None:
    before = {r["opendata_key"]: r for r in show(settings, token, "plandai")["resources"]}
    edition = tmp_path / "informe.txt"
    edition.write_text(report_text.replace("impactando a 668", "impactando a 700"), "utf-8")
    changed = run(project, source=edition, out=tmp_path / "out")

    dry = publish(
        admin(settings, token), local_datasets(changed.out), organization=ORG, dry_run=True
    )
    assert dry.writes == 0
    # Only the two datasets holding the figure get new data files: the series in place, the
    # edition's own files as a correction; every dataset's source (the report file and its
    # sha256) changed, so their descriptors and extras say so.
    files = {
        (r["dataset"], r["resource"], r["action"])
        for r in dry.plan.rows()
        if r["action"] in ("update", "correct") and r["resource"] not in ("", "datapackage.json")
    }
    assert files == {
        (name, f"indicadores{edition}.{ext}", action)
        for name in ("plandai", "indicadores-ceaytp")
        for ext in ("csv", "parquet")
        for edition, action in (("", "update"), ("-2023-2024", "correct"))
    }
    untouched = show(settings, token, "plandai")
    assert {r["opendata_key"]: r["hash"] for r in untouched["resources"]} == {
        k: r["hash"] for k, r in before.items()
    }
    try:
        result = publish(
            admin(settings, token),
            local_datasets(changed.out),
            organization=ORG,
            correction=Correction("prueba: 700 personas"),
        )
        assert result.calls["resource_patch"] > 0
        after = show(settings, token, "plandai")["resources"]
        series = {
            r["opendata_key"]: r
            for r in after
            if r["opendata_key"] in ("indicadores.csv", "indicadores.parquet")
        }
        for key, resource in series.items():  # replaced in place
            assert (resource["id"], resource["url"]) == (before[key]["id"], before[key]["url"])
        assert series["indicadores.csv"]["hash"] != before["indicadores.csv"]["hash"]
        rows = anonymous(settings).call_action(
            "datastore_search",
            {
                "resource_id": series["indicadores.csv"]["id"],
                "filters": {"indicador": "personas_participantes"},
            },
        )
        assert [r["valor"] for r in rows["records"]] == [700]
        body = requests.get(series["indicadores.csv"]["url"], timeout=30).text
        assert ",700," in body
        first = next(r for r in after if r["id"] == before["indicadores-2023-2024.csv"]["id"])
        assert first["hash"] == before["indicadores-2023-2024.csv"]["hash"]

        again = publish(admin(settings, token), local_datasets(changed.out), organization=ORG)
        assert again.writes == 0
    finally:  # the bundled figures back, as the other tests expect them
        purge(admin(settings, token), ["plandai", CATALOG])
        publish(
            admin(settings, token),
            local_datasets(bundled.out, ["plandai", CATALOG]),
            organization=ORG,
            whole=False,
        )


def test_stale_resources_are_reported_and_pruned_only_on_request(
    published: tuple[PublishResult, PublishResult],
    settings: dict[str, str],
    token: str,
    bundled: RunResult,
) -> None:
    datasets = local_datasets(bundled.out, ["datacon"])
    publish(admin(settings, token), datasets, organization=ORG)  # whatever earlier tests left
    portal = admin(settings, token)
    package = show(settings, token, "datacon")
    extra = portal.call_action(
        "resource_create",
        {"package_id": package["id"], "name": "Hoja vieja", "url": "http://example.org/x.csv"},
    )
    kept = publish(admin(settings, token), datasets, organization=ORG)
    assert kept.writes == 0
    assert any(r["action"] == "stale" and r["resource"] == "Hoja vieja" for r in kept.plan.rows())
    assert extra["id"] in [r["id"] for r in show(settings, token, "datacon")["resources"]]
    pruned = publish(admin(settings, token), datasets, organization=ORG, prune=True)
    assert pruned.calls.get("resource_delete") == 1
    assert extra["id"] not in [r["id"] for r in show(settings, token, "datacon")["resources"]]


def test_a_private_dataset_is_invisible_anonymously(
    settings: dict[str, str], token: str, bundled: RunResult
) -> None:
    name = "programa-implementacion-pnda"
    purge(admin(settings, token), [name])
    publish(
        admin(settings, token), local_datasets(bundled.out, [name]), organization=ORG, private=True
    )
    with pytest.raises((PortalNotFound, PortalAuthError)):
        show(settings, None, name)
    found = anonymous(settings).call_action(
        "package_search", {"q": "Programa de Implementación", "rows": 100}
    )
    assert name not in [p["name"] for p in found["results"]]
    assert show(settings, token, name)["private"] is True
    purge(admin(settings, token), [name])
    publish(admin(settings, token), local_datasets(bundled.out, [name]), organization=ORG)
    assert show(settings, None, name)["private"] is False


def test_a_wrong_token_fails_cleanly_without_showing_it(
    published: tuple[PublishResult, PublishResult], settings: dict[str, str], bundled: RunResult
) -> None:
    canary = "canary-token-3f9d2c7b1e"
    result = CliRunner().invoke(
        cli,
        [
            "--project",
            str(ROOT),
            "publish",
            "--out",
            str(bundled.out),
            "--portal",
            settings["CKAN_URL"],
        ],
        env={"CKAN_API_TOKEN": canary, "CKAN_API_TOKEN_FILE": ""},
    )
    assert result.exit_code == 3
    assert "the API token was not accepted" in result.stderr
    assert canary not in result.output and canary not in result.stderr


def test_validation_errors_name_the_field(settings: dict[str, str], token: str) -> None:
    with pytest.raises(PortalValidationError) as caught:
        admin(settings, token).call_action(
            "package_create", {"name": "Nombre Inválido!", "owner_org": ORG}
        )
    assert "name:" in str(caught.value)
    assert caught.value.status == 409


def test_cli_dry_run_json_and_gate(
    published: tuple[PublishResult, PublishResult],
    settings: dict[str, str],
    bundled: RunResult,
    tmp_path: Path,
) -> None:
    env = {"CKAN_URL": settings["CKAN_URL"], "CKAN_API_TOKEN_FILE": settings["CKAN_API_TOKEN_FILE"]}
    result = CliRunner().invoke(
        cli,
        [
            "--project",
            str(ROOT),
            "-q",
            "publish",
            "--out",
            str(bundled.out),
            "--org",
            ORG,
            "--dry-run",
            "--json",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["applied"] is False and plan["writes"] == 0
    assert {step["action"] for step in plan["steps"]} <= {"unchanged", "create", "update", "stale"}

    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    descriptor_path = out / "plandai/datapackage.json"
    descriptor = json.loads(descriptor_path.read_text("utf-8"))
    descriptor["validacion"]["valido"] = False
    descriptor_path.write_text(json.dumps(descriptor), "utf-8")
    with pytest.raises(ValidationFailed, match="not published: plandai"):
        local_datasets(out)
    result = CliRunner().invoke(
        cli, ["--project", str(ROOT), "publish", "--out", str(out), "--org", ORG], env=env
    )
    assert result.exit_code == 1


def test_plain_http_is_refused_off_loopback() -> None:
    with pytest.raises(InputError, match="plain HTTP"):
        check_portal_url("http://datos.example.gob.mx")
    assert (
        check_portal_url("http://datos.example.gob.mx/", insecure=True)
        == "http://datos.example.gob.mx"
    )
    assert check_portal_url("https://datos.example.gob.mx/") == "https://datos.example.gob.mx"
    assert check_portal_url("http://127.0.0.1:5055") == "http://127.0.0.1:5055"


def test_the_catalog_is_published_too(
    published: tuple[PublishResult, PublishResult], settings: dict[str, str]
) -> None:
    package = show(settings, None, CATALOG)
    keys = sorted(r["opendata_key"] for r in package["resources"])
    assert keys == [
        "datapackage.json",
        "indicadores-2023-2024.csv",
        "indicadores-2023-2024.parquet",
        "indicadores.csv",
        "indicadores.parquet",
    ]
