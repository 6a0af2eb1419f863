"""The `opendata` command: a thin layer over the library. Heavy imports happen inside commands.

Exit codes: 0 success (warnings allowed), 1 validation failed, 2 usage or input error,
3 portal error, 130 interrupted; every failure is mapped in one place, opendata.failures.

base.py holds the group, its error boundary and the options commands share; output.py the
commands on the output folder (run, list, validate); ckan.py those that talk to a portal
(publish, datasets, download); reports.py cumplimiento and sitio.
"""

from __future__ import annotations

import sys

from opendata.cli import ckan, output, reports  # noqa: F401  (each registers its commands)
from opendata.cli.base import cli
from opendata.errors import Terminated

__all__ = ["cli", "main"]


def main() -> None:
    import signal

    def terminated(number: int, frame: object) -> None:
        raise Terminated()

    signal.signal(signal.SIGTERM, terminated)  # unwind like Ctrl-C: cleanups run
    try:
        cli(prog_name="opendata")
    finally:
        suites = sys.modules.get("opendata.validate.gx_check")
        if suites is not None:
            suites.stop_warming()
