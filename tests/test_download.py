"""Downloading from the real local CKAN portal, anonymously, as portal users do."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

import opendata
from opendata.cli import cli
from opendata.download import DownloadError, download_dataset
from opendata.download import load as load_module
from opendata.download.fetch import fetch as real_fetch
from opendata.portal import Portal, PortalNotFound
from opendata.publish import local_datasets, publish
from opendata.runner import RunResult

ORG = "opendata-pruebas"
FOREIGN = "datos-publicados-por-otros"


@pytest.fixture(scope="module")
def admin(settings: dict[str, str], token: str) -> Portal:
    return Portal(settings["CKAN_URL"], token)


@pytest.fixture(scope="module")
def anonymous(settings: dict[str, str]) -> Portal:
    return Portal(settings["CKAN_URL"])


@pytest.fixture(scope="module")
def published(admin: Portal, bundled: RunResult) -> RunResult:
    publish(admin, local_datasets(bundled.out), organization=ORG)
    return bundled


def assert_frictionless_valid(descriptor: Path) -> None:
    frictionless = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(frictionless), "validate", str(descriptor)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-1500:]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_gives_back_the_published_files(
    published: RunResult, anonymous: Portal, tmp_path: Path
) -> None:
    dest = tmp_path / "datos"
    result = download_dataset(anonymous, "semanas-universitarias-transparencia", dest)
    folder = dest / "semanas-universitarias-transparencia"
    assert result.folder == folder and not result.inferred
    source = published.out / "semanas-universitarias-transparencia"
    # The series tables and the edition's own copies: every file of the local package.
    tables = [
        f"{table}{edition}.{ext}"
        for table in ("indicadores", "jornadas")
        for edition in ("", "-2023-2024")
        for ext in ("csv", "parquet")
    ]
    for name in tables:
        assert sha256(folder / name) == sha256(source / name)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["datapackage.json", *tables])
    assert_frictionless_valid(folder / "datapackage.json")


def test_format_choice_and_cli(
    published: RunResult, settings: dict[str, str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "-q",
            "download",
            "plandai",
            "--portal",
            settings["CKAN_URL"],
            "--dest",
            str(tmp_path),
            "--format",
            "parquet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "plandai: 2 files verified" in result.stdout
    assert sorted(p.name for p in (tmp_path / "plandai").iterdir()) == [
        "datapackage.json",
        "indicadores-2023-2024.parquet",
        "indicadores.parquet",
    ]
    descriptor = json.loads((tmp_path / "plandai/datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == [
        "indicadores-parquet",
        "indicadores-2023-2024-parquet",
    ]

    listing = CliRunner().invoke(
        cli, ["datasets", "--portal", settings["CKAN_URL"], "--org", ORG, "--json"]
    )
    assert listing.exit_code == 0
    names = [d["name"] for d in json.loads(listing.stdout)]
    assert "plandai" in names and "semanas-universitarias-transparencia" in names


@pytest.fixture(scope="module")
def foreign(admin: Portal, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A dataset published with plain ckanapi calls, as another tool would: no descriptor."""
    with contextlib.suppress(PortalNotFound):
        admin.call_action("dataset_purge", {"id": FOREIGN})
    package = admin.call_action(
        "package_create",
        {
            "name": FOREIGN,
            "title": "Datos de otro publicador",
            "owner_org": ORG,
            "license_id": "cc-by",
        },
    )
    folder = tmp_path_factory.mktemp("foreign")
    good = folder / "tabla.csv"
    good.write_text("clave,nombre,total\n1,Ana,10\n2,Bea,20\n", encoding="utf-8")
    resources = {}
    with good.open("rb") as handle:
        resources["tabla"] = admin.call_action(
            "resource_create",
            {"package_id": package["id"], "name": "tabla.csv", "format": "CSV"},
            files={"upload": handle},
        )
    evil = folder / "evil.csv"
    evil.write_text("a,b\n1,2\n", encoding="utf-8")
    with evil.open("rb") as handle:
        resources["evil"] = admin.call_action(
            "resource_create",
            {
                "package_id": package["id"],
                "name": "../../evil.csv",
                "format": "CSV",
                "hash": "sha256:" + sha256(evil),
            },
            files={"upload": handle},
        )
    return {"package": package, "resources": resources, "folder": folder}


def test_a_dataset_published_by_others_gets_an_inferred_descriptor(
    foreign: dict[str, Any], anonymous: Portal, tmp_path: Path
) -> None:
    dest = tmp_path / "dest"
    notes: list[str] = []
    result = download_dataset(anonymous, FOREIGN, dest, note=notes.append)
    assert result.inferred and "inferred" in notes[0]
    folder = dest / FOREIGN
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert descriptor["opendata"]["descriptor"].startswith("inferido")
    fields = {f["name"]: f["type"] for f in descriptor["resources"][0]["schema"]["fields"]}
    assert fields == {"clave": "integer", "nombre": "string", "total": "integer"}
    assert_frictionless_valid(folder / "datapackage.json")


def test_a_hostile_resource_name_stays_inside_dest(
    foreign: dict[str, Any], anonymous: Portal, tmp_path: Path
) -> None:
    dest = tmp_path / "a" / "b" / "dest"
    download_dataset(anonymous, FOREIGN, dest)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert all(path.startswith("a/b/dest/") for path in written)
    assert (dest / FOREIGN / "evil.csv").is_file()
    assert not (tmp_path / "a" / "evil.csv").exists()


def test_a_file_replaced_behind_its_hash_fails_verification(
    foreign: dict[str, Any], admin: Portal, anonymous: Portal, tmp_path: Path
) -> None:
    dest = tmp_path / "dest"
    download_dataset(anonymous, FOREIGN, dest)
    before = {p.name: sha256(p) for p in (dest / FOREIGN).iterdir()}
    evil = foreign["resources"]["evil"]
    swapped = foreign["folder"] / "evil.csv"
    swapped.write_text("a,b\n1,666\n", encoding="utf-8")
    with swapped.open("rb") as handle:  # the recorded hash stays the old one
        admin.call_action(
            "resource_patch", {"id": evil["id"], "hash": evil["hash"]}, files={"upload": handle}
        )
    with pytest.raises(DownloadError) as caught:
        download_dataset(anonymous, FOREIGN, dest)
    message = str(caught.value)
    assert message.startswith("evil.csv: verification failed: sha256 ")
    assert sha256(swapped) in message and evil["hash"].removeprefix("sha256:") in message
    assert {p.name: sha256(p) for p in (dest / FOREIGN).iterdir()} == before
    assert sorted(p.name for p in dest.iterdir()) == [FOREIGN]  # no partial files or folders


def test_files_off_the_portal_host_are_not_fetched(
    admin: Portal, anonymous: Portal, foreign: dict[str, Any], tmp_path: Path
) -> None:
    name = "datos-con-enlace-externo"
    with contextlib.suppress(PortalNotFound):
        admin.call_action("dataset_purge", {"id": name})
    package = admin.call_action("package_create", {"name": name, "owner_org": ORG})
    admin.call_action(
        "resource_create",
        {
            "package_id": package["id"],
            "name": "lejos.csv",
            "format": "CSV",
            "url": "http://192.0.2.1/lejos.csv",
        },
    )
    with pytest.raises(DownloadError, match="not on the portal's host"):
        download_dataset(anonymous, name, tmp_path)


def test_load_returns_typed_frames_and_uses_its_cache(
    published: RunResult, settings: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> str:
        fetched.append(args[1])
        return real_fetch(*args, **kwargs)

    monkeypatch.setattr(load_module, "fetch", counting)
    frame = opendata.load(
        "semanas-universitarias-transparencia",
        resource="jornadas",
        portal=settings["CKAN_URL"],
        cache=tmp_path,
    )
    assert len(frame) == 11
    assert str(frame["numero"].dtype) == "Int64"
    assert str(frame["fecha"].dtype).startswith("datetime64")
    assert str(frame["cve_ent"].dtype) in ("string", "str")
    assert frame["cve_ent"].iloc[0] == "09"
    assert len(fetched) == 2  # the descriptor and the Parquet file
    again = opendata.load(
        "semanas-universitarias-transparencia",
        resource="jornadas",
        portal=settings["CKAN_URL"],
        cache=tmp_path,
    )
    assert len(fetched) == 2
    assert again.equals(frame)


def test_what_we_publish_reads_back_with_plain_ckanapi(
    published: RunResult, settings: dict[str, str]
) -> None:
    from ckanapi import RemoteCKAN

    package = RemoteCKAN(settings["CKAN_URL"]).action.package_show(id="datacon")
    assert package["license_id"] == "libre-uso-mx"
    for resource in package["resources"]:
        body = requests.get(resource["url"], timeout=30).content
        assert hashlib.sha256(body).hexdigest() == resource["hash"]
    descriptor_resource = next(
        r for r in package["resources"] if r["opendata_key"] == "datapackage.json"
    )
    descriptor = requests.get(descriptor_resource["url"], timeout=30).json()
    assert descriptor["name"] == "datacon"
    urls = {r["url"] for r in package["resources"]}
    assert {r["path"] for r in descriptor["resources"]} <= urls  # named by portal URL


def test_redirects_to_another_host_are_refused(tmp_path: Path) -> None:
    from local_server import QuietHandler, serving

    from opendata.download.fetch import fetch

    class Redirect(QuietHandler):
        def do_GET(self) -> None:
            target = "/datos.csv" if self.path == "/local" else "http://127.0.0.2:9/datos.csv"
            if self.path == "/datos.csv":
                body = b"a,b\n1,2\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

    with serving(Redirect) as base:
        portal = Portal(base)
        fetch(portal, f"{base}/local", tmp_path / "ok.csv")
        assert (tmp_path / "ok.csv").read_bytes() == b"a,b\n1,2\n"
        with pytest.raises(DownloadError, match="redirect to another host refused"):
            fetch(portal, f"{base}/away", tmp_path / "away.csv")
        assert not (tmp_path / "away.csv").exists()
