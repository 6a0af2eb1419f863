"""How long a small run takes: `opendata run --force` on the bundled report, and `--help`.

    .venv/bin/python benchmarks/report_run.py [--repeat 5]

Runs each command --repeat times, each time in a fresh process, taking turns (so that a
machine busier for a while slows both alike), after one run of each that is not counted
(bytecode, the file cache): `opendata -q run --force --out DIR` (every pipeline over the
bundled report, Great Expectations included, into a temporary folder) and `opendata --help`.
Prints the median, the fastest and the slowest wall time of each, then one line:

  BENCH run_s=R help_s=H repeat=N

run_s and help_s: the medians. Targets (issue 14): run_s at most 4 on two cores, help_s at
most 0.15. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(argv: list[str]) -> float:
    """The wall time of one command, from its start to its exit; it must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each command.")
    args = parser.parse_args()
    opendata = str(Path(sys.executable).with_name("opendata"))
    with tempfile.TemporaryDirectory(prefix="opendata-bench-") as folder:
        run = [opendata, "-q", "run", "--force", "--out", str(Path(folder) / "output")]
        commands = {"opendata run --force": run, "opendata --help": [opendata, "--help"]}
        times: dict[str, list[float]] = {label: [] for label in commands}
        for label, argv in commands.items():
            print(f"warming up: {label} ...", file=sys.stderr)
            timed(argv)
        for number in range(args.repeat):
            for label, argv in commands.items():
                print(f"{label} ({number + 1}/{args.repeat}) ...", file=sys.stderr)
                times[label].append(timed(argv))
    print(f"\n{'':24} {'median s':>9} {'fastest':>8} {'slowest':>8}")
    for label, found in times.items():
        print(f"{label:24} {statistics.median(found):>9.2f} {min(found):>8.2f} {max(found):>8.2f}")
    run_s, help_s = (statistics.median(found) for found in times.values())
    print(f"BENCH run_s={run_s:.2f} help_s={help_s:.3f} repeat={args.repeat}")


if __name__ == "__main__":
    main()
