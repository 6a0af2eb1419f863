"""The DataStore load of a large table's publication: bytes read, peak RSS, time.

    make portal && make bench-publish [ROWS=1000000]

Generates a table of --rows rows (tablegen.py's eight mixed columns), runs `opendata run` on
it in a child process, then, in another child, loads the package's table into the local
portal's DataStore exactly as `opendata publish` does (`opendata.publish.datastore`), into
a dataset of its own (`opendata-bench-datastore`, purged at the end), and times reading and
encoding the rows again without the portal. The child reports
what it read during the load (Linux's /proc/self/io `rchar`: every byte read from files and
sockets, so the portal's answers too, which are counted apart) and its peak RSS. Prints
the figures and one line:

  BENCH-PUBLISH rows=N read_mb=R parquet_mb=P csv_mb=C answers_mb=A peak_rss_mb=M seconds=S

The load reads its data once, from the typed Parquet: R is about P + A, and nothing near
C (the CSV is not parsed again). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

NAME = "opendata-bench-datastore"
ORG = "opendata-pruebas"


def read_so_far() -> int:
    """Bytes this process has read so far, from files and sockets alike."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise RuntimeError("no rchar in /proc/self/io")


def measure(folder: Path) -> None:
    """In the child: load the package's table into the DataStore; print the figures as JSON."""
    # Imported before the count starts (publish has them imported by then).
    import pyarrow.compute
    import pyarrow.parquet  # noqa: F401
    from conftest import portal_settings

    from opendata.portal import Portal, PortalNotFound
    from opendata.publish.datastore import load_table, records
    from opendata.publish.mapping import LocalDataset

    settings = portal_settings()
    token = Path(settings["CKAN_API_TOKEN_FILE"]).read_text().strip()
    portal = Portal(settings["CKAN_URL"], token, timeout=600)
    local = LocalDataset.read(folder)  # hashes every file: before the count, as in publish
    table = next(f for f in local.files if f.schema is not None and f.typed is not None)
    assert table.typed is not None and table.schema is not None
    with contextlib.suppress(PortalNotFound):
        portal.call_action("dataset_purge", {"id": NAME})
    package = portal.call_action("package_create", {"name": NAME, "owner_org": ORG})
    target = portal.call_action(
        "resource_create",
        {"package_id": package["id"], "name": table.key, "format": "CSV", "url": ""},
    )
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    received, before = portal.received, read_so_far()
    started = time.perf_counter()
    rows = load_table(portal, target["id"], table.typed, table.schema)
    seconds = time.perf_counter() - started
    read = read_so_far() - before
    answers = portal.received - received
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    for batch in records(table.typed, table.schema):  # the rows alone, without the portal
        json.dumps(batch)
    reading = time.perf_counter() - started
    found = portal.call_action("datastore_search", {"resource_id": target["id"], "limit": 0})
    portal.call_action("dataset_purge", {"id": NAME})
    assert found["total"] == rows, (found["total"], rows)
    figures = {
        "rows": rows,
        "read": read,
        "answers": answers,
        "parquet": table.typed.stat().st_size,
        "csv": table.path.stat().st_size,
        "rss_before": before_rss,
        "rss_peak": peak,
        "seconds": seconds,
        "reading": reading,
        "calls": sum(portal.calls.values()),
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    import tablegen

    python = sys.executable
    opendata = str(Path(python).with_name("opendata"))
    with tempfile.TemporaryDirectory(prefix="opendata-bench-") as tmp:
        root = Path(tmp) / "proyecto"
        table = tablegen.write_project(root, "padron", "Padrón de prueba", tablegen.SCHEMA)
        tablegen.generate(table, None, args.rows)
        out = Path(tmp) / "salida"
        made = subprocess.run(
            [opendata, "--project", str(root), "-q", "run", "--out", str(out)],
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise SystemExit(f"opendata run failed:\n{made.stdout}{made.stderr}")
        child = subprocess.Popen(
            [python, __file__, "--measure", str(out / "padron")], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(
                f"the DataStore load failed (exit {os.waitstatus_to_exitcode(status)})"
            )
    figures = json.loads(output.strip().splitlines()[-1])
    mb = 1e6
    print(
        f"DataStore load of {figures['rows']:,} rows: {figures['seconds']:.1f} s, "
        f"{figures['calls']:,} Action API calls; the rows alone read and encoded in "
        f"{figures['reading']:.1f} s"
    )
    print(
        f"  read {figures['read'] / mb:.1f} MB during the load; the Parquet file is "
        f"{figures['parquet'] / mb:.1f} MB, the portal's answers {figures['answers'] / mb:.2f} MB, "
        f"the CSV {figures['csv'] / mb:.1f} MB"
    )
    print(
        f"  peak RSS {usage.ru_maxrss / 1024:.0f} MiB "
        f"({figures['rss_before']:.0f} MiB before the load)"
    )
    print(
        f"BENCH-PUBLISH rows={figures['rows']} read_mb={figures['read'] / mb:.1f} "
        f"parquet_mb={figures['parquet'] / mb:.1f} csv_mb={figures['csv'] / mb:.1f} "
        f"answers_mb={figures['answers'] / mb:.2f} peak_rss_mb={usage.ru_maxrss / 1024:.0f} "
        f"seconds={figures['seconds']:.1f}"
    )


if __name__ == "__main__":
    main()
