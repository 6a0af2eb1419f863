"""Where the portal's API token comes from: the environment or a file outside the repository."""

from __future__ import annotations

import os
from pathlib import Path

from opendata.errors import InputError


def load_token(token_file: Path | None = None, project_root: Path | None = None) -> str:
    """CKAN_API_TOKEN, else the file named by --token-file or CKAN_API_TOKEN_FILE."""
    if token_file is None and os.environ.get("CKAN_API_TOKEN"):
        return os.environ["CKAN_API_TOKEN"].strip()
    if token_file is None and os.environ.get("CKAN_API_TOKEN_FILE"):
        token_file = Path(os.environ["CKAN_API_TOKEN_FILE"])
    if token_file is None:
        raise InputError(
            "no API token: set CKAN_API_TOKEN or CKAN_API_TOKEN_FILE, or pass --token-file"
        )
    path = token_file.expanduser().resolve()
    if project_root is not None and path.is_relative_to(project_root.resolve()):
        raise InputError(f"{token_file}: keep the token file outside the repository")
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"{token_file}: cannot read the token file ({exc.strerror})") from None
    if not token:
        raise InputError(f"{token_file}: the token file is empty")
    return token
