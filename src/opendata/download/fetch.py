"""Fetch one file from a portal: streamed to disk, verified, renamed into place.

The file is written as `<name>.part` beside its target, checked against the expected size
and sha256 while it streams, and renamed only when both match; a bad or interrupted file
never stands at the target's name. The request itself is the portal's (`Portal.download`):
its timeout, its retries (an interrupted download starts again; a file that fails
verification does not), TLS, and its redirect rules (the portal's host only, unless
external files are allowed).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from opendata.errors import InputError
from opendata.portal import Body, DownloadError, Portal
from opendata.redaction import without_userinfo

Progress = Callable[[str, int, int | None], None]  # (file name, bytes so far, total or None)

__all__ = ["DownloadError", "Progress", "fetch", "safe_name"]


def safe_name(name: str) -> str:
    """A file name that stays inside its folder: "../../evil.csv" -> "evil.csv"."""
    base = PurePosixPath(unquote(name).replace("\\", "/")).name
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")
    if not base:
        raise InputError(f"no usable file name in {name!r}")
    return base


def fetch(
    portal: Portal,
    url: str,
    target: Path,
    *,
    allow_external: bool = False,
    sha256: str | None = None,
    size: int | None = None,
    progress: Progress | None = None,
) -> str:
    """Download `url` to `target`; returns the file's sha256. Raises DownloadError on a mismatch."""
    partial = target.with_name(f"{target.name}.part")

    def receive(body: Body) -> str:
        digest = hashlib.sha256()
        done = 0
        total = size or body.length
        try:
            with partial.open("wb") as handle:
                for chunk in body.chunks:
                    handle.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(target.name, done, total)
        except OSError as exc:
            raise DownloadError(
                f"{target.name}: download interrupted ({type(exc).__name__})"
            ) from None
        actual = digest.hexdigest()
        problem = None
        if size is not None and done != size:
            problem = f"size {done} bytes, expected {size}"
        elif sha256 and actual != sha256:
            problem = f"sha256 {actual}, expected {sha256}"
        if problem:
            raise DownloadError(
                f"{target.name}: verification failed: {problem} (from {without_userinfo(url)})"
            )
        return actual

    try:
        actual = portal.download(url, receive, allow_external=allow_external)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return actual
