"""Plan a publication: what to create, update, correct, leave alone or report as stale.

"Unchanged" is decided from what the portal stores (resource `hash`, the DataStore's
`datastore_hash`, dataset metadata), never by downloading files back; only a correction of
a published edition reads that edition's file back, for the change log (publish.revisions).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from opendata.files import expected_sha256
from opendata.portal import Portal, PortalNotFound
from opendata.publish.mapping import (
    DESCRIPTOR_KEY,
    EDITION_KEY,
    REVISION_KEY,
    LocalDataset,
    LocalFile,
    portal_metadata,
)
from opendata.publish.portal_descriptor import portal_descriptor, stats
from opendata.publish.revisions import (
    CHANGES_KEY,
    CHANGES_RESOURCE,
    CORRECTIONS_EXTRA,
    Correction,
    bumped,
    change_log,
    changed_values,
    changes_entry,
    is_kept,
    latest_revisions,
    published_bytes,
    revision,
)
from opendata.publish.steps import DatasetPlan, FileStep, Plan

RESOURCE_FIELDS = (
    "name",
    "description",
    "format",
    "mimetype",
    "hash",
    "hash_algorithm",
    "opendata_key",
    EDITION_KEY,
    REVISION_KEY,
)
PENDING_DESCRIPTOR = "rewritten with the portal URLs of the new files"


def make_plan(
    portal: Portal,
    datasets: list[LocalDataset],
    organization: str | None,
    whole: bool = True,
    correction: Correction | None = None,
) -> Plan:
    """The plan for `datasets`; `whole`: they are all the packages, so others are stale;
    `correction`: published editions may be corrected, for this reason."""
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
        orgs = {org_id: org_name} if org_id else {}
        plan.datasets.append(_dataset_plan(portal, local, org_name, orgs, correction))
    if exists and whole:
        found = portal.call_action(
            "package_search", {"fq": f"owner_org:{org_id}", "rows": 1000, "include_private": True}
        )
        local_names = {d.name for d in datasets}
        former = {old: d.name for d in datasets for old in d.previous_names}
        others = sorted(p["name"] for p in found["results"] if p["name"] not in local_names)
        plan.renamed = {name: former[name] for name in others if name in former}
        plan.stale_datasets = [name for name in others if name not in former]
    return plan


def _dataset_plan(
    portal: Portal,
    local: LocalDataset,
    org_name: str,
    orgs: dict[str, str],
    correction: Correction | None,
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
        return DatasetPlan(local, wanted, None, [], steps, [], dict(local.descriptor))
    resources = existing.get("resources", [])
    by_key = latest_revisions(resources)
    urls = {key: str(r.get("url") or "") for key, r in by_key.items()}
    plan = DatasetPlan(local, wanted, existing, [], [], [], dict(local.descriptor))
    descriptor_file = None
    for file in local.files:
        if file.key == DESCRIPTOR_KEY:
            descriptor_file = file
            continue
        plan.files.append(_file_step(file, by_key.get(file.key)))
    local_keys = {f.key for f in local.files}
    plan.missing_editions = {
        key: str(r[EDITION_KEY])
        for key, r in by_key.items()
        if r.get(EDITION_KEY) and key not in local_keys
    }
    plan.stale = [
        r for r in resources if r.get("opendata_key") not in local_keys and not is_kept(r)
    ]
    corrections = _corrections(portal, plan, by_key.get(CHANGES_KEY), correction)
    count = _whole(_extras(existing).get(CORRECTIONS_EXTRA)) + corrections
    if count:
        wanted["version"] = bumped(str(wanted["version"]), count)
        wanted["extras"][CORRECTIONS_EXTRA] = str(count)
        plan.descriptor["version"] = wanted["version"]
    plan.metadata_changes = [
        key for key in wanted if wanted[key] != portal_metadata(existing, orgs).get(key)
    ]
    if descriptor_file is not None:
        resource = by_key.get(DESCRIPTOR_KEY)
        published = with_portal_urls(plan.descriptor, descriptor_file, urls, portal.url)
        if published is None or any(s.action in ("create", "correct") for s in plan.files):
            action = "create" if resource is None else "update"
            plan.files.append(FileStep(descriptor_file, action, resource, PENDING_DESCRIPTOR))
        else:
            plan.files.append(_file_step(published, resource))
    return plan


def _file_step(file: LocalFile, resource: dict[str, Any] | None) -> FileStep:
    """What to do with one file, given its resource on the portal (the latest revision)."""
    datastore = file.schema is not None
    if resource is None:
        return FileStep(file, "create", None, load_datastore=datastore)
    if file.edition:
        file = dataclasses.replace(file, revision=revision(resource))
    changed = expected_sha256(resource.get("hash")) != file.digest
    if changed and file.edition:
        corrected = dataclasses.replace(file, revision=file.revision + 1)
        detail = (
            f"informe {file.edition} published with other bytes: new revision "
            f"{corrected.revision} ({corrected.upload_name}), revision {file.revision} kept"
        )
        return FileStep(corrected, "correct", resource, detail)
    if changed:
        detail = f"file changed: {str(resource.get('hash'))[:19]} -> {file.hash[:19]}"
        return FileStep(file, "update", resource, detail, load_datastore=datastore)
    fields = file.resource_fields()
    differing = [k for k in RESOURCE_FIELDS if str(resource.get(k) or "") != fields.get(k, "")]
    if differing:
        return FileStep(file, "update", resource, f"metadata: {', '.join(differing)}")
    reload = datastore and resource.get("datastore_hash") != file.hash
    return FileStep(file, "unchanged", resource, load_datastore=reload)


def _corrections(
    portal: Portal,
    plan: DatasetPlan,
    log: dict[str, Any] | None,
    correction: Correction | None,
) -> int:
    """Read what the `correct` steps change, refuse them without a Correction, and add the
    change log's step: 1 when this publication corrects the dataset, else 0."""
    steps = [s for s in plan.files if s.action == "correct"]
    if log is not None:
        entry = changes_entry(_whole(log.get("size")), str(log.get("hash") or ""))
        plan.descriptor["resources"] = [*plan.descriptor["resources"], entry]
    if not steps:
        return 0
    when = correction or Correction("", "")
    changes = []
    for step in steps:
        if step.file.format != "CSV":
            continue
        what = f"{plan.local.name}: {step.file.key}"
        assert step.existing is not None
        published = published_bytes(portal, step.existing, what)
        found = changed_values(plan.local, step.file, published, when)
        step.detail += f"; {len(found)} values changed"
        changes += found
    if correction is None:
        plan.refusals.append(
            f"{plan.local.name}: {', '.join(s.file.key for s in steps)} would correct "
            "editions already published"
        )
        return 1
    earlier = None if log is None else published_bytes(portal, log, f"{plan.local.name}: cambios")
    content = change_log(earlier, changes)
    size, digest = stats(content)
    file = LocalFile(
        key=CHANGES_KEY,
        path=plan.local.folder / CHANGES_KEY,
        name="Registro de cambios (CSV)",
        description=changes_entry(0, "")["description"],
        format="CSV",
        mimetype="text/csv",
        size=size,
        hash=digest,
        schema=None,
        content=content,
    )
    plan.files.append(FileStep(file, "create" if log is None else "update", log, "corrections"))
    resources = [r for r in plan.descriptor["resources"] if r.get("name") != CHANGES_RESOURCE]
    plan.descriptor["resources"] = [*resources, changes_entry(size, digest.split(":")[-1])]
    return 1


def _whole(value: Any) -> int:
    """A count the portal stores as text ("2"); anything else counts as 0."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else 0


def _extras(package: dict[str, Any]) -> dict[str, Any]:
    return {e["key"]: e["value"] for e in package.get("extras", [])}


def with_portal_urls(
    descriptor: dict[str, Any], file: LocalFile, urls: dict[str, str], portal_url: str
) -> LocalFile | None:
    """The descriptor file as the portal gets it; None until every resource has a URL."""
    content = portal_descriptor(descriptor, urls, portal_url)
    if content is None:
        return None
    size, digest = stats(content)
    return dataclasses.replace(file, content=content, size=size, hash=digest)
