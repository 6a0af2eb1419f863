"""Upload and download throughput and peak memory for one large resource on the local portal.

    make portal && .venv/bin/python benchmarks/download.py [--mb 100]

Uploads a generated CSV of --mb megabytes to the local portal (dataset
`opendata-bench-descarga`) through opendata's Portal, as `opendata publish` does, and prints
its wall time, MB/s and this process's peak RSS before and after; then runs `opendata
download` in a child process and prints the same. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import portal_settings

from opendata.portal import Portal, PortalNotFound

NAME = "opendata-bench-descarga"


def make_csv(path: Path, megabytes: int) -> str:
    digest = hashlib.sha256()
    row = "{},Ciudad de México,2024-10-17,{:.2f},exacto,texto de relleno para el banco de pruebas\n"
    with path.open("w", encoding="utf-8", newline="") as handle:
        header = "id,entidad,fecha,valor,calificador,nota\n"
        handle.write(header)
        digest.update(header.encode())
        number = 0
        while handle.tell() < megabytes * 1_000_000:
            line = row.format(number, number / 7)
            handle.write(line)
            digest.update(line.encode())
            number += 1
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    settings = (
        portal_settings.__wrapped__()
        if hasattr(portal_settings, "__wrapped__")
        else portal_settings()
    )
    token = Path(settings["CKAN_API_TOKEN_FILE"]).read_text().strip()
    portal = Portal(settings["CKAN_URL"], token, timeout=600)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "grande.csv"
        digest = make_csv(source, args.mb)
        with contextlib.suppress(PortalNotFound):
            portal.call_action("dataset_purge", {"id": NAME})
        orgs = portal.call_action("organization_list", {})
        package = portal.call_action("package_create", {"name": NAME, "owner_org": orgs[0]})
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        with source.open("rb") as handle:
            portal.call_action(
                "resource_create",
                {
                    "package_id": package["id"],
                    "name": "grande.csv",
                    "format": "CSV",
                    "hash": f"sha256:{digest}",
                },
                files={"upload": handle},
            )
        uploaded = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        dest = Path(tmp) / "dest"
        command = [
            str(Path(sys.executable).with_name("opendata")),
            "-q",
            "download",
            NAME,
            "--portal",
            settings["CKAN_URL"],
            "--dest",
            str(dest),
        ]
        # GNU time measures the child alone (a forked child of this process would count
        # this process's memory).
        measured = subprocess.run(
            ["/usr/bin/time", "-f", "%M %e", *command], check=True, capture_output=True, text=True
        )
        peak_kb, wall_text = measured.stderr.strip().splitlines()[-1].split()
        wall, peak_mb = float(wall_text), int(peak_kb) / 1024
        size = source.stat().st_size
        got = dest / NAME / "grande.csv"
        assert hashlib.sha256(got.read_bytes()).hexdigest() == digest
        portal.call_action("dataset_purge", {"id": NAME})
    print(
        f"upload: {size / 1e6:.0f} MB in {uploaded:.2f} s = {size / 1e6 / uploaded:.0f} MB/s, "
        f"peak RSS {after:.0f} MiB ({before:.0f} MiB before the upload)"
    )
    rate = size / 1e6 / wall
    print(f"download: {size / 1e6:.0f} MB in {wall:.2f} s = {rate:.0f} MB/s", end=", ")
    print(f"peak RSS {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
