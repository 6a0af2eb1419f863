"""Large tables: opendata's streaming validation and export against frictionless and pyarrow.

    python benchmarks/large_tables.py [--rows N] [--workdir DIR] [--skip-frictionless]

Generates a table of N rows (8 mixed columns, see tablegen.py) and a copy with 0.1% bad
cells, then runs, each in a fresh child process (wall time, and peak RSS from wait4):

  frictionless validate        the reference, error limit lifted (on the bad copy)
  opendata validate            the streaming validator alone (on the bad copy, the good table)
  opendata validate + Parquet  validation and the Parquet export, as `opendata run` makes them
  opendata run                 the whole command: CSV too, datapackage.json, integrity, reports
  pyarrow read_csv             a typed read of the good table and nothing else: the ceiling
  pyarrow read_csv + Parquet   that read, then the Parquet file opendata writes (same compression,
                               dictionaries, row groups, statistics) without a single check
  pyarrow streamed + Parquet   the same, batch by batch in flat memory (as a table of 10 million
                               rows must be): the floor of a validate + Parquet built on pyarrow

(opendata's and pyarrow's wall times: the median of --repeat runs, 3 by default, the last
five taking turns; frictionless runs once) and prints a table, then one line:

  BENCH rows=N speedup=S vs_pyarrow=P vs_floor=F peak_rss_mb=M identical_errors=true|false

speedup: opendata validate + Parquet's rows/s over frictionless validate's; vs_pyarrow: its
wall time over read_csv's; vs_floor: over the streamed read + Parquet's; peak_rss_mb: its peak RSS;
identical_errors: whether both validators found the same (row, field, error type) multiset on
the bad copy. The line before gives the same ratio for the whole `opendata run`. With
--skip-frictionless (for very large N) frictionless and opendata compare on the first
1,000,000 rows only.
The generated files are deleted at the end, unless --workdir keeps them (and reuses them).
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


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


def write_project(root: Path, table: Path, schema: dict[str, Any]) -> None:
    """A project of the one large table (linked, not copied, where the file system allows)."""
    import tablegen

    target = tablegen.write_project(root, "grande", "Registros (banco de pruebas)", schema)
    target.unlink(missing_ok=True)
    try:
        os.link(table, target)
    except OSError:
        shutil.copyfile(table, target)


def frictionless_resource(path: Path, schema: dict[str, Any]) -> Path:
    """The resource descriptor frictionless validates: the file, its schema, its whole dialect."""
    resource = {
        "name": path.stem,
        "path": path.name,
        "format": "csv",
        "encoding": "utf-8",
        "schema": schema,
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


def run_validate(schema: str, table: str, report: str) -> None:
    from opendata.validate.stream import check_table

    check = check_table([(Path(table), Path(table).name)], json.loads(Path(schema).read_text()))
    errors = [{"rowNumber": e.row, "fieldName": e.field, "type": e.type} for e in check.errors]
    Path(report).write_text(json.dumps(errors), encoding="utf-8")


def run_export(schema: str, table: str, parquet: str) -> None:
    """Validation and the Parquet export alone, as `opendata run` does them."""
    from opendata.export.stream_writers import TableWriter
    from opendata.validate.stream import check_table

    descriptor = json.loads(Path(schema).read_text())
    writer = TableWriter(Path(parquet), descriptor)
    if check_table([(Path(table), Path(table).name)], descriptor, writer).valid:
        writer.close()
    else:
        writer.discard()
        sys.exit(1)


def run_read_csv(table: str, schema: str) -> None:
    """pyarrow alone: nothing else is imported."""
    _typed_read(table, schema)


def _typed_read(table: str, schema: str) -> Any:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(table, convert_options=_typed_options(schema))


def _typed_options(schema: str) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    kinds = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    kinds.update(date=pa.date32(), year=pa.int64())
    fields = json.loads(Path(schema).read_text())["fields"]
    types = {f["name"]: kinds.get(f.get("type", "string"), pa.string()) for f in fields}
    return pacsv.ConvertOptions(column_types=types)


def run_floor(table: str, schema: str, parquet: str, options: str, how: str) -> None:
    """pyarrow alone reads the table typed and writes the Parquet file `options` describe:
    the whole table at once, or batch by batch in flat memory as opendata must."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    settings = json.loads(options)
    rows = settings.pop("row_group_rows")
    if how == "whole":
        pq.write_table(_typed_read(table, schema), parquet, rows, **settings)
        return
    reader = pacsv.open_csv(table, convert_options=_typed_options(schema))
    with pq.ParquetWriter(parquet, reader.schema, **settings) as writer:
        batches: list[Any] = []
        for batch in reader:
            batches.append(batch)
            if sum(b.num_rows for b in batches) >= rows:
                group = pa.Table.from_batches(batches)
                writer.write_table(group.slice(0, rows), rows)
                batches = group.slice(rows).to_batches()
        if batches:
            writer.write_table(pa.Table.from_batches(batches, reader.schema), rows)


def parquet_options() -> dict[str, Any]:
    """How opendata writes a large table's Parquet file (the floor writes the same)."""
    import tablegen

    from opendata.export.stream_writers import LARGE_COMPRESSION_LEVEL, ROW_GROUP_ROWS
    from opendata.export.writers import PARQUET_COMPRESSION
    from opendata.package.types import dictionary_columns

    return {
        "compression": PARQUET_COMPRESSION,
        "compression_level": LARGE_COMPRESSION_LEVEL,
        "row_group_rows": ROW_GROUP_ROWS,
        "use_dictionary": dictionary_columns(tablegen.SCHEMA),
        "write_statistics": True,
        "store_schema": False,
    }


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
        children: dict[str, Callable[..., None]] = {
            "validate": run_validate,
            "export": run_export,
            "read_csv": run_read_csv,
            "floor": run_floor,
        }
        children[args.child[0]](*args.child[1:])
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="opendata-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench(args, work)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


def bench(args: argparse.Namespace, work: Path) -> None:
    import compileall

    import tablegen

    import opendata as package

    # Bytecode for opendata, as pip writes it for frictionless and pyarrow: an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile it in every child.
    compileall.compile_dir(Path(package.__file__).parent, quiet=1)

    good, bad = work / f"good-{args.rows}.csv", work / f"bad-{args.rows}.csv"
    if not (good.is_file() and bad.is_file()):
        print(f"generating {args.rows:,} rows in {work} ...", file=sys.stderr)
        changed = tablegen.generate(good, bad, args.rows)
        print(f"  {changed:,} bad cells in {bad.name}", file=sys.stderr)
    project = work / "project"
    write_project(project, good, tablegen.SCHEMA)
    schema = work / "schema.json"
    schema.write_text(json.dumps(tablegen.SCHEMA, ensure_ascii=False), encoding="utf-8")

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

    def measure(*jobs: tuple[str, Path, int, list[str]], repeat: int = args.repeat) -> list[Any]:
        """Each job's median wall time over `repeat` runs (the jobs take turns, so that a
        machine busier for a while slows them alike) and its largest peak RSS."""
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label, *_ in jobs}
        for _ in range(repeat):
            for label, table, _, argv in jobs:
                print(f"running {label} on {table.name} ...", file=sys.stderr)
                runs[label].append(child(argv))
        measured = []
        for label, table, rows, _ in jobs:
            done = runs[label]
            measured.append(
                {
                    "label": label,
                    "table": table.name,
                    "rows": rows,
                    "wall": statistics.median(r["wall"] for r in done),
                    "rss_mb": max(r["rss_mb"] for r in done),
                    "exit": max(r["exit"] for r in done),
                }
            )
        results.extend(measured)
        return measured

    print(f"running frictionless validate on {compared.name} ...", file=sys.stderr)
    limit = "1000000000"
    with theirs_errors.open("w") as report:
        resource = str(frictionless_resource(compared, tablegen.SCHEMA))
        argv = [frictionless, "validate", "--json", "--limit-errors", limit, resource]
        theirs = {"label": "frictionless validate", "table": compared.name, "rows": compared_rows}
        theirs.update(child(argv, report))
        results.append(theirs)
    validate = [python, script, "--child", "validate", str(schema)]
    measure(
        ("opendata validate", compared, compared_rows, [*validate, str(compared), str(ours_errors)])
    )
    if compared != bad:
        errors = str(work / "all-errors.json")
        measure(("opendata validate", bad, args.rows, [*validate, str(bad), errors]))
    measure(("opendata validate", good, args.rows, [*validate, str(good), str(work / "none.json")]))
    export = [python, script, "--child", "export", str(schema), str(good), str(work / "t.parquet")]
    output = str(project / "output")
    run = [opendata, "--project", str(project), "-q", "run", "--force", "--out", output]
    read_csv = [python, script, "--child", "read_csv", str(good), str(schema)]
    floor = [python, script, "--child", "floor", str(good), str(schema), str(work / "f.parquet")]
    floor.append(json.dumps(parquet_options()))
    ours, whole, ceiling, _, least = measure(
        ("opendata validate + Parquet", good, args.rows, export),
        ("opendata run (+CSV, package)", good, args.rows, run),
        ("pyarrow read_csv (typed)", good, args.rows, read_csv),
        ("pyarrow read_csv + Parquet", good, args.rows, [*floor, "whole"]),
        ("pyarrow streamed + Parquet", good, args.rows, [*floor, "stream"]),
    )

    found = json.loads(theirs_errors.read_text(encoding="utf-8"))
    theirs_set = error_set([e for task in found["tasks"] for e in task["errors"]])
    ours_set = error_set(json.loads(ours_errors.read_text(encoding="utf-8")))
    identical = theirs_set == ours_set

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
    if ours["exit"] or whole["exit"]:
        print("opendata FAILED on the good table")
    speedup = (ours["rows"] / ours["wall"]) / (theirs["rows"] / theirs["wall"])
    print(
        f"opendata run, the whole command (CSV too, datapackage.json, integrity, reports): "
        f"{whole['wall'] / ceiling['wall']:.2f}x read_csv's wall time, "
        f"{whole['rss_mb']:.0f} MiB peak RSS"
    )
    print(
        f"BENCH rows={args.rows} speedup={speedup:.1f} "
        f"vs_pyarrow={ours['wall'] / ceiling['wall']:.2f} "
        f"vs_floor={ours['wall'] / least['wall']:.2f} peak_rss_mb={ours['rss_mb']:.0f} "
        f"identical_errors={'true' if identical else 'false'}"
    )


if __name__ == "__main__":
    main()
