"""Fetch one file from a portal: streamed to disk, verified, renamed into place.

The file is written as `<name>.part` beside its target, checked against the expected size
and sha256 while it streams, and renamed only when both match; a bad or interrupted file
never stands at the target's name. Redirects are followed only to the same host.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from opendata.errors import InputError, OpendataError
from opendata.redaction import without_userinfo

CHUNK = 1 << 20
MAX_REDIRECTS = 5
Progress = Callable[[str, int, int | None], None]  # (file name, bytes so far, total or None)


class DownloadError(OpendataError):
    """A file that could not be fetched, or that is not what the portal says it is (exit 3)."""

    exit_code = 3


def safe_name(name: str) -> str:
    """A file name that stays inside its folder: "../../evil.csv" -> "evil.csv"."""
    base = PurePosixPath(unquote(name).replace("\\", "/")).name
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")
    if not base:
        raise InputError(f"no usable file name in {name!r}")
    return base


def fetch(
    session: Any,
    url: str,
    target: Path,
    *,
    portal_host: str,
    allow_external: bool = False,
    sha256: str | None = None,
    size: int | None = None,
    timeout: float = 60.0,
    progress: Progress | None = None,
) -> str:
    """Download `url` to `target`; returns the file's sha256. Raises DownloadError on a mismatch."""
    response = _get(session, url, portal_host, allow_external, timeout)
    partial = target.with_name(f"{target.name}.part")
    digest = hashlib.sha256()
    done = 0
    total = size or int(response.headers.get("Content-Length") or 0) or None
    try:
        with partial.open("wb") as handle:
            for chunk in response.iter_content(CHUNK):
                handle.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(target.name, done, total)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"{target.name}: download interrupted ({type(exc).__name__})") from None
    finally:
        response.close()
    actual = digest.hexdigest()
    problem = None
    if size is not None and done != size:
        problem = f"size {done} bytes, expected {size}"
    elif sha256 and actual != sha256:
        problem = f"sha256 {actual}, expected {sha256}"
    if problem:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"{target.name}: verification failed: {problem} (from {without_userinfo(url)})"
        )
    partial.replace(target)
    return actual


def _get(session: Any, url: str, portal_host: str, allow_external: bool, timeout: float) -> Any:
    import requests

    for _ in range(MAX_REDIRECTS + 1):
        shown = without_userinfo(url)
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            raise DownloadError(f"{shown}: not a valid address") from None
        if host != portal_host and not allow_external:
            raise DownloadError(
                f"{shown}: not on the portal's host {portal_host} "
                "(use --allow-external to fetch it)"
            )
        try:
            response = session.get(url, stream=True, allow_redirects=False, timeout=timeout)
        except requests.RequestException as exc:
            raise DownloadError(f"{shown}: cannot download ({type(exc).__name__})") from None
        if response.is_redirect:
            location = urljoin(url, response.headers.get("Location", ""))
            response.close()
            try:
                same_host = (urlsplit(location).hostname or "") == host
            except ValueError:
                same_host = False
            if not same_host:
                raise DownloadError(
                    f"{shown}: redirect to another host refused ({without_userinfo(location)})"
                )
            url = location
            continue
        if response.status_code != 200:
            response.close()
            raise DownloadError(f"{shown}: HTTP {response.status_code}")
        return response
    raise DownloadError(f"{without_userinfo(url)}: too many redirects")
