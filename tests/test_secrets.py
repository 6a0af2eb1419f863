"""The API token never appears in any output, log, report, manifest, CKAN extra or error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, portal_settings

from opendata.errors import InputError
from opendata.portal import Portal
from opendata.publish.credentials import load_token

ORG = "opendata-pruebas"


def opendata(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("opendata")), "--project", str(ROOT), *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)


def everything_written(folder: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def test_the_token_never_shows(tmp_path: Path) -> None:
    settings = portal_settings()
    token = Path(settings["CKAN_API_TOKEN_FILE"]).read_text().strip()
    canary = "canary-7f3e9b21d4c8a605"
    base = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    real = {**base, "CKAN_URL": settings["CKAN_URL"], "CKAN_API_TOKEN": token}
    fake = {**base, "CKAN_URL": settings["CKAN_URL"], "CKAN_API_TOKEN": canary}
    out, dest = tmp_path / "output", tmp_path / "datos"
    transcripts = []
    for env in (real, fake):
        for args in (
            ["run", "--out", str(out), "--summary", str(tmp_path / "summary.md")],
            ["list", str(out)],
            ["validate", str(out), "--report-dir", str(tmp_path / "informe")],
            ["publish", "--out", str(out), "--org", ORG, "--dry-run", "--json"],
            ["publish", "--out", str(out), "--org", ORG, "--summary", str(tmp_path / "summary.md")],
            ["datasets", "--org", ORG],
            ["download", "plandai", "--dest", str(dest)],
            ["publish", "--out", str(out), "--portal", "http://datos.example.org"],
        ):
            done = opendata(*args, env=env, cwd=tmp_path)
            transcripts.append(f"$ {args}\n{done.stdout}\n{done.stderr}")
    fake_publish = opendata("publish", "--out", str(out), "--org", ORG, env=fake, cwd=tmp_path)
    assert fake_publish.returncode == 3 and "not accepted" in fake_publish.stderr
    written = "\n".join(transcripts) + everything_written(tmp_path)
    portal = Portal(settings["CKAN_URL"], token)
    for name in ("plandai", "indicadores-ceaytp"):
        written += json.dumps(portal.call_action("package_show", {"id": name}))
    assert (out / "run-manifest.json").is_file() and "publicacion" in written
    assert token not in written
    assert canary not in written
    assert "Traceback" not in written


def test_a_token_file_inside_the_repository_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CKAN_API_TOKEN", raising=False)
    with pytest.raises(InputError, match="outside the repository"):
        load_token(ROOT / "README.md", ROOT)


def test_tls_verification_is_never_turned_off() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert "verify=False" not in sources and "verify = False" not in sources
