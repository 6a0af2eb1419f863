"""The seam to CKAN portals: one `Portal` for the Action API and for file downloads.

- `client`: the Portal, its two paths (`call_action`, `download`) and their shared transport.
- `errors`: what a call can fail with, and how an Action API answer maps to it.
- `retry`: which failures are tried again, how often and how long.
- `address`: the portal URLs opendata accepts, and where a file or a redirect may lead.
"""

from opendata.portal.address import check_portal_url, is_loopback
from opendata.portal.client import MAX_ANSWER, Body, Portal
from opendata.portal.errors import (
    DownloadError,
    PortalAuthError,
    PortalConflict,
    PortalError,
    PortalNotFound,
    PortalUnavailable,
    PortalValidationError,
)
from opendata.portal.retry import READ_ACTIONS, RETRY_SAFE, RetryPolicy

__all__ = [
    "MAX_ANSWER",
    "READ_ACTIONS",
    "RETRY_SAFE",
    "Body",
    "DownloadError",
    "Portal",
    "PortalAuthError",
    "PortalConflict",
    "PortalError",
    "PortalNotFound",
    "PortalUnavailable",
    "PortalValidationError",
    "RetryPolicy",
    "check_portal_url",
    "is_loopback",
]
