"""Reading and writing the project's files safely: bounded, regular files only, named errors.

Every file opendata reads goes through here: it must be a regular file (not a FIFO, a device
or a folder, which could block or never end) no larger than a limit declared for its kind,
and any problem is one InputError naming the file. YAML is parsed without aliases (an alias
bomb expands a few kilobytes into gigabytes) and JSON and YAML nesting is bounded.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from opendata.errors import InputError

KIB = 1024
MIB = 1024 * KIB

# Limits by kind of file: far above any real one, far below what would exhaust memory.
MAX_YAML_BYTES = 1 * MIB  # hand-written YAML: descriptors, schemas, rules, corrections
MAX_JSON_BYTES = 64 * MIB  # suites, datapackage.json, the run manifest, validation reports
MAX_NESTING = 64  # levels of lists and mappings in a YAML or JSON file
# The longest CSV cell, and line, read (Python's csv module stops at 128 KiB by default).
MAX_CSV_CELL = 16 * MIB

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def resolved(path: Path) -> Path:
    """`path` made absolute, its symbolic links followed; a loop of links is an InputError
    (pathlib raises RuntimeError for it in Python 3.11, OSError later)."""
    try:
        return path.expanduser().resolve()
    except (RuntimeError, OSError) as exc:
        raise InputError(f"{path}: cannot follow its symbolic links ({exc})") from None


def size_text(size: int) -> str:
    if size >= MIB:
        return f"{size / MIB:,.0f} MiB"
    return f"{size / KIB:,.0f} KiB" if size >= KIB else f"{size} bytes"


def read_bytes_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (`what` names its role)."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file ({what})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise InputError(f"{path}: the {what} must be a regular file, this is {kind}")
        if info.st_size > limit:
            raise InputError(_too_large(path, info.st_size, limit, what))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    if len(data) > limit:  # it grew while being read
        raise InputError(_too_large(path, len(data), limit, what))
    return data


def _too_large(path: Path, size: int, limit: int, what: str) -> str:
    return (
        f"{path}: {size_text(size)} is too large for a {what} "
        f"(limit {size_text(limit)}); is this the right file?"
    )


def decode_utf8(path: Path, data: bytes) -> str:
    """`data` as text (a byte order mark aside); an error names the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_text_bounded(path: Path, limit: int, what: str) -> str:
    return decode_utf8(path, read_bytes_bounded(path, limit, what))


def load_yaml_safely(path: Path, what: str, limit: int = MAX_YAML_BYTES) -> Any:
    """A YAML file's value: no aliases, bounded nesting, plain data types only."""
    import yaml

    text = read_text_bounded(path, limit, what)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise InputError(
                    f"{path}:{line}: YAML aliases (*{event.anchor}) are not allowed in a {what}"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    raise InputError(f"{path}:{line}: nested more than {MAX_NESTING} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(f"{where}: invalid YAML ({problem})") from None
    except ValueError as exc:  # a value YAML's types refuse: a date 2024-13-45, a huge integer
        raise InputError(f"{path}: invalid value in YAML ({exc})") from None


def load_json(path: Path, what: str, limit: int = MAX_JSON_BYTES) -> Any:
    """A JSON file's value, its size and nesting bounded."""
    text = read_text_bounded(path, limit, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise InputError(f"{path}: invalid value in JSON ({exc})") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None


def load_json_object(path: Path, what: str, limit: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """A JSON file that must hold an object (a mapping)."""
    value = load_json(path, what, limit)
    if not isinstance(value, dict):
        raise InputError(f"{path}: the {what} must be a JSON object, not {_json_kind(value)}")
    return value


def _json_kind(value: Any) -> str:
    kinds = {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def open_for_append(path: Path, option: str) -> IO[str]:
    """`path` opened to append text (created if absent): a regular file, or one InputError."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"{option} {path}: cannot write to it ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(f"{option} {path}: not a regular file")
    return os.fdopen(fd, "a", encoding="utf-8")


class LineTooLong(InputError):
    """A CSV line or cell longer than MAX_CSV_CELL; `row` counts records, the header is 1."""

    def __init__(self, path: Path, row: int) -> None:
        self.row = row
        super().__init__(
            f"{path}: row {row}: a cell or line longer than {size_text(MAX_CSV_CELL)}, "
            "the most opendata reads"
        )


def csv_rows(handle: IO[str], path: Path) -> Iterator[list[str]]:
    """The records of an open CSV file (opened with newline=""), each line and cell bounded:
    a longer one raises LineTooLong instead of filling memory."""
    csv.field_size_limit(MAX_CSV_CELL)
    row = 0

    def lines() -> Iterator[str]:
        while line := handle.readline(MAX_CSV_CELL + 1):
            if len(line) > MAX_CSV_CELL:
                raise LineTooLong(path, row + 1)
            yield line

    reader = csv.reader(lines())
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a quoted cell over the field limit, across lines
            raise LineTooLong(path, row + 1) from None
        row += 1
        yield record


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: readers see the old file or the new, never half."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def inside(folder: Path, relative: object, what: str) -> Path:
    """`folder / relative`, refused unless `relative` is a plain path that stays inside it."""
    parts = PurePosixPath(str(relative)).parts if isinstance(relative, str) else ()
    if (
        not parts
        or PurePosixPath(str(relative)).is_absolute()
        or any(part in ("..", "") for part in parts)
        or "\\" in str(relative)
        or "\x00" in str(relative)
    ):
        raise InputError(f"{folder}: {what} {relative!r} is not a path inside the package folder")
    path = folder / Path(*parts)
    target, base = resolved(path), resolved(folder)
    if target != base and not target.is_relative_to(base):
        raise InputError(f"{folder}: {what} {relative!r} leads outside the package folder")
    return path


def file_stats(path: Path) -> tuple[int, str]:
    """(bytes, "sha256:<hex>") of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, f"sha256:{digest.hexdigest()}"


def expected_sha256(hash_value: str | None) -> str | None:
    """The hex digest from "sha256:<hex>" or a bare 64-hex string; other hashes are not ours."""
    if not hash_value:
        return None
    value = hash_value.strip().lower()
    value = value.removeprefix("sha256:")
    return value if re.fullmatch(r"[0-9a-f]{64}", value) else None
