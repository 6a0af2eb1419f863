"""Checks against the portal, made anonymously as any person would: downloads, visibility,
dates and the URLs of earlier versions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from opendata.compliance.report import Result, criterion
from opendata.files import expected_sha256
from opendata.metadata.coverage import overdue
from opendata.metadata.periods import IRREGULAR, periodicity_days
from opendata.metadata.record import PackageRecord
from opendata.portal import Body, DownloadError, Portal, PortalError
from opendata.redaction import without_userinfo

MAX_VERSIONS = 100  # activities read per dataset for the URLs of earlier versions


@dataclass
class Download:
    url: str
    status: int
    problem: str


def fetch_anonymously(portal: Portal, url: str, sha256: str | None, size: int | None) -> Download:
    """GET `url` with no credentials, as anyone would (through the portal's download path:
    its timeout and retries; redirects followed to any host, never from HTTPS down to HTTP);
    a problem unless 200 with the expected bytes."""

    def receive(body: Body) -> tuple[str, int, str]:
        digest, count = hashlib.sha256(), 0
        for chunk in body.chunks:
            digest.update(chunk)
            count += len(chunk)
        return digest.hexdigest(), count, urlsplit(body.url).path

    shown = without_userinfo(url)
    try:
        actual, count, final = portal.download(url, receive, allow_external=True)
    except DownloadError as error:
        if error.status:
            return Download(url, error.status, f"{shown}: HTTP {error.status}")
        return Download(url, 0, f"sin respuesta: {error}")
    if "/user/login" in final:
        return Download(url, 200, f"{shown}: lleva a la página de acceso ({final})")
    if sha256 and actual != sha256:
        return Download(url, 200, f"{shown}: su sha256 no es el que publica el portal")
    if size is not None and size >= 0 and count != size:
        return Download(url, 200, f"{shown}: {count} bytes, el portal dice {size}")
    return Download(url, 200, "")


def portal_results(portal: Portal, record: PackageRecord, today: dt.date) -> list[Result]:
    name = record.name
    try:
        package = portal.call_action("package_show", {"id": name})
    except PortalError as error:
        problem = f"el portal no muestra el conjunto sin credenciales ({error})"
        return [
            criterion("descarga-anonima").judge(name, [problem], ""),
            criterion("sin-registro").judge(name, [problem], ""),
        ]
    downloads = [
        fetch_anonymously(
            portal,
            str(r.get("url") or ""),
            expected_sha256(r.get("hash")),
            int(r["size"]) if str(r.get("size") or "").isdigit() else None,
        )
        for r in package.get("resources", [])
    ]
    problems = [d.problem for d in downloads if d.problem]
    if not downloads:
        problems.append("el conjunto no tiene recursos")
    evidence = f"{len(downloads)} recursos descargados sin credenciales, con su tamaño y sha256"
    results = [criterion("descarga-anonima").judge(name, problems, evidence)]
    login = [d.problem for d in downloads if d.status in (401, 403) or "acceso" in d.problem]
    if package.get("private"):
        login.append("el conjunto es privado")
    evidence = "package_show y cada descarga responden sin cuenta ni token"
    results.append(criterion("sin-registro").judge(name, login, evidence))
    results += _timeliness(name, package, record, today)
    results.append(_earlier_versions(portal, name))
    results.append(_portal_metadata(name, package))
    return results


def _timeliness(
    name: str, package: dict[str, Any], record: PackageRecord, today: dt.date
) -> list[Result]:
    extras = {e["key"]: e["value"] for e in package.get("extras", [])}
    periodicity = extras.get("periodicidad") or record.periodicity
    modified = str(package.get("metadata_modified") or "")[:10]
    days = periodicity_days(periodicity)
    if periodicity == IRREGULAR or days is None:
        return [
            criterion("actualizado-en-periodicidad").unknown(
                name, f"periodicidad {periodicity!r}: sin plazo que comparar"
            )
        ]
    age = (today - dt.date.fromisoformat(modified)).days if modified else None
    problems = []
    if age is None:
        problems.append("el portal no da la fecha de modificación")
    elif age > days:
        problems.append(f"modificado el {modified}, hace {age} días; periodicidad {periodicity}")
    evidence = f"modificado el {modified} (hace {age} días); periodicidad {periodicity}"
    results = [criterion("actualizado-en-periodicidad").judge(name, problems, evidence)]
    end = extras.get("temporal_end") or (record.temporal or {}).get("fin")
    if end:
        late = overdue(end, days, today)
        problems = (
            [f"la cobertura termina el {end}: ya debería haber una edición más"] if late else []
        )
        evidence = f"la cobertura termina el {end}; periodicidad {periodicity}"
        results.append(criterion("cobertura-vigente").judge(name, problems, evidence))
    return results


def _earlier_versions(portal: Portal, name: str) -> Result:
    try:
        activities = portal.call_action(
            "package_activity_list", {"id": name, "limit": MAX_VERSIONS}
        )
    except PortalError as error:
        evidence = f"el portal no da el historial del conjunto sin credenciales ({error})"
        return criterion("versiones-anteriores").unknown(name, evidence)
    urls = sorted(
        {
            str(resource["url"])
            for activity in activities
            for resource in ((activity.get("data") or {}).get("package") or {}).get("resources", [])
            if resource.get("url")
        }
    )
    problems = [d.problem for d in (fetch_anonymously(portal, u, None, None) for u in urls)]
    problems = [p for p in problems if p]
    evidence = f"{len(urls)} URL de {len(activities)} versiones registradas responden"
    return criterion("versiones-anteriores").judge(name, problems, evidence)


PORTAL_FIELDS: dict[str, Callable[[dict[str, Any], dict[str, str]], Any]] = {
    "landingPage (url)": lambda p, e: p.get("url"),
    "modified (metadata_modified)": lambda p, e: p.get("metadata_modified"),
    "accrualPeriodicity (frequency)": lambda p, e: e.get("frequency"),
    "contactPoint (contact_name)": lambda p, e: e.get("contact_name"),
    "mbox (contact_email)": lambda p, e: e.get("contact_email"),
    "temporal (temporal_start, temporal_end)": lambda p, e: (
        e.get("temporal_start") and e.get("temporal_end")
    ),
    "spatial (spatial_uri)": lambda p, e: e.get("spatial_uri"),
    "license (license_id)": lambda p, e: p.get("license_id"),
    "cita (cite_as)": lambda p, e: e.get("cite_as"),
}


def _portal_metadata(name: str, package: dict[str, Any]) -> Result:
    extras = {e["key"]: e["value"] for e in package.get("extras", [])}
    problems = [f"falta {key}" for key, get in PORTAL_FIELDS.items() if not get(package, extras)]
    for resource in package.get("resources", []):
        if not (resource.get("name") and resource.get("url") and resource.get("mimetype")):
            problems.append(
                f"{resource.get('name') or resource.get('id')}: falta título, URL o tipo"
            )
    return criterion("metadatos-en-el-portal").judge(
        name,
        problems,
        f"{len(PORTAL_FIELDS)} metadatos del conjunto y {len(package.get('resources', []))} "
        "recursos con título, URL de descarga y tipo de medio",
    )
