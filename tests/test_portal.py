"""The seam to the portal: one Portal whose Action API calls and file downloads share a
timeout, retries (transient or terminal, as the error says), TLS and redirect rules; any
answer the Action API gives maps to one clean error naming the action.

Faults are injected by tests/faultproxy.py in front of the real local portal; the TLS case
needs a server with a certificate nobody trusts, which the local portal is not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from faultproxy import FaultProxy
from local_server import QuietHandler, serving

from opendata.download.fetch import fetch
from opendata.portal import (
    DownloadError,
    Portal,
    PortalError,
    PortalNotFound,
    PortalUnavailable,
    PortalValidationError,
    RetryPolicy,
)
from opendata.portal.address import redirect_target
from opendata.portal.errors import answer

ORG = "opendata-pruebas"
DATASET = "opendata-prueba-costura"
FAST = RetryPolicy(attempts=3, base=0.01, cap=0.05, total=5)


@pytest.fixture(scope="module")
def admin(settings: dict[str, str], token: str) -> Portal:
    return Portal(settings["CKAN_URL"], token)


@pytest.fixture(scope="module")
def uploaded(admin: Portal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A 3 MB CSV file on the portal: its URL path, sha256 and size."""
    with contextlib.suppress(PortalNotFound):
        admin.call_action("dataset_purge", {"id": DATASET})
    package = admin.call_action("package_create", {"name": DATASET, "owner_org": ORG})
    path = tmp_path_factory.mktemp("costura") / "tabla.csv"
    path.write_text(
        "clave,valor\n" + "".join(f"{n},{n * 7}\n" for n in range(300_000)), encoding="utf-8"
    )
    data = path.read_bytes()
    with path.open("rb") as handle:
        resource = admin.call_action(
            "resource_create",
            {"package_id": package["id"], "name": "tabla.csv", "format": "CSV"},
            files={"upload": handle},
        )
    yield {
        "package": package,
        "path": urlsplit(resource["url"]).path,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    admin.call_action("dataset_purge", {"id": DATASET})


@pytest.mark.parametrize("mode", ["503", "drop-before", "drop-after", "truncate", "hold"])
def test_a_download_survives_a_transient_fault(
    settings: dict[str, str], uploaded: dict[str, Any], mode: str, tmp_path: Path
) -> None:
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        portal = Portal(proxy.url, timeout=2, retry=FAST)
        proxy.inject(1, mode)
        target = tmp_path / "tabla.csv"
        digest = fetch(
            portal,
            proxy.url + uploaded["path"],
            target,
            sha256=uploaded["sha256"],
            size=uploaded["size"],
        )
        assert (digest, target.stat().st_size) == (uploaded["sha256"], uploaded["size"])
        assert (portal.retries, portal.downloads, proxy.count) == (1, 2, 2)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["tabla.csv"]  # no .part left


def test_terminal_download_failures_are_not_retried_and_transient_ones_are_bounded(
    settings: dict[str, str], uploaded: dict[str, Any], tmp_path: Path
) -> None:
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        url = proxy.url + uploaded["path"]
        cases: list[tuple[str, int, dict[str, Any], str, bool]] = [
            (proxy.url + "/no/such/file.csv", 0, {}, "file.csv: HTTP 404", False),
            (url, 0, {"sha256": "0" * 64}, "x.csv: verification failed: sha256", False),
            (url, 0, {"size": 5}, "x.csv: verification failed: size", False),
            (url, 99, {}, "tabla.csv: HTTP 503", True),
            (url, 99, {"_mode": "truncate"}, "tabla.csv: the answer was cut off", True),
        ]
        for address, times, options, words, transient in cases:
            mode = options.pop("_mode", "503")
            proxy.inject(1 if times else 0, mode, times or 1)
            portal = Portal(proxy.url, retry=FAST)
            with pytest.raises(DownloadError) as caught:
                fetch(portal, address, tmp_path / "x.csv", **options)
            assert words in str(caught.value)
            assert caught.value.transient is transient and caught.value.exit_code == 3
            assert proxy.count == (FAST.attempts if transient else 1), words
            assert not list(tmp_path.iterdir())


def test_the_timeout_reaches_file_downloads(
    settings: dict[str, str], admin: Portal, uploaded: dict[str, Any], tmp_path: Path
) -> None:
    with FaultProxy(settings["CKAN_URL"]) as proxy:
        proxy.inject(1, "hold")
        portal = Portal(proxy.url, timeout=1, retry=RetryPolicy(attempts=1))
        started = time.monotonic()
        with pytest.raises(DownloadError, match=r"tabla\.csv: no answer within 1 s"):
            fetch(portal, proxy.url + uploaded["path"], tmp_path / "t.csv")
        assert time.monotonic() - started < 10  # the proxy holds the request for 30 s
        proxy.release.set()

        # From the command line: the file (a link on the proxy) is held once; `--timeout 1`
        # gives it up after a second and the retry fetches it.
        link = admin.call_action(
            "resource_create",
            {
                "package_id": uploaded["package"]["id"],
                "name": "enlace.csv",
                "format": "CSV",
                "url": proxy.url + uploaded["path"],
            },
        )
        try:
            proxy.inject(2, "hold")  # package_show, then the link (the upload is not proxied)
            started = time.monotonic()
            done = subprocess.run(
                [
                    str(Path(sys.executable).with_name("opendata")),
                    "download",
                    DATASET,
                    "--portal",
                    proxy.url,
                    "--dest",
                    str(tmp_path / "datos"),
                    "--timeout",
                    "1",
                ],
                capture_output=True,
                text=True,
                cwd=tmp_path,
            )
            elapsed = time.monotonic() - started
        finally:
            admin.call_action("resource_delete", {"id": link["id"]})
    assert done.returncode == 0, done.stderr
    assert "/download/tabla.csv: no answer within 1 s; trying again in" in done.stderr
    assert elapsed < 25
    got = tmp_path / "datos" / DATASET / "enlace.csv"
    assert hashlib.sha256(got.read_bytes()).hexdigest() == uploaded["sha256"]


def _clean(error: PortalError, starts: str) -> None:
    text = str(error)
    assert text.startswith(starts), text
    assert "\n" not in text and len(text) < 400 and error.exit_code == 3


def test_any_shape_of_ckan_error_is_one_clean_error_naming_the_action() -> None:
    def failed(status: int, body: Any, headers: Any = None) -> PortalError:
        text = body if isinstance(body, str) else json.dumps(body)
        with pytest.raises(PortalError) as caught:
            answer("package_create", status, text, headers)
        return caught.value

    conflict = "portal: package_create (HTTP 409): rejected: "
    for error, detail in [
        ("Ya existe un conjunto con ese nombre", "error: Ya existe un conjunto con ese nombre"),
        (["uno", "dos"], "error: uno dos"),
        (None, "error: conflict"),
        ({"__type": "Validation Error"}, "error: conflict"),
        ({"__type": "Validation Error", "message": "sin campos"}, "error: sin campos"),
        ({"__type": ["raro"], "name": ["Ya\nexiste"]}, "name: Ya existe"),
        (7, "error: 7"),
    ]:
        found = failed(409, {"success": False, "error": error})
        assert isinstance(found, PortalValidationError)
        _clean(found, conflict + detail)
    _clean(failed(409, "<html>Conflict</html>"), conflict + "error: conflict")
    _clean(failed(409, {"success": False, "error": "x" * 5000}), conflict + "error: xxx")
    _clean(
        failed(
            400, {"success": False, "error": {"__type": "Search Query Error", "message": "q\n"}}
        ),
        "portal: package_create (HTTP 400): refused (Search Query Error): q",
    )
    _clean(failed(400, [1, 2]), "portal: package_create (HTTP 400): unexpected answer")
    _clean(failed(200, {"success": False}), "portal: package_create (HTTP 200): unexpected")
    _clean(failed(500, {"success": False, "error": "boom"}), "portal: package_create (HTTP 500)")
    _clean(
        failed(302, "", {"Location": "https://u:secreto@datos.example.org/api/3/action/x"}),
        "portal: package_create (HTTP 302): the portal redirects to https://***@datos.example.org",
    )
    busy = failed(503, "", {"Retry-After": "nan"})
    assert isinstance(busy, PortalUnavailable) and busy.transient and busy.retry_after is None
    assert answer("status_show", 200, '{"success": true, "result": {"a": 1}}') == {"a": 1}


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """An HTTPS server on loopback whose certificate nobody trusts, counting its requests."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    seen: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serving(Handler, context) as base:
        yield base, seen


def test_an_untrusted_certificate_is_refused_on_both_paths_and_not_retried(
    untrusted: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, seen = untrusted
    portal = Portal(url, retry=FAST)
    with pytest.raises(PortalError) as caught:
        portal.call_action("status_show", {})
    assert str(caught.value).startswith("portal: status_show: TLS: the certificate")
    assert not caught.value.transient
    with pytest.raises(DownloadError, match=r"x\.csv: TLS: the certificate could not be verified"):
        fetch(portal, f"{url}/x.csv", tmp_path / "x.csv")
    assert portal.retries == 0 and seen == []  # no request got through


def test_redirect_rules(tmp_path: Path) -> None:
    class Redirect(QuietHandler):
        def do_GET(self) -> None:
            targets = {
                "/loop": "/loop",
                "/empty": "",
                "/away": "http://localhost:9/x.csv",
            }
            self.send_response(302)
            if targets.get(self.path):
                self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()

    with serving(Redirect) as base:
        portal = Portal(base, retry=FAST)
        for path, words in [
            ("/loop", "too many redirects"),
            ("/empty", "HTTP 302"),
            ("/away", "redirect to another host refused (http://localhost:9/x.csv)"),
        ]:
            with pytest.raises(DownloadError, match=re.escape(words)):
                fetch(portal, base + path, tmp_path / "x.csv")
        with pytest.raises(DownloadError, match="not on the portal's host"):
            fetch(portal, "http://localhost:9/x.csv", tmp_path / "x.csv")
        with pytest.raises(DownloadError, match="cannot connect to the file's host"):
            fetch(portal, base + "/away", tmp_path / "x.csv", allow_external=True)
    assert not list(tmp_path.iterdir())
    with pytest.raises(DownloadError, match=r"redirect from HTTPS to http://a\.example/y refused"):
        redirect_target("https://a.example/x", "http://a.example/y", "a.example", True)
    assert redirect_target("http://a.example/x", "/y", "a.example", False) == "http://a.example/y"


def test_the_runtime_uses_no_private_api_of_ckanapi() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert "ckanapi" not in sources
