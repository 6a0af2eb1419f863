"""Carry out a plan on the portal. Files first, the dataset's version last.

A new dataset is created without its version, its files are uploaded, and only then is its
full metadata written; an update replaces files in place (same resource id and URL) before
the metadata says the new version is there, except an edition's own files, which are never
replaced: a correction is a new resource beside them (publish.revisions). A DataStore table
is marked loaded (`datastore_hash`) only after its last batch arrived.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opendata.files import expected_sha256
from opendata.portal import Portal, PortalConflict, PortalValidationError
from opendata.publish.datastore import load_table
from opendata.publish.mapping import DESCRIPTOR_KEY, LocalFile, to_ckan
from opendata.publish.plan import with_portal_urls
from opendata.publish.steps import DatasetPlan, FileStep, Plan, PublishRefused

Progress = Callable[[str], None]


def apply_plan(portal: Portal, plan: Plan, prune: bool, private: bool, progress: Progress) -> None:
    """Carry out `plan`; one that drops or corrects published editions without permission
    is refused before anything is written."""
    refused = plan.refused()
    if refused:
        raise PublishRefused(refused, plan)
    if not plan.organization_exists:
        progress(f"creating organization {plan.organization}")
        portal.call_action(
            "organization_create",
            {
                "name": plan.organization,
                "title": plan.organization_title,
                "description": plan.organization_description,
            },
        )
    elif plan.organization_update:
        progress(f"updating the description of organization {plan.organization}")
        portal.call_action(
            "organization_patch",
            {"id": plan.organization_id, "description": plan.organization_description},
        )
    for dataset in plan.datasets:
        if dataset.action != "unchanged" or (prune and dataset.stale):
            _apply_dataset(portal, dataset, prune, private, progress)


def _apply_dataset(
    portal: Portal, plan: DatasetPlan, prune: bool, private: bool, progress: Progress
) -> None:
    name = plan.local.name
    if plan.existing is None:
        progress(f"{name}: creating dataset")
        provisional = to_ckan({**plan.metadata, "version": ""})
        provisional["extras"] = [e for e in provisional["extras"] if e["key"] != "version_paquete"]
        package = portal.call_action("package_create", {**provisional, "private": private})
        package_id = package["id"]
    else:
        package_id = plan.existing["id"]
        _claim(portal, plan.existing)
    urls: dict[str, str] = {}
    for step in plan.files:
        if step.file.key == DESCRIPTOR_KEY and step.file.content is None:
            step = _descriptor_step(portal, plan, step, urls)
        resource_id, urls[step.file.key] = _apply_file(portal, package_id, name, step, progress)
        if step.load_datastore:
            _load_datastore(portal, resource_id, name, step.file, progress)
    if prune:
        for resource in plan.stale:
            progress(f"{name}: deleting stale resource {resource.get('name') or resource['id']}")
            portal.call_action("resource_delete", {"id": resource["id"]})
    if plan.existing is None or plan.metadata_changes:
        progress(f"{name}: writing metadata")
        portal.call_action("package_patch", {"id": package_id, **to_ckan(plan.metadata)})


def _claim(portal: Portal, existing: dict[str, Any]) -> None:
    """Fail cleanly if another publisher changed the dataset since this run planned.

    The dataset's metadata_modified must still be the one the plan read; the no-op revision
    moves it on, so of two publishers on one dataset the second one's claim fails.
    """
    try:
        portal.call_action(
            "package_revise",
            {
                "match": {"id": existing["id"], "metadata_modified": existing["metadata_modified"]},
                "update": {"version": existing.get("version") or ""},
            },
        )
    except PortalValidationError as error:
        if "match" not in error.fields:
            raise
        raise PortalConflict(
            "package_revise",
            f"{existing['name']} was changed by someone else while this run was planning; "
            "nothing of it was written: run again",
            error.status,
        ) from None


def _descriptor_step(
    portal: Portal, plan: DatasetPlan, step: FileStep, urls: dict[str, str]
) -> FileStep:
    """The portal's datapackage.json, now that every file it names has its portal URL."""
    file = with_portal_urls(plan.descriptor, step.file, urls, portal.url)
    assert file is not None, "the descriptor comes after every file it names"
    existing = step.existing
    if existing is not None and expected_sha256(existing.get("hash")) == file.digest:
        fields = file.resource_fields()
        same = all(str(existing.get(k) or "") == fields[k] for k in fields if k != "size")
        return FileStep(file, "unchanged" if same else "update", existing)
    return FileStep(file, "create" if existing is None else "update", existing)


def _apply_file(
    portal: Portal, package_id: str, dataset: str, step: FileStep, progress: Progress
) -> tuple[str, str]:
    """Create, replace or patch one resource; its id and URL."""
    file = step.file
    fields = file.resource_fields()
    existing = step.existing
    if step.action == "unchanged":
        assert existing is not None
        return str(existing["id"]), str(existing.get("url") or "")
    if (
        step.action == "update"
        and existing
        and expected_sha256(existing.get("hash")) == file.digest
    ):
        progress(f"{dataset}: updating metadata of {file.key}")
        portal.call_action("resource_patch", {"id": existing["id"], **fields})
        return str(existing["id"]), str(existing.get("url") or "")
    progress(f"{dataset}: uploading {file.upload_name} ({file.size:,} bytes)")
    with _opened(file) as handle:
        if existing is None or step.action == "correct":
            created = portal.call_action(
                "resource_create", {"package_id": package_id, **fields}, files={"upload": handle}
            )
            return str(created["id"]), str(created.get("url") or "")
        patched = portal.call_action(
            "resource_patch", {"id": existing["id"], **fields}, files={"upload": handle}
        )
        return str(existing["id"]), str((patched or {}).get("url") or existing.get("url") or "")


@contextlib.contextmanager
def _opened(file: LocalFile) -> Any:
    """The file to upload, named as its URL's last part will be (`upload_name`): bytes made
    for the portal (its descriptor, the change log) and a revision's file go through a
    temporary folder under that name."""
    if file.content is None and file.upload_name == file.path.name:
        with file.path.open("rb") as handle:
            yield handle
        return
    with tempfile.TemporaryDirectory(prefix="opendata-") as folder:
        path = Path(folder) / file.upload_name
        if file.content is None:
            path.symlink_to(file.path.resolve())
        else:
            path.write_bytes(file.content)
        with path.open("rb") as handle:
            yield handle


def _load_datastore(
    portal: Portal, resource_id: str, dataset: str, file: LocalFile, progress: Progress
) -> None:
    assert file.schema is not None and file.typed is not None
    load_table(
        portal,
        resource_id,
        file.typed,
        file.schema,
        lambda rows: progress(f"{dataset}: DataStore {file.key}: {rows:,} rows"),
    )
    portal.call_action("resource_patch", {"id": resource_id, "datastore_hash": file.hash})
