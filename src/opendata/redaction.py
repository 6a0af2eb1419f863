"""Keep secrets out of everything opendata prints: the API token, passwords in URLs.

The token is refused at the door when a header could not carry it (a control character, a
character outside Latin-1: requests would put it in its error); every message printed goes
through `redact`, which masks the token in use and the user part of any URL.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from opendata.errors import InputError

MASK = "***"
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/?#@]*@")
_SECRETS: set[str] = set()


def remember_secret(secret: str) -> None:
    """Mask `secret` in every message printed from now on."""
    if len(secret) >= 4:  # shorter strings would mask ordinary words
        _SECRETS.add(secret)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _USERINFO.sub(rf"\1{MASK}@", text)


def check_token(token: str, origin: str) -> str:
    """`token` as an HTTP header can carry it; `origin` says where it came from."""
    for position, char in enumerate(token, start=1):
        if unicodedata.category(char) == "Cc":
            raise InputError(
                f"{origin}: the API token holds a control character (U+{ord(char):04X}) at "
                f"position {position}; copy the token again"
            )
        if ord(char) > 0xFF:
            raise InputError(
                f"{origin}: the API token holds a character outside Latin-1 at position "
                f"{position}; an HTTP header cannot carry it: copy the token again"
            )
    remember_secret(token)
    return token


def without_userinfo(url: str) -> str:
    """`url` with any user name and password masked, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if "@" not in parts.netloc:
        return redact(url)
    host = parts.netloc.rsplit("@", 1)[1]
    return redact(urlunsplit(parts._replace(netloc=f"{MASK}@{host}")))
