"""The one seam to a CKAN portal, shared by publish and download: `Portal.call_action`.

Requests are prepared by ckanapi (JSON or multipart, auth headers); answers are mapped to
exceptions here and only here, by HTTP status and CKAN's error `__type`, never by the
English message text (which changes with the portal's locale). The token is sent in a
header and never appears in a message.
"""

from __future__ import annotations

import ipaddress
import json
import random
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from opendata.errors import InputError, OpendataError
from opendata.redaction import check_token, without_userinfo

READ_ACTIONS = frozenset(
    {
        "status_show",
        "user_show",
        "package_show",
        "package_search",
        "package_list",
        "organization_show",
        "organization_list",
        "resource_show",
        "datastore_search",
        "datastore_info",
    }
)


class PortalError(OpendataError):
    """The portal refused or failed a call (exit 3)."""

    exit_code = 3
    transient = False

    def __init__(self, action: str, message: str, status: int | None = None) -> None:
        self.action = action
        self.status = status
        where = f"{action} (HTTP {status})" if status else action
        super().__init__(f"portal: {where}: {message}")


class PortalUnavailable(PortalError):
    """Connection refused or reset, timeout, 429, 502, 503, 504: worth retrying."""

    transient = True

    def __init__(
        self, action: str, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(action, message, status)


class PortalAuthError(PortalError):
    """401/403: the token is missing, wrong, expired or lacks a permission."""


class PortalConflict(PortalError):
    """Someone else changed the dataset between our reading it and our writing it."""


class PortalNotFound(PortalError):
    """404: no such dataset, resource or organization."""


class PortalValidationError(PortalError):
    """409 with CKAN's validation errors, which name the fields."""

    def __init__(self, action: str, fields: dict[str, Any], status: int | None) -> None:
        self.fields = fields
        detail = "; ".join(f"{name}: {_text(problem)}" for name, problem in sorted(fields.items()))
        super().__init__(action, f"rejected: {detail}", status)


def _text(problem: Any) -> str:
    if isinstance(problem, list):
        return " ".join(_text(p) for p in problem)
    if isinstance(problem, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in problem.items())
    return str(problem)


def check_portal_url(url: str, insecure: bool = False) -> str:
    """Only HTTPS, except on loopback (the local portal) or with --insecure; never a user name
    or password in the URL (they would show in every message naming the portal)."""
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


MAX_ANSWER = 64 << 20  # bytes of one Action API answer (package_search of 1,000: ~20 MB)

# Calls that give the same result when repeated, so a transient failure may be retried.
# Creating calls are not among them: a lost answer to a resource_create that did arrive
# would create a duplicate; the next run's plan finds what arrived instead.
RETRY_SAFE = READ_ACTIONS | {
    "package_patch",
    "resource_patch",
    "resource_delete",
    "datastore_delete",
}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, bounded in attempts and in total time."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 8.0
    total: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.total)
        return min(self.cap, self.base * 2.0**attempt) * random.uniform(0.5, 1.5)


class Portal:
    """A CKAN portal reached over its Action API, counting the calls it makes."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        import requests

        if "@" in urlsplit(url).netloc:
            raise InputError(f"portal URL {without_userinfo(url)!r} holds a user name or password")
        self.url = url.rstrip("/")
        self._token = check_token(token, "the API token") if token is not None else None
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._session = requests.Session()
        self.calls: Counter[str] = Counter()
        self.retries = 0

    def __repr__(self) -> str:
        return f"Portal({self.url!r})"  # never the token

    @property
    def session(self) -> Any:
        """The HTTP session (for downloads: no token is sent with file requests)."""
        return self._session

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def writes(self) -> int:
        return sum(n for action, n in self.calls.items() if action not in READ_ACTIONS)

    def call_action(
        self,
        action: str,
        data_dict: dict[str, Any] | None = None,
        files: dict[str, IO[bytes]] | None = None,
    ) -> Any:
        """One Action API call; transient failures of repeatable calls are retried."""
        started = time.monotonic()
        for attempt in range(self._retry.attempts):
            try:
                return self._call_once(action, data_dict, files)
            except PortalUnavailable as error:
                pause = self._retry.delay(attempt, error.retry_after)
                last = attempt + 1 == self._retry.attempts
                late = time.monotonic() - started + pause > self._retry.total
                if action not in RETRY_SAFE or last or late:
                    raise
                self.retries += 1
                time.sleep(pause)
                for handle in (files or {}).values():
                    handle.seek(0)
        raise AssertionError("unreachable")

    def _call_once(
        self, action: str, data_dict: dict[str, Any] | None, files: dict[str, IO[bytes]] | None
    ) -> Any:
        import requests
        from ckanapi.common import prepare_action

        self.calls[action] += 1
        url, data, headers = prepare_action(
            action, data_dict, self._token, files, base_url="api/3/action/"
        )
        headers["User-Agent"] = "opendata"
        if files:
            data = _multipart(data, files)
            headers["Content-Type"] = data.content_type
        try:
            response = self._session.post(
                f"{self.url}/{url}",
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=self._timeout,
                stream=True,
            )
            body = _body(response, action)
        except requests.Timeout:
            raise PortalUnavailable(action, f"no answer within {self._timeout:g} s") from None
        except requests.ConnectionError as exc:
            reason = type(exc.__context__ or exc).__name__
            raise PortalUnavailable(action, f"cannot connect to {self.url} ({reason})") from None
        except requests.RequestException as exc:  # its text may quote a header: not shown
            raise PortalError(action, f"the request failed ({type(exc).__name__})") from None
        return _answer(action, response.status_code, body, response.headers)


def _body(response: Any, action: str) -> str:
    """The answer's text, read up to MAX_ANSWER bytes: a portal cannot fill our memory."""
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(1 << 20):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise PortalError(action, f"the answer is larger than {MAX_ANSWER >> 20} MiB")
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def _multipart(fields: dict[bytes, bytes], files: dict[str, IO[bytes]]) -> Any:
    """The form fields and files as a multipart body read from the files as it is sent:
    requests would build the whole body in memory, as large as the files."""
    from requests_toolbelt import MultipartEncoder

    parts: list[tuple[str, Any]] = [(k.decode(), v.decode()) for k, v in fields.items()]
    parts += [
        (name, (Path(getattr(handle, "name", name)).name, handle)) for name, handle in files.items()
    ]
    return MultipartEncoder(fields=parts)


def _answer(action: str, status: int, body: str, headers: Any = None) -> Any:
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, dict) and parsed.get("success") is True and status < 400:
        return parsed.get("result")
    error = parsed.get("error", {}) if isinstance(parsed, dict) else {}
    kind = error.get("__type") if isinstance(error, dict) else None
    if status in (429, 502, 503, 504):
        raise PortalUnavailable(
            action, "the portal is busy or down; try again later", status, _seconds(headers)
        )
    if kind == "Validation Error" or status == 409:
        fields = {k: v for k, v in (error or {}).items() if k not in ("__type", "message")}
        raise PortalValidationError(
            action, fields or {"error": error.get("message", "conflict")}, status
        )
    if kind == "Authorization Error" or status in (401, 403):
        raise PortalAuthError(
            action,
            "not authorized: check the API token and its user's rights on the organization",
            status,
        )
    if kind == "Not Found Error" or status == 404:
        raise PortalNotFound(action, "not found", status)
    if status >= 500:
        raise PortalError(action, "the portal failed (server error)", status)
    raise PortalError(action, f"unexpected answer ({kind or 'not CKAN JSON'})", status)


def _seconds(headers: Any) -> float | None:
    """Retry-After in seconds (its HTTP-date form is treated as absent)."""
    value = (headers or {}).get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
