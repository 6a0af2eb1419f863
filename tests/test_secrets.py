"""The API token never appears in any output, log, report, manifest, CKAN extra or error."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, portal_settings
from faultproxy import FaultProxy

from opendata.errors import InputError
from opendata.portal import Portal, PortalNotFound
from opendata.publish.credentials import load_token
from opendata.runner import RunResult

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


def test_the_token_never_shows_when_calls_and_downloads_are_retried_or_give_up(
    settings: dict[str, str], token: str, bundled: RunResult, tmp_path: Path
) -> None:
    """Every retry note and every give-up of the Action API and of file downloads, with the
    real token in use and a canary password in a file's URL."""
    canary = "canary-2b8d61f04e7a93c5"
    admin = Portal(settings["CKAN_URL"], token)
    base = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env = {**base, "CKAN_API_TOKEN": token}
    name = "opendata-prueba-secretos-reintentos"
    with contextlib.suppress(PortalNotFound):
        admin.call_action("dataset_purge", {"id": name})
    package = admin.call_action("package_create", {"name": name, "owner_org": ORG})
    transcripts = []
    try:
        with FaultProxy(settings["CKAN_URL"]) as proxy:
            port = proxy.url.rsplit(":", 1)[1]
            admin.call_action(
                "resource_create",
                {
                    "package_id": package["id"],
                    "name": "lejos.csv",
                    "format": "CSV",
                    "url": f"http://opendata:{canary}@127.0.0.1:{port}/lejos.csv",
                },
            )
            publish = ["publish", "--out", str(bundled.out), "--org", ORG, "--dry-run"]
            download = ["download", name, "--dest", str(tmp_path / "datos")]
            for at, mode, times, args, code in (
                (1, "503", 1, publish, 0),  # user_show retried, then the plan
                (1, "503", 99, publish, 3),  # the portal stays busy: given up
                (2, "drop-before", 1, download, 3),  # the file retried, then its 404
                (2, "drop-before", 99, download, 3),  # the file's host never answers
                (2, "hold", 99, download, 3),  # nor in time
            ):
                proxy.inject(at, mode, times)
                done = opendata(
                    *args, "--portal", proxy.url, "--timeout", "1", env=env, cwd=tmp_path
                )
                transcripts.append(f"$ {args} ({mode} x{times})\n{done.stdout}\n{done.stderr}")
                assert done.returncode == code, transcripts[-1]
                assert "trying again" in done.stderr, transcripts[-1]
                proxy.release.set()
    finally:
        admin.call_action("dataset_purge", {"id": name})
    written = "\n".join(transcripts) + everything_written(tmp_path)
    assert "http://***@127.0.0.1" in written
    assert token not in written
    assert canary not in written
    assert "Traceback" not in written
