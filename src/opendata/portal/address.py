"""Which addresses opendata talks to: the portal's own URL, and where its files may lead.

Only HTTPS, except on loopback (the local portal) or with --insecure; never a user name or
password in the portal's URL (they would show in every message naming the portal). A file
is fetched from the portal's host only unless external hosts are allowed, and a redirect
is held to the same rule, and never from HTTPS down to plain HTTP.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urljoin, urlsplit

from opendata.errors import InputError
from opendata.portal.errors import DownloadError
from opendata.redaction import without_userinfo


def check_portal_url(url: str, insecure: bool = False) -> str:
    """`url` without its trailing slash, if opendata may use it as a portal's address."""
    shown = without_userinfo(url)
    try:
        parts = urlsplit(url)
        if parts.port == 0:  # .port raises ValueError for a port that is not a number
            raise ValueError(url)
    except ValueError:
        raise InputError(f"portal URL {shown!r} is not a valid address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"portal URL {shown!r} is not an http(s) address")
    if "@" in parts.netloc:
        raise InputError(
            f"portal URL {shown!r} holds a user name or password: remove it, the API token "
            "(CKAN_API_TOKEN or a token file) is how opendata signs in"
        )
    if any(unicodedata.category(char) in ("Cc", "Zs", "Zl", "Zp") for char in url):
        raise InputError(f"portal URL {shown!r} holds spaces or control characters")
    if parts.scheme == "http" and not (is_loopback(parts.hostname) or insecure):
        raise InputError(
            f"portal URL {shown!r} is plain HTTP: the token would travel unencrypted; "
            "use https, or --insecure if you must"
        )
    return url.rstrip("/")


def is_loopback(host: str) -> bool:
    """An address of this machine: 127.0.0.0/8, ::1 or the name localhost, nothing else
    (`127.0.0.1.example.org` is someone else's)."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback and (address.version == 4 or address == ipaddress.ip_address("::1"))


def check_file_url(url: str, portal_host: str, allow_external: bool) -> str:
    """`url` if a file may be fetched from it; its host is the portal's unless allowed."""
    shown = without_userinfo(url)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise DownloadError(f"{shown}: not a valid address") from None
    if parts.scheme not in ("http", "https") or not host:
        raise DownloadError(f"{shown}: not an http(s) address")
    if host != portal_host and not allow_external:
        raise DownloadError(
            f"{shown}: not on the portal's host {portal_host} (use --allow-external to fetch it)"
        )
    return url


def redirect_target(url: str, location: str | None, portal_host: str, allow_external: bool) -> str:
    """Where a redirect from `url` leads, if it may be followed: within the same host (any
    host with `allow_external`), and never from HTTPS down to plain HTTP."""
    shown = without_userinfo(url)
    if not location:
        raise DownloadError(f"{shown}: a redirect that says nowhere")
    target = urljoin(url, location)
    refused = f"{shown}: redirect to another host refused ({without_userinfo(target)})"
    try:
        parts, origin = urlsplit(target), urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise DownloadError(refused) from None
    if origin.scheme == "https" and parts.scheme != "https":
        raise DownloadError(f"{shown}: redirect from HTTPS to {without_userinfo(target)} refused")
    if host != (origin.hostname or "") and not allow_external:
        raise DownloadError(refused)
    return check_file_url(target, portal_host, allow_external)
