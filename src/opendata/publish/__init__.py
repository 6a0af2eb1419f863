"""Publish: push the data packages of an output folder to a CKAN portal, plan first.

Only validated packages go out; the token is checked before anything is planned; a second
publication of the same packages writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError, ValidationFailed
from opendata.files import load_json_object
from opendata.portal import READ_ACTIONS, Portal, PortalAuthError, PortalNotFound
from opendata.publish.apply import apply_plan
from opendata.publish.mapping import LocalDataset
from opendata.publish.plan import make_plan
from opendata.publish.revisions import Correction
from opendata.publish.steps import Plan, PublishRefused

__all__ = ["Correction", "PublishRefused", "PublishResult", "local_datasets", "publish"]


@dataclass
class PublishResult:
    plan: Plan
    applied: bool
    calls: dict[str, int]
    writes: int


def local_datasets(out: Path, names: Sequence[str] = ()) -> list[LocalDataset]:
    """The packages of `out` to publish; refuses any that did not pass validation."""
    folders = sorted(p.parent for p in out.glob("*/datapackage.json"))
    if not folders:
        raise InputError(f"{out}: no data packages to publish (run: opendata run)")
    available = {f.name: f for f in folders}
    unknown = [n for n in names if n not in available]
    if unknown:
        raise InputError(
            f"{out}: no package for {', '.join(unknown)} (have: {', '.join(available)})"
        )
    chosen = [LocalDataset.read(available[n]) for n in (names or list(available))]
    _check_gate(out, chosen)
    return chosen


def _check_gate(out: Path, datasets: list[LocalDataset]) -> None:
    report_path = out / "validation-report.json"
    errors: dict[str, int] = {}
    if report_path.exists():
        report = load_json_object(report_path, "validation report")
        findings = report.get("findings", [])
        for finding in findings if isinstance(findings, list) else [None]:
            if not isinstance(finding, dict):
                raise InputError(f"{report_path}: damaged (run: opendata validate)")
            if finding.get("severity") == "error":
                dataset = str(finding.get("dataset"))
                errors[dataset] = errors.get(dataset, 0) + 1
    refused = [d.name for d in datasets if not d.validated or errors.get(d.name)]
    if refused:
        raise ValidationFailed(
            f"not published: {', '.join(refused)} did not pass validation "
            "(see validation-report.json; run opendata run or opendata validate)"
        )


def check_token(portal: Portal) -> str:
    """The token's user name; a wrong or expired token fails here, before any planning."""
    try:
        user = portal.call_action("user_show", {})
    except (PortalNotFound, PortalAuthError):
        raise PortalAuthError(
            "user_show", "the API token was not accepted (wrong, revoked or expired?)"
        ) from None
    return str(user.get("name", ""))


def publish(
    portal: Portal,
    datasets: list[LocalDataset],
    *,
    organization: str | None = None,
    dry_run: bool = False,
    prune: bool = False,
    private: bool = False,
    whole: bool = True,
    correction: Correction | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> PublishResult:
    """Plan, then (unless `dry_run`) apply. `whole`: `datasets` are every local package, so
    the organization's other datasets on the portal are reported as stale. `correction`:
    editions already published may get a corrected revision (else such a plan is refused,
    before anything is written)."""
    before = Counter(portal.calls)
    user = check_token(portal)
    progress(f"signed in to {portal.url} as {user}")
    plan = make_plan(portal, datasets, organization, whole, correction)
    if not dry_run:
        apply_plan(portal, plan, prune, private, progress)
    calls = portal.calls - before
    writes = sum(n for action, n in calls.items() if action not in READ_ACTIONS)
    return PublishResult(plan, not dry_run, dict(calls), writes)
