"""How long `opendata sitio` takes: the site of the bundled report's 10 packages.

    .venv/bin/python benchmarks/site.py [--repeat 5]

Runs the pipelines once into a temporary output folder, then builds its site --repeat times,
each in a fresh process (a cold start, as the command has: vl-convert's engine loads each
time); prints each build's wall time, the size of the largest page, and one
`BENCH site_s=… datasets=… pages=… charts=… largest_page_kb=…` line with the median. The target
is under 3 s for 10 datasets, each page under 300 KB. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from opendata.site import build_site
result = build_site(Path(sys.argv[1]))
seconds = time.perf_counter() - start
sizes = [p.stat().st_size for p in result.pages]
print(json.dumps({"s": seconds, "pages": len(result.pages), "charts": result.charts,
                  "largest": max(sizes), "notes": result.notes}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from opendata.project import find_project
    from opendata.runner import run

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        datasets = run(find_project(ROOT), out=out).datasets
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run(
                [sys.executable, "-c", BUILD, str(out)], capture_output=True, text=True, check=True
            )
            runs.append(json.loads(done.stdout))
            print(f"  build: {runs[-1]['s']:.2f} s", flush=True)
    last = runs[-1]
    median = statistics.median(r["s"] for r in runs)
    print(
        f"BENCH site_s={median:.2f} datasets={len(datasets)} pages={last['pages']} "
        f"charts={last['charts']} largest_page_kb={last['largest'] / 1024:.0f}"
    )
    for note in last["notes"]:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
