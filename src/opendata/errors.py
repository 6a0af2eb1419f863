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
        """What the CLI prints: each line of the message as `error: ...` (lines that already
        say `error: ` or `warning: `, such as validation findings, as they are)."""
        return [
            line if line.startswith(("error: ", "warning: ")) else f"error: {line}"
            for line in str(self).splitlines()
            if line.strip()
        ] or ["error: "]


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


class ExtractionFailed(InputError):
    """Figures that cannot be read with certainty: every one of the run, one line each."""

    def __init__(self, problems: list[ExtractionError]) -> None:
        self.problems = problems
        count = len(problems)
        lines = [str(p) for p in problems]
        summary = f"{count} figure{'s' if count != 1 else ''} could not be read; nothing written"
        super().__init__("\n".join([*lines, summary]) if count > 1 else lines[0])


class ValidationFailed(OpendataError):
    """Error-level validation findings: nothing is exported or published (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, validation: ValidationReport | None = None) -> None:
        self.validation = validation
        super().__init__(message)


class Terminated(BaseException):
    """SIGTERM (a cancelled CI job, `kill`): unwinds like Ctrl-C, so that cleanups run."""
