"""Plan a publication: what to create, update, leave alone or report as stale on the portal.

"Unchanged" is decided from what the portal stores (resource `hash`, the DataStore's
`datastore_hash`, dataset metadata), never by downloading files back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from opendata.portal import Portal, PortalNotFound, expected_sha256
from opendata.publish.mapping import DESCRIPTOR_KEY, LocalDataset, LocalFile, portal_metadata
from opendata.publish.portal_descriptor import portal_descriptor, stats

RESOURCE_FIELDS = (
    "name",
    "description",
    "format",
    "mimetype",
    "hash",
    "hash_algorithm",
    "opendata_key",
)
PENDING_DESCRIPTOR = "rewritten with the portal URLs of the new files"


@dataclass
class FileStep:
    file: LocalFile
    action: str  # create | update | unchanged
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

    @property
    def changed(self) -> list[DatasetPlan]:
        return [d for d in self.datasets if d.action != "unchanged"]

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


def make_plan(
    portal: Portal, datasets: list[LocalDataset], organization: str | None, whole: bool = True
) -> Plan:
    """The plan for `datasets`; `whole`: they are all the packages, so others are stale."""
    own_name, own_title = datasets[0].default_organization()
    org_name, org_title = organization or own_name, own_title if not organization else ""
    if org_name == own_name:
        org_title = own_title
    description = str((datasets[0].descriptor.get("publisher") or {}).get("description") or "")
    try:
        org = portal.call_action("organization_show", {"id": org_name, "include_datasets": False})
        org_id, exists = org["id"], True
    except PortalNotFound:
        org, org_id, exists = {}, "", False
    plan = Plan(portal.url, org_name, org_title or org_name, exists, description, org_id)
    current = org.get("description") or ""
    # Another organization's description is its own; an empty one gets the publisher's.
    plan.organization_update = bool(
        exists and description and current != description and (not current or org_name == own_name)
    )
    for local in datasets:
        plan.datasets.append(
            _dataset_plan(portal, local, org_name, {org_id: org_name} if org_id else {})
        )
    if exists and whole:
        found = portal.call_action(
            "package_search", {"fq": f"owner_org:{org_id}", "rows": 1000, "include_private": True}
        )
        local_names = {d.name for d in datasets}
        plan.stale_datasets = sorted(
            p["name"] for p in found["results"] if p["name"] not in local_names
        )
    return plan


def _dataset_plan(
    portal: Portal, local: LocalDataset, org_name: str, orgs: dict[str, str]
) -> DatasetPlan:
    wanted = local.metadata(org_name, portal.url)
    try:
        existing = portal.call_action("package_show", {"id": local.name})
    except PortalNotFound:
        existing = None
    if existing is None:
        steps = [
            FileStep(
                f,
                "create",
                None,
                PENDING_DESCRIPTOR if f.key == DESCRIPTOR_KEY else "",
                load_datastore=f.schema is not None,
            )
            for f in local.files
        ]
        return DatasetPlan(local, wanted, None, [], steps, [])
    current = portal_metadata(existing, orgs)
    changes = [key for key in wanted if wanted[key] != current.get(key)]
    by_key = {
        r.get("opendata_key"): r for r in existing.get("resources", []) if r.get("opendata_key")
    }
    urls = {key: str(r.get("url") or "") for key, r in by_key.items()}
    steps = []
    for file in local.files:
        resource = by_key.pop(file.key, None)
        if file.key == DESCRIPTOR_KEY:
            published = with_portal_urls(local, file, urls, portal.url)
            if published is None:
                action = "create" if resource is None else "update"
                steps.append(FileStep(file, action, resource, PENDING_DESCRIPTOR))
                continue
            file = published
        if resource is None:
            steps.append(FileStep(file, "create", None, load_datastore=file.schema is not None))
            continue
        fields = file.resource_fields()
        differing = [k for k in RESOURCE_FIELDS if str(resource.get(k) or "") != fields[k]]
        if expected_sha256(resource.get("hash")) != file.digest:
            detail = f"file changed: {str(resource.get('hash'))[:19]} -> {file.hash[:19]}"
            steps.append(
                FileStep(file, "update", resource, detail, load_datastore=file.schema is not None)
            )
        elif differing:
            steps.append(FileStep(file, "update", resource, f"metadata: {', '.join(differing)}"))
        else:
            reload = file.schema is not None and resource.get("datastore_hash") != file.hash
            steps.append(FileStep(file, "unchanged", resource, load_datastore=reload))
    stale = [
        r
        for r in existing.get("resources", [])
        if r.get("opendata_key") not in {f.key for f in local.files}
    ]
    return DatasetPlan(local, wanted, existing, changes, steps, stale)


def with_portal_urls(
    local: LocalDataset, file: LocalFile, urls: dict[str, str], portal_url: str
) -> LocalFile | None:
    """The descriptor file as the portal gets it; None until every resource has a URL."""
    content = portal_descriptor(local.descriptor, urls, portal_url)
    if content is None:
        return None
    size, digest = stats(content)
    return dataclasses.replace(file, content=content, size=size, hash=digest)
