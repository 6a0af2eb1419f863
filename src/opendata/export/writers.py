"""Write a validated table's files, hashing them as they are written.

The CSV is the very text validation read (package.table.csv_text), byte for byte; the
Parquet is the typed table validation made of it (types from the Table Schema,
package.types). Both are deterministic: the same rows give the same bytes (fixed row order,
fixed writer settings, no timestamps).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from opendata.package.table import Table
from opendata.package.types import arrow_schema

PARQUET_COMPRESSION = "zstd"
PARQUET_COMPRESSION_LEVEL = 9
Stats = tuple[int, str]  # (bytes, "sha256:<hex>")


class HashedFile:
    """A binary file that counts and hashes what is written to it."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: Any) -> int:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def close(self) -> Stats:
        if not self.closed:
            self.handle.close()
            self.closed = True
        return self.size, f"sha256:{self.digest.hexdigest()}"


def write_bytes(path: Path, data: bytes) -> Stats:
    path.write_bytes(data)
    return len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"


def write_parquet(path: Path, table: Table) -> Stats:
    """The typed table as Parquet (zstd), hashed as it is written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = HashedFile(path)
    try:
        with pa.PythonFile(target, mode="w") as sink:
            pq.write_table(
                table.to_arrow().cast(arrow_schema(table.schema)),
                sink,
                compression=PARQUET_COMPRESSION,
                compression_level=PARQUET_COMPRESSION_LEVEL,
                write_statistics=True,
                store_schema=False,
            )
    finally:
        stats = target.close()
    return stats
