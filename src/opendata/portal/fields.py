"""What opendata reads back from a portal's records: a resource's `hash`, as CKAN keeps it.

Shared by publish (is the file on the portal the local one?), download (what must the
downloaded file hash to?) and compliance.
"""

from __future__ import annotations

import re


def expected_sha256(hash_value: str | None) -> str | None:
    """The hex digest from "sha256:<hex>" or a bare 64-hex string; other hashes are not ours."""
    if not hash_value:
        return None
    value = hash_value.strip().lower()
    value = value.removeprefix("sha256:")
    return value if re.fullmatch(r"[0-9a-f]{64}", value) else None
