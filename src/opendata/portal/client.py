"""The one seam to a CKAN portal, shared by publish, download and compliance: `Portal`.

Two paths, one set of rules. `call_action` is CKAN's documented Action API: a POST to
`/api/3/action/<action>` with the data as JSON, or as a multipart form streamed from the
files when there are uploads, and the API token in the `Authorization` header. `download`
GETs a file with no credentials at all. Both wait at most `timeout` seconds for each answer
(to connect, and between two pieces of a body), verify TLS certificates (requests' default,
never turned off), try again after a transient failure of a call safe to repeat (`RetryPolicy`), and
never follow a redirect off the rules of `opendata.portal.address`. No message quotes a
request, a header or an exception's text: the token never appears in one.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit

from opendata import __version__
from opendata.errors import InputError
from opendata.portal.address import check_file_url, redirect_target
from opendata.portal.errors import (
    BUSY,
    DownloadError,
    PortalError,
    PortalUnavailable,
    answer,
    seconds,
)
from opendata.portal.retry import READ_ACTIONS, RETRY_SAFE, RetryPolicy
from opendata.redaction import check_token, redact, without_userinfo

T = TypeVar("T")
MAX_ANSWER = 64 << 20  # bytes of one Action API answer (package_search of 1,000: ~20 MB)
MAX_REDIRECTS = 5
CHUNK = 1 << 20
USER_AGENT = f"opendata/{__version__}"


@dataclass
class Body:
    """A file's answer as it streams: where it finally came from, its announced length, and
    its chunks (an interrupted stream raises a transient DownloadError)."""

    url: str
    length: int | None
    chunks: Iterator[bytes]


class Portal:
    """A CKAN portal reached over its Action API, counting the calls it makes."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        note: Callable[[str], None] | None = None,
    ) -> None:
        """`note` hears a line for each retry (what failed, and when it is tried again)."""
        import requests

        if "@" in urlsplit(url).netloc:
            raise InputError(f"portal URL {without_userinfo(url)!r} holds a user name or password")
        self.url = url.rstrip("/")
        self._token = check_token(token, "the API token") if token is not None else None
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._note = note
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        # No cookies, either way: a call is signed by its token alone, and a file is fetched
        # as anyone would, never with a session an earlier signed call may have opened.
        self._session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.calls: Counter[str] = Counter()
        self.downloads = 0
        self.retries = 0
        self.received = 0  # bytes of Action API answers read

    def __repr__(self) -> str:
        return f"Portal({self.url!r})"  # never the token

    @property
    def timeout(self) -> float:
        return self._timeout

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def writes(self) -> int:
        return sum(n for action, n in self.calls.items() if action not in READ_ACTIONS)

    def _retried(self, error: PortalError, pause: float, attempt: int) -> None:
        self.retries += 1
        if self._note is not None:
            again = f"trying again in {pause:.1f} s (attempt {attempt} of {self._retry.attempts})"
            self._note(redact(f"{error}; {again}"))

    # The Action API

    def call_action(
        self,
        action: str,
        data_dict: dict[str, Any] | None = None,
        files: dict[str, IO[bytes]] | None = None,
    ) -> Any:
        """One Action API call; transient failures of repeatable calls are retried."""
        starts = {name: handle.tell() for name, handle in (files or {}).items()}

        def once() -> Any:
            for name, handle in (files or {}).items():
                handle.seek(starts[name])  # a retried upload sends its file again, whole
            return self._call_once(action, data_dict or {}, files)

        return self._retry.run(once, action in RETRY_SAFE, self._retried)

    def _call_once(
        self, action: str, data_dict: dict[str, Any], files: dict[str, IO[bytes]] | None
    ) -> Any:
        self.calls[action] += 1
        headers: dict[str, str] = {}
        if files:
            body: Any = _multipart(data_dict, files)
            headers["Content-Type"] = body.content_type
        else:
            body = json.dumps(data_dict).encode("ascii")
            headers["Content-Type"] = "application/json"
        with self._failures(action, self.url):
            response = self._send(
                "POST",
                f"{self.url}/api/3/action/{action}",
                data=body,
                headers=headers,
                stream=True,
                auth=self._sign,  # the token alone: never a ~/.netrc password instead
            )
            raw = _body(response, action)
        self.received += len(raw)
        text = raw.decode(response.encoding or "utf-8", errors="replace")
        return answer(action, response.status_code, text, response.headers)

    def _sign(self, request: Any) -> Any:
        if self._token:
            request.headers["Authorization"] = self._token
        return request

    # Files

    def download(
        self, url: str, receive: Callable[[Body], T], *, allow_external: bool = False
    ) -> T:
        """GET the file at `url` (no credentials are sent) and give its body to `receive`.

        Redirects are followed, at most MAX_REDIRECTS, by the address rules. A transient
        failure before or while the body streams starts the download again (`receive` is
        called again, from the first byte), within the retry policy; an error `receive`
        raises (a file that fails verification) ends it.
        """
        check_file_url(url, self.host, allow_external)

        def once() -> T:
            response, final = self._get(url, allow_external)
            try:
                length = response.headers.get("Content-Length")
                chunks = self._chunks(response, final)
                size = int(length) if length and length.isdigit() else None
                return receive(Body(final, size, chunks))
            finally:
                response.close()

        return self._retry.run(once, True, self._retried)

    def _get(self, url: str, allow_external: bool) -> tuple[Any, str]:
        """The final answer's response (status 200, body unread) and its URL."""
        for _ in range(MAX_REDIRECTS + 1):
            shown = without_userinfo(url)
            self.downloads += 1
            with self._failures(None, shown):
                # No credentials: not the token, not a URL's or ~/.netrc's password.
                response = self._send("GET", url, stream=True, auth=_anonymous)
            if response.is_redirect:
                location = response.headers.get("Location")
                response.close()
                url = redirect_target(url, location, self.host, allow_external)
                continue
            if response.status_code != 200:
                status, headers = response.status_code, response.headers
                response.close()
                raise DownloadError(
                    f"{shown}: HTTP {status}",
                    status,
                    transient=status in BUSY,
                    retry_after=seconds(headers),
                )
            return response, url
        raise DownloadError(f"{without_userinfo(url)}: too many redirects")

    def _chunks(self, response: Any, url: str) -> Iterator[bytes]:
        with self._failures(None, without_userinfo(url), cut=True):
            yield from response.iter_content(CHUNK)

    # Transport: the same session, timeout and failures for both paths

    def _send(self, method: str, url: str, **kwargs: Any) -> Any:
        return self._session.request(
            method, url, allow_redirects=False, timeout=self._timeout, **kwargs
        )

    @contextlib.contextmanager
    def _failures(self, action: str | None, shown: str, cut: bool = False) -> Iterator[None]:
        """What requests raises (its text may quote a header or a URL's password) as a
        PortalError in our words: for an action, naming it; for a file, naming its URL
        (password masked). `cut`: the body was streaming, so a lost connection cut it off."""
        import requests

        try:
            yield
        except requests.RequestException as error:
            name = type(error.__context__ or error).__name__
            transient = True
            if isinstance(error, requests.exceptions.SSLError):
                message, transient = f"TLS: the certificate could not be verified ({name})", False
            elif isinstance(error, requests.Timeout) or name == "ReadTimeoutError":
                message = f"no answer within {self._timeout:g} s"  # ReadTimeoutError: mid-body
            elif isinstance(
                error, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
            ):
                if cut:
                    message = f"the answer was cut off ({name})"
                elif name == "ProtocolError":  # connected, then closed with no answer
                    message = f"the connection closed before an answer ({name})"
                else:
                    where = self.url if action else "the file's host"
                    message = f"cannot connect to {where} ({name})"
            else:
                message, transient = f"the request failed ({type(error).__name__})", False
            if action is None:
                raise DownloadError(f"{shown}: {message}", transient=transient) from None
            if transient:
                raise PortalUnavailable(action, message) from None
            raise PortalError(action, message) from None


def _anonymous(request: Any) -> Any:
    return request


def _body(response: Any, action: str) -> bytes:
    """The answer's bytes, read up to MAX_ANSWER: a portal cannot fill our memory."""
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise PortalError(action, f"the answer is larger than {MAX_ANSWER >> 20} MiB")
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


def _multipart(data_dict: dict[str, Any], files: dict[str, IO[bytes]]) -> Any:
    """The form fields and files as a multipart body read from the files as it is sent:
    requests would build the whole body in memory, as large as the files. A form carries
    text only: numbers and booleans as CKAN reads them, a missing value left out."""
    from requests_toolbelt import MultipartEncoder

    parts: list[tuple[str, Any]] = []
    for name, value in data_dict.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            value = str(value)
        elif not isinstance(value, str):
            raise TypeError(f"{name}: a multipart form field must be text, not {type(value)}")
        parts.append((name, value))
    parts += [
        (name, (Path(getattr(handle, "name", name)).name, handle)) for name, handle in files.items()
    ]
    return MultipartEncoder(fields=parts)
