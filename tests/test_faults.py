"""Portal faults: a publish interrupted anywhere, run again, converges to the intended state.

A fault-injecting proxy on loopback stands in front of the real local portal and breaks the
Nth request of a publication, for every N; the publisher process is also killed mid-run;
and two publishers race on one dataset.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from faultproxy import FaultProxy

from opendata.portal import (
    Portal,
    PortalAuthError,
    PortalConflict,
    PortalError,
    PortalNotFound,
    PortalUnavailable,
    RetryPolicy,
)
from opendata.project import Project
from opendata.publish import local_datasets, publish
from opendata.publish.apply import apply_plan
from opendata.publish.mapping import DESCRIPTOR_KEY, LocalDataset
from opendata.publish.plan import make_plan
from opendata.publish.revisions import CHANGES_KEY, Correction, bumped, latest_revisions
from opendata.runner import RunResult, run

ORG = "opendata-pruebas"
FAST = RetryPolicy(attempts=3, base=0.01, cap=0.05, total=5)
DATASET = "plandai"


def purge(portal: Portal, name: str) -> None:
    with contextlib.suppress(PortalNotFound):
        portal.call_action("dataset_purge", {"id": name})


def assert_converged(portal: Portal, local: LocalDataset) -> None:
    """The portal holds exactly the package: every file once, verified, loaded, versioned."""
    package = portal.call_action("package_show", {"id": local.name})
    by_key = latest_revisions(package["resources"])  # an edition's latest revision
    by_key.pop(CHANGES_KEY, None)
    assert sorted(by_key) == sorted(f.key for f in local.files), list(by_key)
    for file in local.files:
        if file.key == DESCRIPTOR_KEY:  # as published: its URLs, version, change log: below
            continue
        assert by_key[file.key]["hash"] == file.digest
        if file.schema is not None:
            assert by_key[file.key]["datastore_hash"] == file.hash
            rows = portal.call_action(
                "datastore_search", {"resource_id": by_key[file.key]["id"], "limit": 0}
            )
            assert rows["total"] == sum(1 for _ in file.path.open(encoding="utf-8")) - 1
    extras = _extras(package)
    corrections = int(extras.get("correcciones", "0"))
    assert package["version"] == bumped(local.descriptor["version"], corrections)
    assert extras["version_paquete"] == local.descriptor["version"]
    # Nothing left to do: the portal's datapackage.json is the one this package gives.
    assert make_plan(portal, [local], ORG, whole=False).changed == []


def _extras(package: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in package["extras"]}


@pytest.mark.parametrize("mode", ["drop-after", "drop-before", "503"])
def test_every_fault_point_of_a_publication_converges(
    settings: dict[str, str], token: str, bundled: RunResult, mode: str
) -> None:
    admin = Portal(settings["CKAN_URL"], token, retry=FAST)
    local = local_datasets(bundled.out, [DATASET])
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        purge(admin, DATASET)
        proxy.inject(0, "")
        publish(Portal(proxy.url, token, retry=FAST), local, organization=ORG, whole=False)
        total = proxy.count
        assert total >= 10
        survived = 0
        for at in range(1, total + 1):
            purge(admin, DATASET)
            proxy.inject(at, mode)
            with contextlib.suppress(PortalError):
                publish(Portal(proxy.url, token, retry=FAST), local, organization=ORG, whole=False)
            again = publish(admin, local, organization=ORG, whole=False)
            assert_converged(admin, local[0])
            assert publish(admin, local, organization=ORG, whole=False).writes == 0, (
                at,
                again.calls,
            )
            survived += 1
    assert survived == total
    print(f"{mode}: {total} fault points injected and survived")


def test_a_killed_publisher_leaves_a_portal_the_next_run_completes(
    settings: dict[str, str], token: str, bundled: RunResult, tmp_path: Path
) -> None:
    admin = Portal(settings["CKAN_URL"], token)
    local = local_datasets(bundled.out, [DATASET])
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        for at in (5, 7, 11):  # an upload, a DataStore load, the metadata
            purge(admin, DATASET)
            proxy.inject(at, "hold")
            env = {**os.environ, "CKAN_API_TOKEN": token, "CKAN_API_TOKEN_FILE": ""}
            child = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("opendata")),
                    "--project",
                    str(ROOT),
                    "-q",
                    "publish",
                    DATASET,
                    "--out",
                    str(bundled.out),
                    "--org",
                    ORG,
                    "--portal",
                    proxy.url,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            assert proxy.holding.wait(60), f"request {at} never came"
            child.kill()
            child.wait()
            proxy.release.set()
            publish(admin, local, organization=ORG, whole=False)
            assert_converged(admin, local[0])


def test_two_publishers_on_one_dataset_one_wins_the_other_fails_cleanly(
    settings: dict[str, str],
    token: str,
    bundled: RunResult,
    project: Project,
    report_text: str,
    tmp_path: Path,
) -> None:
    admin = Portal(settings["CKAN_URL"], token)
    purge(admin, DATASET)
    publish(admin, local_datasets(bundled.out, [DATASET]), organization=ORG, whole=False)
    edition = tmp_path / "informe.txt"
    edition.write_text(report_text.replace("impactando a 668", "impactando a 701"), "utf-8")
    changed = run(project, source=edition, out=tmp_path / "out", datasets=[DATASET])
    local = local_datasets(changed.out, [DATASET])
    first, second = Portal(settings["CKAN_URL"], token), Portal(settings["CKAN_URL"], token)
    # The figure is of the published edition: a correction, allowed.
    plan_first = make_plan(first, local, ORG, whole=False, correction=Correction("prueba"))
    plan_second = make_plan(second, local, ORG, whole=False, correction=Correction("prueba"))
    apply_plan(first, plan_first, prune=False, private=False, progress=lambda message: None)
    with pytest.raises(PortalConflict) as caught:
        apply_plan(second, plan_second, prune=False, private=False, progress=lambda message: None)
    assert "was changed by someone else" in str(caught.value)
    assert second.writes == 1  # only the failed claim: nothing of the dataset was written
    assert_converged(admin, local[0])


def test_transient_failures_are_retried_and_terminal_ones_are_not(
    settings: dict[str, str], token: str
) -> None:
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        portal = Portal(proxy.url, token, retry=FAST)
        proxy.inject(1, "503")
        assert portal.call_action("status_show", {})["ckan_version"].startswith("2.12")
        assert portal.retries == 1
        proxy.inject(1, "drop-before")
        with pytest.raises(PortalUnavailable):
            portal.call_action("organization_create", {"name": "nunca-creada"})
        assert portal.retries == 1  # creating calls are not repeated: a duplicate could result
        proxy.inject(0, "")
        with pytest.raises(PortalNotFound):
            portal.call_action("organization_show", {"id": "nunca-creada"})
        assert portal.retries == 1
    with pytest.raises(PortalAuthError):
        Portal(settings["CKAN_URL"], "ficha-equivocada", retry=FAST).call_action(
            "package_create", {"name": "x-" + str(time.time_ns())}
        )
    assert RetryPolicy().delay(3, retry_after=2.5) == 2.5  # Retry-After is honoured
    stubborn = Portal("http://127.0.0.1:9", retry=RetryPolicy(attempts=50, base=0.05, total=0.5))
    started = time.monotonic()
    with pytest.raises(PortalUnavailable):
        stubborn.call_action("status_show", {})
    assert time.monotonic() - started < 10  # 50 attempts unbounded would take minutes
