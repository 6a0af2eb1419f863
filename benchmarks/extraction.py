"""How long extraction takes: the bundled report and each edition written for the tests.

    .venv/bin/python benchmarks/extraction.py [--repeat 5]

Reads each report (furniture removal, sections, corrections) and runs every report pipeline
over it, as `opendata run` does before packaging; prints the median wall time of --repeat
runs per edition and ends with one `BENCH extraction_s=… editions=…` line. The target is the
bundled report under one second. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from editions import EDITIONS  # noqa: E402

from opendata.extract import load_report  # noqa: E402
from opendata.extract.places import load_places  # noqa: E402
from opendata.extract.series import extract_dataset  # noqa: E402
from opendata.project import find_project  # noqa: E402


def extract_once(source: Path) -> tuple[float, int, int]:
    project = find_project(ROOT)
    start = time.perf_counter()
    report = load_report(source, project.corrections)
    places = load_places(project.places)
    figures = problems = 0
    for pipeline in project.pipelines():
        if pipeline.extract is None:
            continue
        extraction = extract_dataset(pipeline, report, places)
        figures += len(extraction.tables.get("indicadores", []))
        problems += len(extraction.problems)
    return time.perf_counter() - start, figures, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    project = find_project(ROOT)
    bundled = project.bundled_report
    text = bundled.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        sources = [("bundled", bundled)]
        for edition in EDITIONS:
            if edition.pdf:
                continue
            path = Path(folder) / f"{edition.name}.txt"
            path.write_text(edition.build(text), encoding="utf-8")
            sources.append((edition.name, path))
        print(f"{'edition':<20} {'median s':>9} {'figures':>8} {'problems':>9}")
        bundled_time = 0.0
        for name, path in sources:
            runs = [extract_once(path) for _ in range(args.repeat)]
            median = statistics.median(r[0] for r in runs)
            bundled_time = median if name == "bundled" else bundled_time
            print(f"{name:<20} {median:>9.3f} {runs[0][1]:>8} {runs[0][2]:>9}")
    print(f"BENCH extraction_s={bundled_time:.3f} editions={len(sources) - 1}")


if __name__ == "__main__":
    main()
