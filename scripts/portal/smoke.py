#!/usr/bin/env python3
"""Smoke test of the local CKAN portal through ckanapi (pip install ckanapi).

    python smoke.py [ENV_FILE]            full run; leaves smoke-* data behind
    python smoke.py --persisted [ENV_FILE]  check data from an earlier run

ENV_FILE defaults to the one `portal.sh env` prints; it holds CKAN_URL and
CKAN_API_TOKEN_FILE.  The token is never printed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

import requests
from ckanapi import NotAuthorized, NotFound, RemoteCKAN

CHECKS = {"passed": 0, "failed": 0}


def check(ok: bool, what: str) -> None:
    CHECKS["passed" if ok else "failed"] += 1
    print(("ok    " if ok else "FAIL  ") + what, flush=True)


def default_env_file() -> str:
    home = os.environ.get("OPENDATA_PORTAL_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share"),
        "opendata",
        "portal",
    )
    return os.path.join(home, "env")


def read_env(path: str) -> tuple[str, str]:
    values = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.strip().partition("=")
            if sep:
                values[key] = value
    with open(values["CKAN_API_TOKEN_FILE"]) as f:
        token = f.read().strip()
    return values["CKAN_URL"].rstrip("/"), token


def write_tmp(tmpdir: str, name: str, text: str) -> str:
    path = os.path.join(tmpdir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def download(url: str, token: str | None = None) -> requests.Response:
    headers = {"Authorization": token} if token else {}
    return requests.get(url, headers=headers, timeout=30)


def full_run(url: str, token: str) -> None:
    with tempfile.TemporaryDirectory(prefix="portal-smoke-") as tmpdir:
        _full_run(url, token, tmpdir)


def _full_run(url: str, token: str, tmpdir: str) -> None:
    admin = RemoteCKAN(url, apikey=token)
    anon = RemoteCKAN(url)
    suffix = time.strftime("%Y%m%d%H%M%S") + "-%d" % (os.getpid() % 1000)
    org_name = "smoke-org-" + suffix
    ds_name = "smoke-ds-" + suffix
    private_name = "smoke-private-" + suffix

    status = anon.action.status_show()
    check(status.get("ckan_version") == "2.12.0", "status_show: CKAN 2.12.0")
    me = admin.action.user_show(id="opendata_admin")
    check(me.get("sysadmin") is True, "token belongs to sysadmin opendata_admin")

    licenses = {lic["id"] for lic in anon.action.license_list()}
    check({"cc-by-4.0", "libre-uso-mx"} <= licenses, "license_list has cc-by-4.0 and libre-uso-mx")

    org = admin.action.organization_create(name=org_name, title="Smoke organization")
    check(org["name"] == org_name, "organization_create")

    ds = admin.action.package_create(
        name=ds_name,
        title="Smoke dataset " + suffix,
        notes="Dataset made by scripts/portal/smoke.py",
        owner_org=org["id"],
        license_id="libre-uso-mx",
        private=False,
        tags=[{"name": "smoke"}],
        extras=[{"key": "source", "value": "smoke"}],
    )
    check(
        ds["license_id"] == "libre-uso-mx" and ds.get("license_title") == "Libre Uso MX",
        "package_create with license libre-uso-mx",
    )

    csv1 = write_tmp(tmpdir, "data.csv", "n,name,day\n1,uno,2024-01-01\n2,dos,2024-02-01\n")
    with open(csv1, "rb") as f:
        res = admin.action.resource_create(
            package_id=ds["id"], name="data.csv", format="CSV", upload=f
        )
    check(
        res.get("url_type") == "upload" and res["url"].endswith("/download/data.csv"),
        "resource_create with file upload",
    )
    got = download(res["url"])
    check(
        got.status_code == 200 and got.text.startswith("n,name,day"),
        "uploaded file downloads anonymously",
    )

    created = admin.action.datastore_create(
        resource_id=res["id"],
        force=True,
        fields=[
            {"id": "n", "type": "integer"},
            {"id": "name", "type": "text"},
            {"id": "day", "type": "date"},
        ],
        records=[
            {"n": 1, "name": "uno", "day": "2024-01-01"},
            {"n": 2, "name": "dos", "day": "2024-02-01"},
            {"n": 3, "name": "tres", "day": "2024-03-01"},
        ],
    )
    check(created["resource_id"] == res["id"], "datastore_create typed fields")

    found = anon.action.datastore_search(resource_id=res["id"], sort="n")
    types = {f["id"]: f["type"] for f in found["fields"]}
    check(
        found["total"] == 3
        and found["records"][2]["name"] == "tres"
        and types.get("n") == "int4"
        and types.get("day") == "date",
        "datastore_search anonymously (%d records, types %s)" % (found["total"], types),
    )
    filtered = anon.action.datastore_search(resource_id=res["id"], filters={"name": "dos"})
    check(filtered["total"] == 1, "datastore_search with filters")

    admin.action.package_create(
        name=private_name,
        title="Smoke private " + suffix,
        owner_org=org["id"],
        license_id="cc-by-4.0",
        private=True,
    )

    fq = "owner_org:%s" % org["id"]
    pub = anon.action.package_search(q="*:*", fq=fq, include_private=True)
    check(
        pub["count"] == 1 and pub["results"][0]["name"] == ds_name,
        "package_search anonymous sees only the public dataset",
    )
    allv = admin.action.package_search(fq=fq, include_private=True, sort="name asc")
    check(
        allv["count"] == 2 and [r["name"] for r in allv["results"]] == [ds_name, private_name],
        "package_search authorized sees private too",
    )
    nopriv = admin.action.package_search(fq=fq)
    check(nopriv["count"] == 1, "package_search without include_private")
    by_text = anon.action.package_search(q="Smoke dataset " + suffix)
    check(by_text["count"] == 1, "package_search free text q")
    by_org = admin.action.package_search(
        fq='organization:"%s" +license_id:libre-uso-mx' % org_name,
        facet="true",
        **{"facet.field": ["organization", "tags", "license_id", "res_format"]},
    )
    facets = by_org["facets"]
    check(
        by_org["count"] == 1
        and facets.get("tags", {}).get("smoke") == 1
        and facets.get("res_format", {}).get("CSV") == 1,
        "package_search fq organization/license_id + facets",
    )
    paged = admin.action.package_search(
        fq=fq, include_private=True, rows=1, start=1, sort="name asc"
    )
    check(
        paged["count"] == 2
        and len(paged["results"]) == 1
        and paged["results"][0]["name"] == private_name,
        "rows/start paging",
    )
    try:
        anon.action.package_show(id=private_name)
        check(False, "private dataset hidden from anonymous package_show")
    except NotAuthorized:
        check(True, "private dataset hidden from anonymous package_show")

    org_show = anon.action.organization_show(id=org_name)
    check(
        org_show.get("package_count") == 1,
        "organization_show package_count (public) = %s" % org_show.get("package_count"),
    )
    orgs = admin.action.organization_list(all_fields=True)
    mine = [o for o in orgs if o["name"] == org_name]
    check(bool(mine), "organization_list lists the organization")
    check(ds_name in anon.action.package_list(), "package_list")

    upd = admin.action.package_patch(id=ds["id"], notes="patched notes")
    check(upd["notes"] == "patched notes" and len(upd["resources"]) == 1, "package_patch")
    full = admin.action.package_show(id=ds["id"])
    full["version"] = "1.0"
    upd = admin.action.package_update(**full)
    check(upd["version"] == "1.0" and upd["resources"][0]["id"] == res["id"], "package_update")

    csv2 = write_tmp(tmpdir, "data-v2.csv", "n,name,day\n10,diez,2024-10-01\n")
    with open(csv2, "rb") as f:
        rev = admin.action.package_revise(
            match=json.dumps({"id": ds["id"]}),
            **{"update__resources__%s__upload" % res["id"][:6]: f},
        )
    rres = rev["package"]["resources"]
    check(
        len(rres) == 1 and rres[0]["id"] == res["id"], "package_revise upload keeps the resource id"
    )
    got = download(rres[0]["url"])
    check(got.status_code == 200 and "diez" in got.text, "package_revise replaced the file")

    rpatch = admin.action.resource_patch(id=res["id"], description="patched")
    check(rpatch["description"] == "patched", "resource_patch")

    page = requests.get("%s/dataset/%s" % (url, ds_name), timeout=30)
    check(page.status_code == 200 and ds_name in page.text, "GET /dataset/<name> returns 200")
    page = requests.get("%s/dataset/?q=smoke" % url, timeout=30)
    check(page.status_code == 200, "GET /dataset/?q=smoke returns 200")
    page = requests.get("%s/organization/%s" % (url, org_name), timeout=30)
    check(page.status_code == 200, "GET /organization/<name> returns 200")

    # Stock CKAN treats an unknown token as anonymous: reads still work,
    # anything needing a user is refused with 403.
    wrong = RemoteCKAN(url, apikey="not-a-valid-token")
    try:
        wrong.action.package_create(name="smoke-never-" + suffix, owner_org=org["id"])
        check(False, "wrong token is refused for package_create")
    except NotAuthorized:
        check(True, "wrong token is refused for package_create")
    bad = requests.get(
        url + "/api/3/action/api_token_list",
        params={"user_id": "opendata_admin"},
        headers={"Authorization": "not-a-valid-token"},
        timeout=30,
    )
    check(bad.status_code == 403, "wrong token gives HTTP 403")

    # A throwaway dataset exercises the delete actions; the others stay
    # for `smoke.py --persisted`.
    tmp = admin.action.package_create(name="smoke-tmp-" + suffix, owner_org=org["id"])
    csv3 = write_tmp(tmpdir, "tmp.csv", "a\n1\n")
    with open(csv3, "rb") as f:
        tres = admin.action.resource_create(package_id=tmp["id"], upload=f, name="tmp.csv")
    admin.action.datastore_create(resource_id=tres["id"], force=True, records=[{"a": 1}])
    admin.action.datastore_delete(resource_id=tres["id"], force=True)
    try:
        anon.action.datastore_search(resource_id=tres["id"])
        check(False, "datastore_delete")
    except NotFound:
        check(True, "datastore_delete")
    admin.action.resource_delete(id=tres["id"])
    check(admin.action.package_show(id=tmp["id"])["resources"] == [], "resource_delete")
    admin.action.package_delete(id=tmp["id"])
    gone = admin.action.package_search(fq="name:%s" % tmp["name"], include_private=True)
    check(gone["count"] == 0, "package_delete hides the dataset from search")


def persisted(url: str, token: str) -> None:
    admin = RemoteCKAN(url, apikey=token)
    anon = RemoteCKAN(url)
    found = admin.action.package_search(
        fq="name:smoke-ds-*", include_private=True, rows=1, sort="metadata_created desc"
    )
    check(found["count"] >= 1, "smoke datasets persisted (%d)" % found["count"])
    if not found["count"]:
        return
    ds = found["results"][0]
    res = ds["resources"][0]
    got = download(res["url"])
    check(
        got.status_code == 200 and "diez" in got.text, "uploaded file persisted (%s)" % ds["name"]
    )
    rows = anon.action.datastore_search(resource_id=res["id"])
    check(rows["total"] == 3, "datastore records persisted")
    private = admin.action.package_search(fq="name:smoke-private-*", include_private=True)
    check(private["count"] >= 1, "private datasets persisted")


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--persisted"]
    env_file = args[0] if args else default_env_file()
    url, token = read_env(env_file)
    print("portal: %s" % url)
    (persisted if "--persisted" in sys.argv else full_run)(url, token)
    print("%d passed, %d failed" % (CHECKS["passed"], CHECKS["failed"]))
    return 1 if CHECKS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
