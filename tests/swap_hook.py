"""Run the `opendata` command with a hook on every file-system step of a run's output phase.

Tests only (tests/test_hostile.py runs it as `python swap_hook.py ARGS...`); the code under
test is not changed. From the moment a run creates its staging folder, every call to the
os functions that change the file system (and the atomic exchange) is one step, numbered
from 1. The environment says what to do at a step:

- HOOK_STOP_AT=N, HOOK_SIGNAL=SIGINT|SIGKILL|SIGTERM: send that signal to this process just
  before step N (Python raises KeyboardInterrupt right after, SIGKILL ends it there).
- HOOK_PAUSE_AT=N, HOOK_PAUSE_FILE=path: before step N create that file and wait until it is
  removed (the test runs another command meanwhile).
- HOOK_NO_EXCHANGE=1: behave as a system without renameat2(RENAME_EXCHANGE).
- HOOK_REPORT=path: at exit, write the number of steps and the step of the exchange, as JSON.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opendata import cli, destination

STEPS = ("mkdir", "rename", "replace", "link", "symlink", "unlink", "rmdir", "open", "chmod")
stop_at = int(os.environ.get("HOOK_STOP_AT", "0"))
pause_at = int(os.environ.get("HOOK_PAUSE_AT", "0"))
state: dict[str, Any] = {"active": False, "steps": 0, "exchange": None}


def step() -> None:
    if not state["active"]:
        return
    state["steps"] += 1
    if state["steps"] == pause_at:
        state["active"] = False  # the hook's own file steps are not counted
        pause = Path(os.environ["HOOK_PAUSE_FILE"])
        pause.write_text(str(os.getpid()))
        deadline = time.monotonic() + 120
        while pause.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        state["active"] = True
    if state["steps"] == stop_at:
        os.kill(os.getpid(), getattr(signal, os.environ.get("HOOK_SIGNAL", "SIGINT")))


def hooked(original: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        step()
        return original(*args, **kwargs)

    return call


exchange = destination._exchange
new_staging = destination.new_staging


def counted_exchange(first: Path, second: Path) -> bool:
    step()
    state["exchange"] = state["steps"]
    if os.environ.get("HOOK_NO_EXCHANGE"):
        return False
    return exchange(first, second)


def staging_begins(*args: Any, **kwargs: Any) -> Path:
    state["active"] = True
    return new_staging(*args, **kwargs)


def report() -> None:
    state["active"] = False
    if os.environ.get("HOOK_REPORT"):
        summary = {"steps": state["steps"], "exchange": state["exchange"]}
        Path(os.environ["HOOK_REPORT"]).write_text(json.dumps(summary))


# Only as the command itself: the Great Expectations worker, a spawned interpreter, imports
# this file again as `__mp_main__`; it must neither count steps nor run a second command.
if __name__ == "__main__":
    # The SIGINT it sends is a Ctrl-C even when this was started with SIGINT ignored (a
    # background job of a shell): Python then installs no KeyboardInterrupt handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in STEPS:
        setattr(os, name, hooked(getattr(os, name)))
    io.open = hooked(io.open)  # pathlib's open and write_text
    destination._exchange = counted_exchange
    destination.new_staging = staging_begins
    atexit.register(report)
    sys.argv[0] = "opendata"
    cli.main()
