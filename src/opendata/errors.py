"""The project's exceptions. The CLI turns each into one line and an exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opendata.validate.report import ValidationReport


class OpendataError(Exception):
    """Base class; `exit_code` is what the CLI exits with.

    A message of several lines (several problems found at once) is printed as several
    `error: ...` lines (opendata.failures).
    """

    exit_code = 2

    def lines(self) -> list[str]:
        return [f"error: {line}" for line in str(self).splitlines() if line.strip()]


class InputError(OpendataError):
    """A report, descriptor or option that cannot be used as given (exit 2)."""


class ExtractionError(InputError):
    """A figure the pipeline needs is missing from, or unreadable in, the report."""

    def __init__(self, dataset: str, item: str, section: str, problem: str) -> None:
        self.dataset = dataset
        self.item = item
        self.section = section
        self.problem = problem
        super().__init__(f"{dataset}: {item}: {problem} (section {section})")


class ValidationFailed(OpendataError):
    """Error-level validation findings: nothing is exported or published (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        self.report = report
        super().__init__(message)

    def lines(self) -> list[str]:
        """The findings as they are (`error: …`, `warning: …`), then the verdict."""
        return [
            line if line.startswith(("error: ", "warning: ")) else f"error: {line}"
            for line in str(self).splitlines()
            if line.strip()
        ]


class Terminated(BaseException):
    """SIGTERM (a cancelled CI job, `kill`): unwinds like Ctrl-C, so that cleanups run."""
