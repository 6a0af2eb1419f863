"""ISO 8601 periods as the data writes them (`2024`, `2024-11`, `2024-10-17/2024-10-18`,
`2024/2025`), and repeating durations (`R/P1Y`) as periodicities."""

from __future__ import annotations

import calendar
import datetime as dt
import re

DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
# R/P1Y, R/P6M, R/P2W, R/P1D: the forms DCAT-US 1.1 and datos.gob.mx used for periodicity.
REPEATING = re.compile(r"^R/P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
IRREGULAR = "irregular"


def bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a period covers; None when `value` is not an ISO 8601 period."""
    text = value.strip()
    if "/" in text:
        start, _, end = text.partition("/")
        first, last = bounds(start), bounds(end)
        if first is None or last is None or first[0] > last[1]:
            return None
        return first[0], last[1]
    try:
        if match := DAY.match(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return day, day
        if match := MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
    except ValueError:
        return None
    if match := YEAR.match(text):
        return dt.date(int(match[1]), 1, 1), dt.date(int(match[1]), 12, 31)
    return None


def periodicity_days(value: str) -> int | None:
    """Approximate length in days of a repeating duration; None for `irregular` or junk."""
    match = REPEATING.match(value.strip())
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return years * 365 + months * 31 + weeks * 7 + days


def valid_periodicity(value: object) -> bool:
    return value == IRREGULAR or (isinstance(value, str) and periodicity_days(value) is not None)
