"""When a failed portal call is tried again: a transient failure of a call safe to repeat.

Whether a failure is transient is the error's to say (`PortalError.transient`: connection
refused or reset, no answer in time, an answer cut off, 429, 502, 503, 504); whether the call
is safe to repeat is the call's: every read, every file download, and the writes that give
the same result when repeated. Creating calls are not among them: a lost answer to a
resource_create that did arrive would create a duplicate; the next run's plan finds what
arrived instead.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from opendata.portal.errors import PortalError

T = TypeVar("T")

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
RETRY_SAFE = READ_ACTIONS | {
    "package_patch",
    "resource_patch",
    "resource_delete",
    "datastore_delete",
}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, bounded in attempts and in the total time spent
    waiting between them (each attempt itself waits at most the portal's timeout)."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 8.0
    total: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.total)
        return min(self.cap, self.base * 2.0**attempt) * random.uniform(0.5, 1.5)

    def run(
        self,
        attempt_once: Callable[[], T],
        repeatable: bool,
        on_retry: Callable[[PortalError, float, int], None] = lambda error, pause, next: None,
    ) -> T:
        """`attempt_once()`, tried again after each transient PortalError while `repeatable`
        and within the bounds; the last error otherwise. `on_retry` hears of each retry:
        the error, the pause before it and the number of the attempt to come."""
        waited = 0.0
        for attempt in range(self.attempts):
            try:
                return attempt_once()
            except PortalError as error:
                pause = self.delay(attempt, error.retry_after)
                last = attempt + 1 >= self.attempts
                if not (error.transient and repeatable) or last or waited + pause > self.total:
                    raise
                on_retry(error, pause, attempt + 2)
                time.sleep(pause)
                waited += pause
        raise AssertionError("attempts must be at least 1")
