"""The one place where a failure becomes what the user sees: lines on stderr and an exit code.

- OpendataError: its lines (`error: …`, one per problem) and its exit code: 2 input,
  1 validation findings, 3 portal.
- A usage error (click): one line, and where the help is; exit 2.
- A pipeline script that raises: `pipelines/x.py raised ValueError: … (line N)`; exit 2.
- OSError (a path that cannot be read or written, a full disk): `path: reason`; exit 2.
- Ctrl-C: `error: interrupted`, exit 130; SIGTERM: `error: terminated`, exit 143.
- Anything else is a bug: its traceback, and a line saying so and where to report it; exit 70.

Every line and traceback passes through `redaction.redact`: no token or URL password shows.
"""

from __future__ import annotations

import errno
import os
import traceback
from dataclasses import dataclass

import click

from opendata import __version__
from opendata.errors import OpendataError, Terminated
from opendata.project import PIPELINE_MODULE
from opendata.redaction import redact

EXIT_USAGE = 2
EXIT_BUG = 70  # sysexits' EX_SOFTWARE: not 1, which says "validation failed"
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away (`opendata list | head`)
BUG_REPORTS = "the opendata repository's issue tracker"


@dataclass(frozen=True)
class Failure:
    lines: list[str]
    code: int
    traceback: str = ""  # only for a bug


def explain(error: BaseException) -> Failure | None:
    """What to print for `error`, and the exit code; None for a SystemExit of opendata's."""
    if isinstance(error, SystemExit):
        pipeline = _raised_in_pipeline(error)
        return Failure([redact(f"error: {pipeline}")], EXIT_USAGE) if pipeline else None
    if isinstance(error, KeyboardInterrupt):
        return Failure(["error: interrupted"], EXIT_INTERRUPTED)
    if isinstance(error, Terminated):
        return Failure(["error: terminated"], EXIT_TERMINATED)
    if isinstance(error, OpendataError):
        return Failure([redact(line) for line in error.lines()], error.exit_code)
    if isinstance(error, click.UsageError):
        message = error.format_message()
        if error.ctx:
            message = f"{message.rstrip('.')}; see '{error.ctx.command_path} --help'"
        return Failure([redact(f"error: {message}")], EXIT_USAGE)
    if isinstance(error, click.ClickException):
        return Failure([redact(f"error: {error.format_message()}")], error.exit_code)
    pipeline = _raised_in_pipeline(error)
    if pipeline is not None:
        return Failure([redact(f"error: {pipeline}")], EXIT_USAGE)
    if isinstance(error, OSError) and not _from_http_library(error):
        if error.errno == errno.EPIPE:
            return Failure([], EXIT_BROKEN_PIPE)
        return Failure([redact(f"error: {_os_error(error)}")], EXIT_USAGE)
    return _bug(error)


def _raised_in_pipeline(error: BaseException) -> str | None:
    """ "pipelines/x.py raised ValueError: … (line N)" when the innermost frame of the project
    (a pipeline script or opendata itself) that the error passed through is a pipeline's."""
    found = None
    frame_tb = error.__traceback__
    while frame_tb is not None:
        module = str(frame_tb.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(PIPELINE_MODULE):
            found = (frame_tb.tb_frame.f_code.co_filename, frame_tb.tb_lineno)
        elif module == "opendata" or module.startswith("opendata."):
            found = None
        frame_tb = frame_tb.tb_next
    if found is None:
        return None
    path, line = found
    shown = f"{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}"
    detail = str(error).strip().splitlines()
    message = f"{type(error).__name__}: {detail[0]}" if detail else type(error).__name__
    return f"{shown} raised {message} (line {line})"


def _from_http_library(error: OSError) -> bool:
    """requests' exceptions are OSErrors whose text may hold a header: they never escape
    opendata.portal or opendata.download.fetch, and one that does is a bug."""
    return type(error).__module__.split(".")[0] in ("requests", "urllib3")


def _os_error(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return reason
    where = os.fsdecode(error.filename)
    if error.filename2 is not None:
        where = f"{where} -> {os.fsdecode(error.filename2)}"
    return f"{where}: {reason}"


def _bug(error: BaseException) -> Failure:
    text = redact("".join(traceback.format_exception(error)))
    line = (
        f"error: this is a bug in opendata {__version__}, not a problem with your input or "
        f"setup; please report it, with the traceback above, on {BUG_REPORTS}"
    )
    return Failure([line], EXIT_BUG, text)
