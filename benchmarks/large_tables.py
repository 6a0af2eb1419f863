"""Large tables: opendata's streaming validation and export against frictionless and pyarrow.

    python benchmarks/large_tables.py [--rows N] [--workdir DIR] [--skip-frictionless]

Generates a table of N rows (8 mixed columns, see tablegen.py) and a copy with 0.1% bad
cells, then runs, each in a fresh child process (wall time, and peak RSS from wait4):

  frictionless validate        the reference, error limit lifted (on the bad copy)
  opendata validate            the streaming validator alone (on the bad copy)
  opendata run                 validation + CSV and Parquet export (on the good table)
  pyarrow read_csv             a typed read of the good table and nothing else: the ceiling

(opendata's and pyarrow's wall time: the median of --repeat runs, 3 by default; frictionless
runs once) and prints a table, then one line:

  BENCH rows=N speedup=S vs_pyarrow=P peak_rss_mb=M identical_errors=true|false

speedup: opendata run's rows/s over frictionless validate's; vs_pyarrow: opendata run's wall
time over read_csv's; peak_rss_mb: opendata run's; identical_errors: whether both validators
found the same (row, field, error type) multiset on the bad copy. With --skip-frictionless
(for very large N) the last two are compared against a copy of the first 1,000,000 rows.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tablegen  # noqa: E402

FRICTIONLESS_ROWS = 1_000_000  # the rows frictionless validates when told to skip the full table


def child(argv: list[str], stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Run a command in a fresh process: its wall time, peak RSS (MiB) and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": time.perf_counter() - start,
        "rss_mb": usage.ru_maxrss / 1024,
        "exit": process.returncode,
    }


def write_project(root: Path, table: Path) -> None:
    """A project of one large table: pipeline, descriptor, an empty rule list."""
    for folder in ("pipelines", "datapackages/grande", "validation", "datos"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "pipelines" / "grande.py").write_text(
        'DATASET = "grande"\nRESOURCES = ("registros",)\n'
        'SOURCES = {"registros": "datos/registros.csv"}\n',
        encoding="utf-8",
    )
    descriptor = {
        "name": "grande",
        "title": "Registros (banco de pruebas)",
        "description": "Una tabla grande generada para medir la validación por lotes.",
        "licenses": [{"name": "CC0-1.0"}],
        "resources": [{"name": "registros", "title": "Registros", "schema": tablegen.SCHEMA}],
    }
    (root / "datapackages" / "grande" / "datapackage.yaml").write_text(
        yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (root / "validation" / "reglas.yaml").write_text("[]\n", encoding="utf-8")
    target = root / "datos" / "registros.csv"
    target.unlink(missing_ok=True)
    try:
        os.link(table, target)
    except OSError:
        shutil.copyfile(table, target)


def frictionless_resource(path: Path) -> Path:
    """The resource descriptor frictionless validates: the file, its schema, its whole dialect."""
    resource = {
        "name": path.stem,
        "path": path.name,
        "format": "csv",
        "encoding": "utf-8",
        "schema": tablegen.SCHEMA,
        "dialect": {
            "header": True,
            "csv": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True},
        },
    }
    target = path.with_suffix(".resource.json")
    target.write_text(json.dumps(resource, ensure_ascii=False), encoding="utf-8")
    return target


def error_set(errors: list[dict[str, Any]]) -> collections.Counter[tuple[Any, ...]]:
    return collections.Counter(
        (e.get("rowNumber"), e.get("fieldName") or None, e["type"]) for e in errors
    )


def first_rows(source: Path, target: Path, rows: int) -> None:
    with source.open("rb") as reader, target.open("wb") as writer:
        for number, line in enumerate(reader):
            if number > rows:
                break
            writer.write(line)


# Children: each is this script again, measured from outside.


def run_validate(table: str, report: str) -> None:
    from opendata.validate.stream import check_table

    check = check_table([(Path(table), Path(table).name)], tablegen.SCHEMA)
    errors = [{"rowNumber": e.row, "fieldName": e.field, "type": e.type} for e in check.errors]
    Path(report).write_text(json.dumps(errors), encoding="utf-8")


def run_read_csv(table: str) -> None:
    import pyarrow.csv as pacsv

    from opendata.export.writers import arrow_schema

    types = {f.name: f.type for f in arrow_schema(tablegen.SCHEMA)}
    pacsv.read_csv(table, convert_options=pacsv.ConvertOptions(column_types=types))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="Keep the generated files here.")
    parser.add_argument(
        "--skip-frictionless",
        action="store_true",
        help=f"Run frictionless on the first {FRICTIONLESS_ROWS:,} rows only.",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="Runs of each opendata and pyarrow measure (median)."
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"validate": run_validate, "read_csv": run_read_csv}[args.child[0]](*args.child[1:])
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="opendata-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    good, bad = work / f"good-{args.rows}.csv", work / f"bad-{args.rows}.csv"
    if not (good.is_file() and bad.is_file()):
        print(f"generating {args.rows:,} rows in {work} ...", file=sys.stderr)
        changed = tablegen.generate(good, bad, args.rows)
        print(f"  {changed:,} bad cells in {bad.name}", file=sys.stderr)
    project = work / "project"
    write_project(project, good)

    compared = bad
    if args.skip_frictionless and args.rows > FRICTIONLESS_ROWS:
        compared = work / f"bad-first-{FRICTIONLESS_ROWS}.csv"
        first_rows(bad, compared, FRICTIONLESS_ROWS)
    compared_rows = min(args.rows, FRICTIONLESS_ROWS) if compared != bad else args.rows
    python = sys.executable
    script = str(Path(__file__).resolve())
    opendata = str(Path(python).with_name("opendata"))
    frictionless = str(Path(python).with_name("frictionless"))
    ours_errors = work / "opendata-errors.json"
    theirs_errors = work / "frictionless-report.json"

    results = []

    def measure(
        label: str,
        table: Path,
        rows: int,
        argv: list[str],
        stdout: Any = subprocess.DEVNULL,
        repeat: int = args.repeat,
    ) -> dict[str, Any]:
        """The median wall time of `repeat` runs, and their largest peak RSS."""
        print(f"running {label} on {table.name} ({repeat}x) ...", file=sys.stderr)
        runs = [child(argv, stdout) for _ in range(repeat)]
        result = {
            "label": label,
            "table": table.name,
            "rows": rows,
            "wall": statistics.median(r["wall"] for r in runs),
            "rss_mb": max(r["rss_mb"] for r in runs),
            "exit": max(r["exit"] for r in runs),
        }
        results.append(result)
        return result

    with theirs_errors.open("w") as report:
        resource = str(frictionless_resource(compared))
        limit = "1000000000"
        theirs = measure(
            "frictionless validate",
            compared,
            compared_rows,
            [frictionless, "validate", "--json", "--limit-errors", limit, resource],
            report,
            repeat=1,
        )
    measure(
        "opendata validate",
        compared,
        compared_rows,
        [python, script, "--child", "validate", str(compared), str(ours_errors)],
    )
    if compared != bad:
        measure(
            "opendata validate",
            bad,
            args.rows,
            [python, script, "--child", "validate", str(bad), str(work / "all-errors.json")],
        )
    measure(
        "opendata validate",
        good,
        args.rows,
        [python, script, "--child", "validate", str(good), str(work / "no-errors.json")],
    )
    ours = measure(
        "opendata run (validate+export)",
        good,
        args.rows,
        [opendata, "--project", str(project), "-q", "run", "--out", str(project / "output")],
    )
    ceiling = measure(
        "pyarrow read_csv (typed)",
        good,
        args.rows,
        [python, script, "--child", "read_csv", str(good)],
    )

    found = json.loads(theirs_errors.read_text(encoding="utf-8"))
    theirs_set = error_set([e for task in found["tasks"] for e in task["errors"]])
    ours_set = error_set(json.loads(ours_errors.read_text(encoding="utf-8")))
    identical = theirs_set == ours_set and ours["exit"] == 0

    print(f"\n{'':32} {'table':>22} {'rows/s':>12} {'wall s':>8} {'peak RSS MiB':>13} {'exit':>5}")
    for r in results:
        print(
            f"{r['label']:32} {r['table']:>22} {r['rows'] / r['wall']:>12,.0f} {r['wall']:>8.2f} "
            f"{r['rss_mb']:>13.0f} {r['exit']:>5}"
        )
    print(
        f"\nerrors: frictionless {sum(theirs_set.values()):,}, opendata {sum(ours_set.values()):,}"
        f" on {compared.name} ({'the same' if identical else 'DIFFERENT'})"
    )
    if not identical:
        print(f"  frictionless only: {list((theirs_set - ours_set).items())[:10]}")
        print(f"  opendata only: {list((ours_set - theirs_set).items())[:10]}")
    speedup = (ours["rows"] / ours["wall"]) / (theirs["rows"] / theirs["wall"])
    print(
        f"BENCH rows={args.rows} speedup={speedup:.1f} "
        f"vs_pyarrow={ours['wall'] / ceiling['wall']:.2f} peak_rss_mb={ours['rss_mb']:.0f} "
        f"identical_errors={'true' if identical else 'false'}"
    )


if __name__ == "__main__":
    main()
