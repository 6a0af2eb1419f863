"""Editions on the real local CKAN portal: every edition's files stay at their first URLs with
their first bytes, the series grows, and a correction is a new revision logged in
cambios.csv, published only when asked for. The later editions are test editions
(tests/editions.py), marked as such in their own text, in a copy of the project."""

from __future__ import annotations

import contextlib
import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from editions import next_year, year_after_next
from series_kit import add_edition, editions_project

import opendata
from opendata.cli import cli
from opendata.download import download_dataset
from opendata.errors import InputError
from opendata.portal import Portal, PortalNotFound
from opendata.project import Project
from opendata.publish import Correction, PublishRefused, PublishResult, local_datasets, publish
from opendata.runner import run

ORG = "opendata-pruebas"
# What the first two editions' files were after their first publication (resource, bytes),
# the publication that added the third edition, and the one after it.
Grown = tuple[dict[str, dict[str, Any]], dict[str, bytes], PublishResult, PublishResult]
NAMES = ["plandai", "indicadores-ceaytp"]
FORMER = "indicadores-ceaytp-2023-2024"
FIRST = ("indicadores-2023-2024.csv", "indicadores-2023-2024.parquet")
ERRATUM = "Fe de erratas de prueba: 669 personas"


def _purge(portal: Portal, names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(PortalNotFound):
            portal.call_action("dataset_purge", {"id": name})


def _resources(portal: Portal, name: str) -> list[dict[str, Any]]:
    return list(portal.call_action("package_show", {"id": name})["resources"])


def _first(resources: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The resource an edition's file was first published as (revision 1)."""
    found = [r for r in resources if r.get("opendata_key") == key]
    return next(r for r in found if not r.get("opendata_revision"))


def _publish(admin: Portal, out: Path, **options: Any) -> PublishResult:
    return publish(admin, local_datasets(out, NAMES), organization=ORG, whole=False, **options)


def _correct(project: Project, original: str, corrected: str) -> None:
    with project.corrections.open("a", encoding="utf-8") as handle:
        handle.write(
            f'- seccion: "4.1"\n  original: "{original}"\n  corregido: "{corrected}"\n'
            "  motivo: 'Corrección de prueba (no es un informe real).'\n"
        )


@pytest.fixture(scope="module")
def admin(settings: dict[str, str], token: str) -> Portal:
    return Portal(settings["CKAN_URL"], token)


@pytest.fixture(scope="module")
def series_project(tmp_path_factory: pytest.TempPathFactory, report_text: str) -> Project:
    return editions_project(
        tmp_path_factory.mktemp("ediciones"), report_text, [("2024/2025", next_year)]
    )


@pytest.fixture(scope="module")
def grown(series_project: Project, admin: Portal, report_text: str) -> Iterator[Grown]:
    """Two editions published, then a third added and published, then published again:
    what the first two editions' files were after the first publication (resource, bytes),
    the third publication's result and the fourth's."""
    _purge(admin, [*NAMES, FORMER])
    out = series_project.root / "output"
    run(series_project, out=out)
    _publish(admin, out)
    before = {
        key: _first(_resources(admin, "plandai"), key)
        for key in (*FIRST, "indicadores-2024-2025.csv")
    }
    body = {key: requests.get(r["url"], timeout=30).content for key, r in before.items()}
    add_edition(series_project, "2025/2026", year_after_next(report_text))
    run(series_project, out=out, force=True)
    third = _publish(admin, out)
    again = _publish(admin, out)
    yield before, body, third, again
    _purge(admin, NAMES)  # the test editions off the portal: they are not real data


def test_earlier_editions_keep_their_urls_and_bytes(
    grown: Grown,
    admin: Portal,
) -> None:
    before, body, third, _ = grown
    rows = {(r["dataset"], r["resource"]): r["action"] for r in third.plan.rows()}
    assert rows[("plandai", "indicadores-2023-2024.csv")] == "unchanged"
    assert rows[("plandai", "indicadores-2025-2026.csv")] == "create"
    assert rows[("plandai", "indicadores.csv")] == "update"  # the series grows in place
    after = _resources(admin, "plandai")
    for key, resource in before.items():
        now = _first(after, key)
        assert (now["id"], now["url"], now["hash"]) == (
            resource["id"],
            resource["url"],
            resource["hash"],
        )
        assert requests.get(now["url"], timeout=30).content == body[key]
        assert not now.get("datastore_active"), "only the series is in the DataStore"
    series = _first(after, "indicadores.csv")
    assert series["datastore_active"]
    text = requests.get(series["url"], timeout=30).text
    periods = {row["periodo_informe"] for row in csv.DictReader(io.StringIO(text))}
    assert periods == {"2023/2024", "2024/2025", "2025/2026"}


def test_publishing_the_same_editions_again_writes_nothing(
    grown: Grown,
) -> None:
    *_, again = grown
    assert again.writes == 0
    assert again.plan.changed == []


def test_users_get_the_series_and_each_edition(
    grown: Grown,
    settings: dict[str, str],
    tmp_path: Path,
) -> None:
    url = settings["CKAN_URL"]
    series = opendata.load("plandai", portal=url, cache=tmp_path / "cache")
    assert sorted(series["periodo_informe"].unique()) == ["2023/2024", "2024/2025", "2025/2026"]
    people = series[series["indicador"] == "personas_participantes"]
    assert dict(zip(people["periodo_informe"], people["valor"], strict=True))["2024/2025"] == 1204
    one = opendata.load("plandai", portal=url, cache=tmp_path / "cache", periodo="2023/2024")
    assert set(one["periodo_informe"]) == {"2023/2024"}
    assert len(one) == len(series[series["periodo_informe"] == "2023/2024"])
    with pytest.raises(InputError, match=r"no rows of the report '1999/2000' \(has: 2023/2024"):
        opendata.load("plandai", portal=url, cache=tmp_path / "cache", periodo="1999/2000")

    got = download_dataset(Portal(url), "plandai", tmp_path / "datos", formats="csv")
    assert sorted(got.files) == [
        "indicadores-2023-2024.csv",
        "indicadores-2024-2025.csv",
        "indicadores-2025-2026.csv",
        "indicadores.csv",
    ]


def test_a_correction_is_refused_without_the_flag_then_published_as_a_new_revision(
    grown: Grown,
    series_project: Project,
    admin: Portal,
    settings: dict[str, str],
    tmp_path: Path,
) -> None:
    before, body, *_ = grown
    out = series_project.root / "output"
    _correct(series_project, "impactando a 668", "impactando a 669")
    run(series_project, out=out, force=True)
    package = admin.call_action("package_show", {"id": "plandai"})

    dry = _publish(admin, out, dry_run=True)
    corrected = {(r["dataset"], r["resource"]) for r in dry.plan.rows() if r["action"] == "correct"}
    assert corrected == {(name, key) for name in NAMES for key in FIRST}
    with pytest.raises(PublishRefused, match=r"plandai: indicadores-2023-2024\.csv, .* would"):
        _publish(admin, out)
    summary = tmp_path / "resumen.md"
    env = {"CKAN_URL": settings["CKAN_URL"], "CKAN_API_TOKEN_FILE": settings["CKAN_API_TOKEN_FILE"]}
    args = ["--project", str(series_project.root), "publish", "--out", str(out), "--org", ORG]
    refused = CliRunner().invoke(cli, [*args, *NAMES, "--summary", str(summary)], env=env)
    assert refused.exit_code == 2
    [line] = [line for line in refused.stderr.splitlines() if line.startswith("error: ")]
    assert "--allow-corrections --reason TEXT" in line and "nothing was written" in line
    assert "| plandai | indicadores-2023-2024.csv | correct |" in summary.read_text("utf-8")
    untouched = admin.call_action("package_show", {"id": "plandai"})
    assert untouched["metadata_modified"] == package["metadata_modified"]
    assert len(untouched["resources"]) == len(package["resources"])

    result = _publish(admin, out, correction=Correction(ERRATUM, "2026-12-02"))
    assert result.calls["resource_create"] == 2 * 3  # each: csv, parquet, cambios.csv
    resources = _resources(admin, "plandai")
    first = _first(resources, FIRST[0])
    assert (first["id"], first["url"]) == (before[FIRST[0]]["id"], before[FIRST[0]]["url"])
    assert requests.get(first["url"], timeout=30).content == body[FIRST[0]]
    revision = next(r for r in resources if r.get("opendata_revision") == "2")
    assert revision["opendata_key"] == FIRST[0]
    assert revision["url"].endswith("/indicadores-2023-2024-r2.csv")
    assert ",669," in requests.get(revision["url"], timeout=30).text
    log = next(r for r in resources if r["opendata_key"] == "cambios.csv")
    changes = list(
        csv.DictReader(io.StringIO(requests.get(log["url"], timeout=30).content.decode("utf-8")))
    )
    assert changes == [
        {
            "fecha": "2026-12-02",
            "periodo_informe": "2023/2024",
            "recurso": FIRST[0],
            "indicador": "personas_participantes",
            "campo": "valor",
            "valor_anterior": "668",
            "valor_nuevo": "669",
            "motivo": ERRATUM,
        }
    ]
    package = admin.call_action("package_show", {"id": "plandai"})
    assert package["version"] == "1.0.1"
    descriptor_resource = next(r for r in resources if r["opendata_key"] == "datapackage.json")
    descriptor = requests.get(descriptor_resource["url"], timeout=30).json()
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    assert paths["indicadores-2023-2024"] == revision["url"]
    assert paths["cambios"] == log["url"] and descriptor["version"] == "1.0.1"
    one = opendata.load("plandai", portal=settings["CKAN_URL"], cache=tmp_path, periodo="2023/2024")
    assert 669 in set(one["valor"])
    got = download_dataset(Portal(settings["CKAN_URL"]), "plandai", tmp_path / "datos")
    assert "cambios.csv" in got.files and "indicadores-2023-2024-r2.csv" not in got.files
    assert ",669," in (got.folder / "indicadores-2023-2024.csv").read_text("utf-8")
    frictionless = Path(sys.executable).with_name("frictionless")
    checked = subprocess.run(
        [str(frictionless), "validate", str(got.folder / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout[-1500:]

    assert _publish(admin, out, correction=Correction(ERRATUM)).writes == 0
    assert _publish(admin, out).writes == 0  # nothing left to correct: nothing refused

    text = series_project.corrections.read_text(encoding="utf-8")
    series_project.corrections.write_text(text.replace("a 669", "a 670"), encoding="utf-8")
    run(series_project, out=out, force=True)
    second = _publish(admin, out, correction=Correction("Segunda fe de erratas", "2026-12-03"))
    assert second.writes > 0
    resources = _resources(admin, "plandai")
    assert {r.get("opendata_revision") for r in resources if r["opendata_key"] == FIRST[0]} == {
        None,
        "2",
        "3",
    }
    log = next(r for r in resources if r["opendata_key"] == "cambios.csv")
    changes = list(
        csv.DictReader(io.StringIO(requests.get(log["url"], timeout=30).content.decode("utf-8")))
    )
    assert [(c["valor_anterior"], c["valor_nuevo"], c["fecha"]) for c in changes] == [
        ("668", "669", "2026-12-02"),
        ("669", "670", "2026-12-03"),
    ]
    assert admin.call_action("package_show", {"id": "plandai"})["version"] == "1.0.2"


def test_an_edition_missing_locally_is_refused(
    grown: Grown,
    series_project: Project,
    admin: Portal,
    tmp_path: Path,
) -> None:
    only = run(series_project, source=series_project.bundled_report, out=tmp_path / "solo")
    package = admin.call_action("package_show", {"id": "plandai"})
    with pytest.raises(PublishRefused, match=r"plandai \(informe 2024/2025, 2025/2026\)"):
        _publish(admin, only.out)
    assert admin.call_action("package_show", {"id": "plandai"}) == package


def test_the_catalogs_former_name_is_reported_as_renamed(
    grown: Grown,
    series_project: Project,
    admin: Portal,
) -> None:
    org = admin.call_action("organization_show", {"id": ORG})
    admin.call_action(
        "package_create", {"name": FORMER, "title": "Catálogo de antes", "owner_org": org["id"]}
    )
    try:
        dry = publish(
            admin, local_datasets(series_project.root / "output"), organization=ORG, dry_run=True
        )
        rows = [r for r in dry.plan.rows() if r["dataset"] == FORMER]
        assert rows == [
            {
                "dataset": FORMER,
                "resource": "",
                "action": "renamed",
                "detail": "now indicadores-ceaytp; kept on the portal",
            }
        ]
    finally:
        _purge(admin, [FORMER])


def test_the_cli_wants_a_reason_with_the_flag(tmp_path: Path) -> None:
    for options in (
        ["--allow-corrections"],
        ["--reason", "x"],
        ["--allow-corrections", "--reason", " "],
    ):
        result = CliRunner().invoke(cli, ["publish", "--portal", "http://127.0.0.1:9", *options])
        assert result.exit_code == 2
        assert "--reason" in result.output and "Traceback" not in result.output
