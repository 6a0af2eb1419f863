"""Export a large-table dataset: its files written as its CSV sources are validated.

A pipeline that declares SOURCES instead of extract() names, for each resource of its
descriptor, the CSV file(s) holding it. Each resource is read once: validation
(opendata.validate, with frictionless's findings) streams over it and hands each typed batch
to the resource's `TableWriter`, which writes the CSV and the Parquet as they come. A
resource with any error keeps no file; the package's descriptor is written only when every
resource is valid. Memory stays flat however large the files. This module imports pyarrow: a
run imports it only for large tables.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from opendata.errors import InputError
from opendata.export.package_writer import resource_entries, write_descriptor
from opendata.export.stream_writers import (
    TableWriter,
    copy_if_written,
    rewrite_csv,
    starts_as_written,
)
from opendata.files import file_stats
from opendata.package.descriptor import LARGE_TABLES, Descriptor
from opendata.package.table import Row
from opendata.package.types import DIALECT
from opendata.validate import ResourceInput

Stats = tuple[int, str]


@dataclass
class LargeDataset:
    """The files of a large-table dataset being written into `folder` while validated."""

    folder: Path
    descriptor: Descriptor
    sources: dict[str, tuple[Path, ...]]
    root: Path
    writers: dict[str, TableWriter] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)  # resource -> the source copied
    hashes: dict[Path, Future[Stats | None]] = field(default_factory=dict)
    scanner: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="sources")
    )

    def resources(self) -> list[ResourceInput]:
        """What validation reads, each resource with the writer of its files as its sink."""
        inputs = []
        for resource in self.descriptor["resources"]:
            name, schema = resource["name"], resource["schema"]
            paths = (self.folder / f"{name}.csv", self.folder / f"{name}.parquet")
            # A table from one file already written as opendata writes a CSV (as its first
            # megabytes suggest, and a scan beside the check confirms) is copied, not rewritten.
            files = self.sources[name]
            alone = files[0] if len(files) == 1 else None
            if alone and alone not in self.hashes and starts_as_written(alone):
                self.copies[name] = alone
                self.hashes[alone] = self.scanner.submit(copy_if_written, alone, paths[0])
            for path in files:
                if path not in self.hashes:
                    self.hashes[path] = self.scanner.submit(file_stats, path)
            writer = TableWriter(paths[1], schema, None if name in self.copies else paths[0])
            self.writers[name] = writer
            shown = [(path, _shown(path, self.root)) for path in files]
            inputs.append(ResourceInput(name, schema, list(shown), writer, keep=False))
        return inputs

    def write(self, validacion: dict[str, Any]) -> Path:
        """Every resource was valid: the package's datapackage.json, with its findings."""
        written: dict[str, list[tuple[Path, Stats]]] = {}
        for resource in self.descriptor["resources"]:
            name = resource["name"]
            writer = self.writers[name]
            assert writer.stats is not None
            parquet, csv = writer.stats
            csv_path = self.folder / f"{name}.csv"
            if csv is None:
                csv = self.hashes[self.copies[name]].result()
                if csv is None:  # a byte further down said otherwise: write it after all
                    names = [f["name"] for f in resource["schema"]["fields"]]
                    csv = rewrite_csv(list(self.sources[name]), csv_path, names)
            written[name] = [(csv_path, csv), (self.folder / f"{name}.parquet", parquet)]
        every = list(dict.fromkeys(path for paths in self.sources.values() for path in paths))
        digests = {path: self._digest(path) for path in every}
        self.scanner.shutdown()
        output = {k: copy.deepcopy(v) for k, v in self.descriptor.items() if k != "resources"}
        output["sources"] = list(output.get("sources", [])) + [
            {
                "title": _shown(path, self.root),
                "path": _shown(path, self.root),
                "sha256": digests[path].removeprefix("sha256:"),
            }
            for path in every
        ]
        output["validacion"] = {LARGE_TABLES: True, **validacion}
        output["resources"] = [
            entry
            for resource in self.descriptor["resources"]
            for entry in resource_entries(resource, written[resource["name"]], DIALECT)
        ]
        target = self.folder / "datapackage.json"
        write_descriptor(target, output)
        return target

    def _digest(self, path: Path) -> str:
        found = self.hashes[path].result()
        return (found or file_stats(path))[1]

    def discard(self) -> None:
        """Some resource was invalid: no file of the dataset is kept."""
        for writer in self.writers.values():
            writer.discard()
        self.scanner.shutdown(cancel_futures=True)
        for path in list(self.folder.iterdir()) if self.folder.is_dir() else []:
            path.unlink()
        if self.folder.is_dir():
            self.folder.rmdir()


def prepare_large(
    folder: Path, descriptor: Descriptor, sources: dict[str, tuple[Path, ...]], root: Path
) -> LargeDataset:
    """Check the SOURCES of a large-table dataset and open its folder for its files."""
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
    return LargeDataset(folder, descriptor, sources, root)


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
