"""Run every check over the packages of an output folder, and against a portal if given."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from opendata.compliance.local_checks import LOCAL_CHECKS
from opendata.compliance.portal_checks import portal_results
from opendata.compliance.report import ComplianceReport, criterion
from opendata.errors import InputError
from opendata.metadata.record import DESCRIPTOR, PackageRecord
from opendata.portal import Portal

# The portal's checks that a run without --portal reports as not checked.
PORTAL_ONLY = (
    "descarga-anonima",
    "sin-registro",
    "actualizado-en-periodicidad",
    "versiones-anteriores",
    "metadatos-en-el-portal",
)


def check_compliance(
    out: Path,
    portal: Portal | None = None,
    names: Sequence[str] = (),
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ComplianceReport:
    folders = sorted(p.parent for p in out.glob(f"*/{DESCRIPTOR}"))
    if not folders:
        raise InputError(f"{out}: no data packages to check (run: opendata run)")
    known = {f.name: f for f in folders}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"{out}: no package for {', '.join(unknown)} (have: {', '.join(known)})")
    today = today or dt.datetime.now(dt.UTC).date()
    report = ComplianceReport(portal.url if portal else None, today.isoformat())
    for name in names or list(known):
        record = PackageRecord.read(known[name])
        progress(f"checking {record.name}")
        try:
            report.results += [check(record) for check in LOCAL_CHECKS]
        except (OSError, csv.Error) as exc:
            raise InputError(f"{known[name]}: cannot read the package ({exc})") from None
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            # A datapackage.json edited by hand, not as opendata run writes it.
            raise InputError(
                f"{known[name] / DESCRIPTOR}: not shaped as opendata writes it ({exc!r})"
            ) from None
        if portal is None:
            report.results += [criterion(c).not_checked(record.name) for c in PORTAL_ONLY]
        else:
            report.results += portal_results(portal, record, today)
    return report
