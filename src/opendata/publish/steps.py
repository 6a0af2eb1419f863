"""What a publication plan holds: per dataset and per file, the step to take on the portal, and
the plan as rows, a table, Markdown and JSON (publish.plan makes it, publish.apply carries it
out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opendata.errors import InputError
from opendata.publish.mapping import LocalDataset, LocalFile


class PublishRefused(InputError):
    """A plan that would drop or silently change a published edition (exit 2)."""

    def __init__(self, message: str, plan: Plan) -> None:
        self.plan = plan
        super().__init__(message)


@dataclass
class FileStep:
    file: LocalFile
    action: str  # create | update | correct (a published edition's new revision) | unchanged
    existing: dict[str, Any] | None
    detail: str = ""
    load_datastore: bool = False


@dataclass
class DatasetPlan:
    local: LocalDataset
    metadata: dict[str, Any]
    existing: dict[str, Any] | None
    metadata_changes: list[str]
    files: list[FileStep]
    stale: list[dict[str, Any]]
    # The portal's datapackage.json before its URLs: the local one, the version raised by
    # the corrections, cambios.csv added when there is one.
    descriptor: dict[str, Any]
    # Editions' files the portal holds and this output lacks (key -> edition): publishing
    # would drop them.
    missing_editions: dict[str, str] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)  # corrections not allowed

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        if self.metadata_changes or any(
            s.action != "unchanged" or s.load_datastore for s in self.files
        ):
            return "update"
        return "unchanged"


@dataclass
class Plan:
    portal: str
    organization: str
    organization_title: str
    organization_exists: bool
    organization_description: str = ""
    organization_id: str = ""
    organization_update: bool = False  # its description is not the publisher's
    datasets: list[DatasetPlan] = field(default_factory=list)
    stale_datasets: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # a former name on the portal -> now

    @property
    def changed(self) -> list[DatasetPlan]:
        return [d for d in self.datasets if d.action != "unchanged"]

    def refused(self) -> str | None:
        """Why this plan may not be applied as it is; None when it may."""
        missing = [
            f"{d.local.name} (informe {', '.join(sorted(set(d.missing_editions.values())))})"
            for d in self.datasets
            if d.missing_editions
        ]
        if missing:
            return (
                "not published: the portal holds editions this output lacks: "
                f"{'; '.join(missing)}; publishing would drop them from the series: run with "
                "every edition of pipelines/sources/ediciones.yaml; nothing was written"
            )
        refusals = [r for d in self.datasets for r in d.refusals]
        if refusals:
            return (
                f"not published: {'; '.join(refusals)}; a correction needs "
                "--allow-corrections --reason TEXT (see the plan: opendata publish --dry-run); "
                "nothing was written"
            )
        return None

    def rows(self, prune: bool = False) -> list[dict[str, str]]:
        """One row per dataset and per resource: dataset, resource, action, detail."""
        rows = []
        if not self.organization_exists:
            rows.append(
                {
                    "dataset": "",
                    "resource": "",
                    "action": "create",
                    "detail": f"organization {self.organization}",
                }
            )
        elif self.organization_update:
            rows.append(
                {
                    "dataset": "",
                    "resource": "",
                    "action": "update",
                    "detail": f"organization {self.organization}: description",
                }
            )
        for plan in self.datasets:
            detail = (
                ", ".join(plan.metadata_changes) if plan.existing and plan.metadata_changes else ""
            )
            rows.append(
                {
                    "dataset": plan.local.name,
                    "resource": "",
                    "action": plan.action,
                    "detail": detail,
                }
            )
            for step in plan.files:
                action = step.action
                detail = step.detail
                if action == "unchanged" and step.load_datastore:
                    action, detail = "update", "DataStore not loaded with this file"
                rows.append(
                    {
                        "dataset": plan.local.name,
                        "resource": step.file.key,
                        "action": action,
                        "detail": detail,
                    }
                )
            for key, edition in sorted(plan.missing_editions.items()):
                rows.append(
                    {
                        "dataset": plan.local.name,
                        "resource": key,
                        "action": "missing",
                        "detail": f"informe {edition} on the portal, not in this output: refused",
                    }
                )
            for resource in plan.stale:
                rows.append(
                    {
                        "dataset": plan.local.name,
                        "resource": resource.get("opendata_key")
                        or resource.get("name")
                        or resource["id"],
                        "action": "delete" if prune else "stale",
                        "detail": "on the portal, not in the package",
                    }
                )
        for name, now in sorted(self.renamed.items()):
            rows.append(
                {
                    "dataset": name,
                    "resource": "",
                    "action": "renamed",
                    "detail": f"now {now}; kept on the portal",
                }
            )
        for name in self.stale_datasets:
            rows.append(
                {
                    "dataset": name,
                    "resource": "",
                    "action": "stale",
                    "detail": "on the portal, not local",
                }
            )
        return rows

    def to_dict(self, prune: bool = False) -> dict[str, Any]:
        return {
            "portal": self.portal,
            "organization": self.organization,
            "changed": len(self.changed),
            "unchanged": len(self.datasets) - len(self.changed),
            "refused": self.refused(),
            "steps": self.rows(prune),
        }

    def markdown(self, prune: bool = False) -> str:
        """The plan as a Markdown table, fit for a CI job summary."""
        lines = [
            f"## Publication plan: {self.portal}",
            "",
            f"{len(self.changed)} changed, {len(self.datasets) - len(self.changed)} unchanged "
            f"(organization `{self.organization}`).",
        ]
        refused = self.refused()
        if refused:
            lines += ["", f"**{refused}**"]
        steps = [row for row in self.rows(prune) if row["action"] != "unchanged"]
        if steps:
            lines += ["", "| dataset | resource | action | detail |", "|---|---|---|---|"]
        for row in steps:
            cells = (row["dataset"], row["resource"], row["action"], row["detail"])
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def table(self, prune: bool = False) -> str:
        header = {
            "dataset": "dataset",
            "resource": "resource",
            "action": "action",
            "detail": "detail",
        }
        rows = [header, *self.rows(prune)]
        columns = ("dataset", "resource", "action")
        widths = {key: max(len(r[key]) for r in rows) for key in columns}
        lines = [
            "  ".join([*(f"{r[key]:<{widths[key]}}" for key in columns), r["detail"]]).rstrip()
            for r in rows
        ]
        unchanged = len(self.datasets) - len(self.changed)
        lines.append(f"{len(self.changed)} changed, {unchanged} unchanged")
        return "\n".join(lines)
