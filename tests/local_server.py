"""A throwaway HTTP(S) server on 127.0.0.1, for tests that need answers a portal never gives
(redirect loops, other hosts, untrusted certificates) or a folder served as a static host."""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing to the test's output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(handler: Any, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """`handler` (a request handler class, or a factory of one) on a free port; yields the
    base address ("http://127.0.0.1:PORT", https with `tls`), stopped on the way out."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
