"""Export a large-table dataset: CSV files in; validated, CSV and Parquet out, as they stream.

A pipeline that declares SOURCES instead of extract() names, for each resource of its
descriptor, the CSV file(s) holding it. Each resource is read once: validated against its
Table Schema with frictionless's semantics (opendata.validate.stream) while its CSV and
Parquet are written (opendata.export.stream_writers). A resource with any error writes
nothing; the package exists only when every resource is valid. Memory stays flat however
large the files. This module imports pyarrow: a run imports it only for large tables.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, overload

from opendata.errors import InputError
from opendata.export.package_writer import LARGE_TABLES, resource_entries, write_descriptor
from opendata.export.stream_writers import TableWriter, copy_if_written, starts_as_written
from opendata.export.writers import Row, file_stats
from opendata.package.descriptor import Descriptor
from opendata.validate.stream import TableCheck, check_table

# The whole CSV dialect, so that no reader has to guess any of it (frictionless sniffs what a
# dialect leaves out, from the first rows).
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "skipInitialSpace": False,
    "header": True,
}


def write_table_package(
    folder: Path,
    descriptor: Descriptor,
    sources: dict[str, tuple[Path, ...]],
    root: Path,
    progress: Callable[[str], None] = lambda message: None,
) -> tuple[Path | None, dict[str, TableCheck]]:
    """Validate and write every resource of `descriptor` from its CSV `sources`.

    Returns datapackage.json's path (None when a resource is invalid: then nothing is left in
    `folder`) and the check of each resource.
    """
    dataset = descriptor["name"]
    declared = [r["name"] for r in descriptor["resources"]]
    if sorted(declared) != sorted(sources):
        raise InputError(
            f"{dataset}: the pipeline's SOURCES name {sorted(sources)} "
            f"but the descriptor declares {sorted(declared)}"
        )
    every = list(dict.fromkeys(path for paths in sources.values() for path in paths))
    for path in every:
        if not path.is_file():
            problem = "not a regular file" if path.exists() else "no such file"
            raise InputError(f"{_shown(path, root)}: {problem} (SOURCES of {dataset})")
    folder.mkdir(parents=True, exist_ok=False)
    # The sources' sha256 (provenance), computed on the side while the tables are checked.
    with ThreadPoolExecutor(1, thread_name_prefix="sources") as scanner:
        checks, written, hashes = _write_tables(
            folder, descriptor, sources, root, progress, scanner
        )
    if len(written) < len(checks):
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        return None, checks
    digests = {path: str(hashes[path].result()[1]) for path in every}  # type: ignore[index]
    output = {k: copy.deepcopy(v) for k, v in descriptor.items() if k != "resources"}
    output["sources"] = list(output.get("sources", [])) + [
        {
            "title": _shown(path, root),
            "path": _shown(path, root),
            "sha256": digests[path].removeprefix("sha256:"),
        }
        for path in every
    ]
    output["validacion"] = {LARGE_TABLES: True}
    output["resources"] = [
        entry
        for resource in descriptor["resources"]
        for entry in resource_entries(resource, written[resource["name"]], DIALECT)
    ]
    target = folder / "datapackage.json"
    write_descriptor(target, output)
    return target, checks


def _write_tables(
    folder: Path,
    descriptor: Descriptor,
    sources: dict[str, tuple[Path, ...]],
    root: Path,
    progress: Callable[[str], None],
    scanner: ThreadPoolExecutor,
) -> tuple[
    dict[str, TableCheck],
    dict[str, list[tuple[Path, tuple[int, str]]]],
    dict[Path, Future[tuple[int, str] | None]],
]:
    """Check every resource, writing its files while all are valid: (checks, files written,
    the (bytes, hash) of each source, as they come)."""
    dataset = descriptor["name"]
    checks: dict[str, TableCheck] = {}
    written: dict[str, list[tuple[Path, tuple[int, str]]]] = {}
    hashes: dict[Path, Future[tuple[int, str] | None]] = {}
    for resource in descriptor["resources"]:
        name, schema, where = resource["name"], resource["schema"], f"{dataset}/{resource['name']}"
        files = [(path, _shown(path, root)) for path in sources[name]]
        progress(f"checking {where} ({', '.join(shown for _, shown in files)})")
        paths = (folder / f"{name}.csv", folder / f"{name}.parquet")
        # A table from one file already written as opendata writes a CSV (as its first
        # megabytes suggest, and a scan beside the check confirms) is copied, not rewritten.
        alone = sources[name][0] if len(sources[name]) == 1 else None
        copy = alone if alone and alone not in hashes and starts_as_written(alone) else None
        # Once a resource is invalid, the others are still checked but no longer written.
        writing = len(written) == len(checks)
        for path in sources[name]:
            if path == copy and writing:
                hashes[path] = scanner.submit(copy_if_written, path, paths[0])
            elif path not in hashes:
                hashes[path] = scanner.submit(file_stats, path)
        copy = copy if writing else None
        writer = TableWriter(paths[1], schema, None if copy else paths[0]) if writing else None
        check = _checked(files, schema, writer, progress, where)
        if copy and writer and check.valid and hashes[copy].result() is None:
            writer.discard()  # a byte further down said otherwise: write the CSV after all
            hashes[copy] = scanner.submit(file_stats, copy)
            writer = TableWriter(paths[1], schema, paths[0])
            check = _checked(files, schema, writer, progress, where)
        checks[name] = check
        if writer and check.valid:
            parquet, csv = writer.close()
            csv = csv or hashes[sources[name][0]].result()
            assert csv is not None
            written[name] = [(paths[0], csv), (paths[1], parquet)]
        elif writer:
            writer.discard()
    return checks, written, hashes


def _checked(
    files: list[tuple[Path, str]],
    schema: dict[str, Any],
    writer: TableWriter | None,
    progress: Callable[[str], None],
    where: str,
) -> TableCheck:
    try:
        return check_table(files, schema, writer, progress, where)
    except BaseException:
        if writer:
            writer.discard()
        raise


def _shown(path: Path, root: Path) -> str:
    """A source file as findings and datapackage.json name it: relative to the project."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


class StoredRows(Sequence[Row]):
    """A large table's rows, read from its Parquet file when asked for, never all at once."""

    def __init__(self, path: Path, rows: int) -> None:
        self.path = path
        self.rows = rows

    def __len__(self) -> int:
        return self.rows

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.rows))]
        position = index + self.rows if index < 0 else index
        if not 0 <= position < self.rows:
            raise IndexError(index)
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(self.path)
        for group in range(parquet.num_row_groups):
            rows = parquet.metadata.row_group(group).num_rows
            if position < rows:
                return dict(parquet.read_row_group(group).slice(position, 1).to_pylist()[0])
            position -= rows
        raise IndexError(index)

    def __iter__(self) -> Iterator[Row]:
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(self.path).iter_batches():
            yield from batch.to_pylist()
