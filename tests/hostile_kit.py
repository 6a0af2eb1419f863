"""What the hostile corpus needs: the command run as a user runs it, and what failing cleanly is.

A case runs `opendata` in a process of its own (so that its exit code, its stderr, its peak
memory and its reaction to signals are the real ones) and is judged by `assert_clean`: the
exit code, one `error: ...` line, no traceback, no secret, memory under 1 GiB.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

OPENDATA = Path(sys.executable).with_name("opendata")
HOOK = Path(__file__).with_name("swap_hook.py")
MAX_RSS_MIB = 1024


@dataclass(frozen=True)
class Ran:
    code: int  # negative: killed by that signal
    stdout: str
    stderr: str
    rss_mib: float  # the process's peak resident memory

    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a user with no portal settings (tests add their own)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CKAN_", "OPENDATA_PROJECT", "GITHUB_"))
    }
    return {**env, **extra}


def command(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    hook: bool = False,
    preexec: Callable[[], None] | None = None,
    timeout: float = 300,
) -> Ran:
    """Run `opendata ARGS` (through tests/swap_hook.py when `hook`) and wait for it."""
    argv = [sys.executable, str(HOOK), *args] if hook else [str(OPENDATA), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env if env is not None else base_env(),
            cwd=cwd,
            preexec_fn=preexec,
        )
        timer = threading.Timer(timeout, process.kill)  # a hang fails the case, not the suite
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Ran(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,  # KiB on Linux
        )


def start(*args: str, env: dict[str, str], hook: bool = True) -> subprocess.Popen[bytes]:
    """Start `opendata ARGS` without waiting (concurrency cases)."""
    argv = [sys.executable, str(HOOK), *args] if hook else [str(OPENDATA), *args]
    return subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def assert_clean(
    ran: Ran,
    code: int,
    expected: str,
    *,
    secrets: Iterable[str] = (),
    lines: int = 1,
) -> None:
    """Exit `code`, `lines` lines on stderr each `error: ...`, one of them with `expected`;
    no traceback, no secret anywhere, memory bounded."""
    shown = ran.lines()
    assert ran.code == code, (ran.code, ran.stderr[-3000:])
    assert len(shown) == lines, ran.stderr[-3000:]
    assert all(line.startswith("error: ") for line in shown), shown
    assert any(expected in line for line in shown), (expected, shown)
    assert "Traceback" not in ran.stderr + ran.stdout
    for secret in secrets:
        assert secret not in ran.stderr + ran.stdout
    assert ran.rss_mib < MAX_RSS_MIB, ran.rss_mib


def file_size_limit(limit: int) -> Callable[[], None]:
    """For preexec: files larger than `limit` bytes cannot be written (a full disk), and the
    write fails with EFBIG instead of SIGXFSZ killing the process."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def memory_guard() -> None:
    """For preexec: a case that regresses into a memory bomb fails instead of taking the
    machine (address space, well above the 1 GiB of resident memory asserted)."""
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def without_override() -> None:
    """For preexec: file permissions apply even to root (CI runs the tests as root): root
    loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set, so the program it
    runs next has neither."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` NUL bytes that takes no disk space."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def flate_bomb_pdf(path: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream inflates to `inflated` bytes of spaces."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
    return _pdf(path, [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body])


def nested_pdf(path: Path, depth: int) -> Path:
    """A one-page PDF whose content stream holds arrays nested `depth` deep."""
    content = b"BT " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET"
    return _pdf(path, [b"<< /Length %d >>\nstream\n" % len(content) + content])


def _pdf(path: Path, stream: list[bytes]) -> Path:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        stream[0] + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
