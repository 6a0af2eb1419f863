"""Where the portal's API token comes from: the environment or a file outside the repository.

The token is refused, without being shown, if an HTTP header could not carry it; once read
it is masked in everything opendata prints (opendata.redaction).
"""

from __future__ import annotations

import os
from pathlib import Path

from opendata.errors import InputError
from opendata.files import KIB, read_bytes_bounded, resolved
from opendata.redaction import check_token

MAX_TOKEN_FILE = 64 * KIB  # a CKAN token is a few hundred bytes


def load_token(token_file: Path | None = None, project_root: Path | None = None) -> str:
    """CKAN_API_TOKEN, else the file named by --token-file or CKAN_API_TOKEN_FILE."""
    if token_file is None and os.environ.get("CKAN_API_TOKEN"):
        return check_token(os.environ["CKAN_API_TOKEN"].strip(), "CKAN_API_TOKEN")
    if token_file is None and os.environ.get("CKAN_API_TOKEN_FILE"):
        token_file = Path(os.environ["CKAN_API_TOKEN_FILE"])
    if token_file is None:
        raise InputError(
            "no API token: set CKAN_API_TOKEN or CKAN_API_TOKEN_FILE, or pass --token-file"
        )
    path = resolved(token_file)
    if project_root is not None and path.is_relative_to(project_root.resolve()):
        raise InputError(f"{token_file}: keep the token file outside the repository")
    data = read_bytes_bounded(path, MAX_TOKEN_FILE, "token file")
    try:
        token = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise InputError(f"{token_file}: the token file is not UTF-8 text") from None
    if not token:
        raise InputError(f"{token_file}: the token file is empty")
    return check_token(token, str(token_file))
