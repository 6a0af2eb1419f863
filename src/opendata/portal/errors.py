"""What a portal call can fail with, and how an Action API answer maps to it.

Answers are mapped by HTTP status and CKAN's error `__type`, never by the English message
text (which changes with the portal's locale). Whatever shape the `error` of an answer has
(an object, a string, a list, nothing), the result is one PortalError naming the action.
`transient` says whether trying again may succeed; the retry loop reads nothing else.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from opendata.errors import OpendataError
from opendata.redaction import without_userinfo

BUSY = (429, 502, 503, 504)  # the portal or a proxy before it: worth another try
LONGEST = 300  # characters of the portal's own words quoted in a message


class PortalError(OpendataError):
    """The portal refused or failed a call (exit 3)."""

    exit_code = 3
    transient = False
    retry_after: float | None = None

    def __init__(self, action: str, message: str, status: int | None = None) -> None:
        self.action = action
        self.status = status
        super().__init__(self.describe(action, message, status))

    @staticmethod
    def describe(action: str, message: str, status: int | None) -> str:
        where = f"{action} (HTTP {status})" if status else action
        return f"portal: {where}: {message}"


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
        detail = "; ".join(f"{name}: {quoted(problem)}" for name, problem in sorted(fields.items()))
        super().__init__(action, f"rejected: {detail}", status)


class DownloadError(PortalError):
    """A file that could not be fetched, or that is not what the portal says it is (exit 3).
    Its message names the file (its URL with any password masked, or its name)."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        *,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.transient = transient
        self.retry_after = retry_after
        super().__init__("download", message, status)

    @staticmethod
    def describe(action: str, message: str, status: int | None) -> str:
        return message


def quoted(problem: Any) -> str:
    """The portal's words, as one line of at most LONGEST characters."""
    text = _flat(problem)
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else f"{text[: LONGEST - 1]}…"


def _flat(problem: Any) -> str:
    if isinstance(problem, list):
        return " ".join(_flat(p) for p in problem)
    if isinstance(problem, dict):
        return ", ".join(f"{k}: {_flat(v)}" for k, v in problem.items())
    return str(problem)


def answer(action: str, status: int, body: str, headers: Any = None) -> Any:
    """The `result` of a successful Action API answer; else the PortalError it stands for."""
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, dict) and parsed.get("success") is True and status < 400:
        return parsed.get("result")
    error = parsed.get("error") if isinstance(parsed, dict) else None
    kind = error.get("__type") if isinstance(error, dict) else None
    kind = kind if isinstance(kind, str) else None
    if status in BUSY:
        raise PortalUnavailable(
            action, "the portal is busy or down; try again later", status, seconds(headers)
        )
    if 300 <= status < 400:
        location = without_userinfo(str((headers or {}).get("Location") or "?"))
        raise PortalError(
            action, f"the portal redirects to {location}: use that address as its URL", status
        )
    if kind == "Validation Error" or status == 409:
        raise PortalValidationError(action, _fields(error), status)
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
    if kind is not None:
        said = _message(error)
        raise PortalError(action, f"refused ({quoted(kind)}){f': {said}' if said else ''}", status)
    raise PortalError(action, "unexpected answer (not CKAN JSON)", status)


def _fields(error: Any) -> dict[str, Any]:
    """The fields a validation error names; its message (or the whole error) otherwise."""
    if isinstance(error, dict):
        fields = {str(k): v for k, v in error.items() if k not in ("__type", "message")}
        if fields:
            return fields
    return {"error": _message(error) or "conflict"}


def _message(error: Any) -> str:
    if isinstance(error, dict):
        error = error.get("message")
    return quoted(error) if error not in (None, "", [], {}) else ""


def seconds(headers: Any) -> float | None:
    """Retry-After in seconds (its HTTP-date form is treated as absent)."""
    value = (headers or {}).get("Retry-After")
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return max(0.0, number) if number is not None and number == number else None
