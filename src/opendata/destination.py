"""Where commands write: guarded folders, built aside and swapped in at once, one writer at a time.

A run's whole output (packages, reports, manifest) is built in a staging folder beside the
output folder and made current by one atomic step: on Linux the two folders are exchanged by
`renameat2(RENAME_EXCHANGE)`; elsewhere two renames with signals held, and a run killed
between them has its earlier output put back by the next one. Before that step the earlier
output is byte-identical; after it the new one is complete. A lock file beside the folder
(`fcntl.flock`) keeps two writers apart, and staging folders of dead runs are removed by the
next writer.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from opendata.errors import InputError
from opendata.files import resolved

PROTECTED = ("pipelines", "datapackages", "validation", "src", "tests", ".git")
STAGING = "staging"
PREVIOUS = "previous"  # the earlier folder, between the two renames of the fallback


class Busy(InputError):
    """Another opendata process is writing the folder."""


def check_destination(
    folder: Path,
    option: str,
    *,
    project_root: Path | None = None,
    inputs: Iterable[Path] = (),
    earlier_output: Callable[[Path], bool] = lambda folder: False,
    force: bool = False,
    swapped: bool = True,
) -> Path:
    """The folder, resolved, if opendata may write there; else one InputError saying why.
    `swapped`: the folder itself is replaced (a run's output), not only what it holds."""
    target = resolved(folder)
    try:
        home = Path.home().resolve()
    except RuntimeError:  # no $HOME and no password entry
        home = Path(target.anchor)

    def refuse(why: str) -> InputError:
        return InputError(f"{option} {folder}: {why}; choose another folder")

    if target == Path(target.anchor):
        raise refuse("that is the root of the file system")
    if home.is_relative_to(target):
        raise refuse("that is the home folder" if home == target else "it holds the home folder")
    if project_root is not None:
        root = project_root.resolve()
        if target == root:
            raise refuse("that is the project folder itself")
        for name in PROTECTED:
            if target.is_relative_to(root / name):
                raise refuse(f"that is inside the project's {name}/ folder")
    for path in inputs:
        if resolved(path).is_relative_to(target):
            raise refuse(f"it holds an input of the run ({path})")
    if swapped and os.path.ismount(target):
        raise refuse("it is a mount point, and the output folder is replaced as a whole")
    existing = next(path for path in (target, *target.parents) if path.exists())
    if not existing.is_dir():
        raise refuse("not a folder" if existing == target else f"{existing} is a file")
    if not force and target.is_dir() and _has_entries(target) and not earlier_output(target):
        raise InputError(
            f"{option} {folder}: the folder is not empty and is not an earlier output of "
            "opendata; choose another folder, or pass --force to write there anyway "
            "(what it holds is kept, but folders named like a dataset are replaced)"
        )
    return target


def _has_entries(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)


def sibling(folder: Path, role: str) -> str:
    """The name prefix of the hidden folders and files opendata keeps beside `folder`."""
    return f".{folder.name}.{role}"


@contextlib.contextmanager
def writing(folder: Path, *, shared: bool = False, in_place: bool = False) -> Iterator[None]:
    """Hold the lock of `folder` and tidy what dead writers left beside it.

    `shared`: for a command that reads the folder and must not see it swapped (publish).
    `in_place`: the folder is never swapped itself, only what it holds (download's DEST): the
    lock is taken on the folder, and nothing is written beside it.
    """
    fd = _open_lock(folder, shared, in_place)
    if fd is None:  # a folder one may read but not write (an artifact): nobody swaps it
        yield
        return
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = b"" if in_place else os.pread(fd, 32, 0)
            text = holder.decode("ascii", "replace").strip()
            who = f" (process {text})" if text.isdigit() else ""
            raise Busy(
                f"{folder}: another opendata command is using it{who}; "
                "wait for it to finish, or use another folder"
            ) from None
        if not shared and not in_place:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            recover(folder)
        yield
    finally:
        os.close(fd)


def _open_lock(folder: Path, shared: bool, in_place: bool) -> int | None:
    try:
        if in_place:
            return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        if not shared:
            folder.parent.mkdir(parents=True, exist_ok=True)
        path = folder.parent / sibling(folder, "lock")
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if shared:
            return None
        where = folder if in_place else folder.parent
        raise InputError(f"{folder}: cannot write to {where} ({exc.strerror})") from None


def recover(folder: Path) -> None:
    """Put back an earlier folder left between two renames; remove dead writers' staging."""
    previous = folder.parent / sibling(folder, PREVIOUS)
    if previous.is_dir() and not previous.is_symlink():
        if folder.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(folder)
    prefix = sibling(folder, STAGING) + "-"
    with os.scandir(folder.parent) as entries:
        stale = [Path(e.path) for e in entries if e.name.startswith(prefix) and e.is_dir()]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def new_staging(folder: Path, mode_of: Path | None = None) -> Path:
    """An empty staging folder beside `folder` (whose permissions it takes, if it exists)."""
    for _ in range(100):
        staging = folder.parent / f"{sibling(folder, STAGING)}-{secrets.token_hex(4)}"
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(
                f"{folder}: cannot create a staging folder beside it in {folder.parent} "
                f"({exc.strerror})"
            ) from None
        model = mode_of if mode_of is not None else folder
        if model.is_dir():
            staging.chmod(model.stat().st_mode & 0o7777)
        return staging
    raise InputError(f"{folder.parent}: cannot create a staging folder")


def carry_over(source: Path, target: Path, names: dict[str, str]) -> None:
    """The entries `names` of `source` into `target` (each under its new name) as hard links:
    the files are never written in place; a copy where links are not possible."""
    for name, new_name in sorted(names.items()):
        old, new = source / name, target / new_name
        if old.is_symlink() or not old.is_dir():
            _link_or_copy(old, new)
        else:
            shutil.copytree(old, new, symlinks=True, copy_function=_link_or_copy)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    if Path(source).is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target)


def swap_in(staging: Path, folder: Path) -> None:
    """Make `staging` current at `folder` in one step; the earlier folder, if any, is then at
    `staging`'s path (the caller removes it)."""
    if not folder.exists():
        staging.rename(folder)
        return
    if _exchange(staging, folder):
        return
    # No atomic exchange on this system or file system: two renames, no signal in between
    # (SIGKILL aside: then the next writer's `recover` puts the earlier folder back).
    previous = folder.parent / sibling(folder, PREVIOUS)
    with _signals_deferred():
        folder.rename(previous)
        staging.rename(folder)
        previous.rename(staging)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    handlers = {number: signal.signal(number, lambda n, _: pending.append(n)) for number in held}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for held_signal in pending:
            signal.raise_signal(held_signal)


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two folders atomically (Linux renameat2); False where that is not available."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    if code in (errno.EXDEV, errno.EBUSY):  # a mount point: it cannot be replaced as a whole
        raise InputError(
            f"{second}: is a mount point, and opendata replaces its output folder as a "
            f"whole; use a folder inside it ({os.strerror(code)})"
        )
    raise OSError(code, os.strerror(code), str(second))


def remove(path: Path) -> None:
    """Remove a staging folder or an earlier output that was swapped out."""
    shutil.rmtree(path, ignore_errors=True)
