"""What every command shares: the group and its error boundary, option types, the job summary."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from opendata import __version__

if TYPE_CHECKING:
    from opendata.project import Project

EPILOG = (
    "Exit codes: 0 success, 1 validation failed (nothing written), 2 usage or input error, "
    "130 interrupted."
)
PUBLISH_EPILOG = (
    "Exit codes: 0 published or nothing to do, 1 validation failed (nothing published), "
    "2 usage or input error, 3 portal error, 130 interrupted."
)


class Seconds(click.ParamType[float]):
    """A finite number of seconds within bounds (`nan`, `inf` and 1e300 are refused)."""

    name = "seconds"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            self.fail(
                f"{value!r} is not between {self.low:g} and {self.high:g} seconds", param, ctx
            )
        return number


FOLDER = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(dir_okay=False, path_type=Path)
out_argument = click.argument("out", required=False, type=FOLDER)
packages_option = click.option(
    "--out",
    type=FOLDER,
    help="Output folder holding the packages. Default: output/ in the project.",
)


def summary_option(what: str) -> Callable[[Any], Any]:
    """--summary FILE: `what`, as Markdown, appended to a job summary."""
    return click.option(
        "--summary",
        type=FILE,
        help=f"Append {what} as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY).",
    )


portal_option = click.option(
    "--portal", envvar="CKAN_URL", help="CKAN portal URL. Default: $CKAN_URL."
)
insecure_option = click.option(
    "--insecure", is_flag=True, help="Allow a plain-HTTP portal on a non-loopback host."
)
timeout_option = click.option(
    "--timeout",
    type=Seconds(1, 3600),
    default=60.0,
    show_default=True,
    envvar="OPENDATA_TIMEOUT",
    help="Seconds to wait for each portal answer ($OPENDATA_TIMEOUT).",
)


class Context:
    def __init__(self, project: Path | None, quiet: bool) -> None:
        self.project_path = project
        self.quiet = quiet

    def project(self) -> Project:
        from opendata.project import find_project

        return find_project(self.project_path)

    def project_root(self) -> Path | None:
        """The project's folder, if there is one (commands that need none)."""
        from opendata.errors import InputError

        try:
            return self.project().root
        except InputError:
            return None

    def progress(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"  {message}", err=True)


class Group(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """opendata's own options: a mistake in them is one line too (click prints three)."""
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            _fail(error)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BaseException as error:  # the error boundary: opendata.failures maps them all
            _fail(error)


def _fail(error: BaseException) -> NoReturn:
    from opendata.failures import explain

    failure = explain(error)
    if failure is None:  # the command's own sys.exit(code)
        raise error
    if failure.traceback:
        click.echo(failure.traceback, err=True, nl=False)
    for line in failure.lines:
        click.echo(line, err=True)
    sys.exit(failure.code)


@click.group(cls=Group, epilog=EPILOG)
@click.version_option(__version__, prog_name="opendata")
@click.option(
    "--project",
    type=FOLDER,
    help="Project folder (with pipelines/ and datapackages/). Default: found from here.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.pass_context
def cli(ctx: click.Context, project: Path | None, quiet: bool) -> None:
    """Turn the figures of Mexican transparency reports into validated open data.

    \b
    Typical use:
      opendata run                      # every dataset from the bundled report -> output/
      opendata list                     # what output/ holds
      opendata validate                 # check output/ again
    """
    ctx.obj = Context(project, quiet)


class Summary:
    """A job summary file (GitHub's $GITHUB_STEP_SUMMARY), opened before the command does
    anything, so that a bad path fails first; a failure to append later is only a warning:
    it never turns a good run into a failed one."""

    def __init__(self, path: Path | None) -> None:
        from opendata.files import open_for_append

        self.path = path
        self.handle: IO[str] | None = open_for_append(path, "--summary") if path else None

    def append(self, markdown: str) -> None:
        if self.handle is None:
            return
        try:
            with self.handle:
                self.handle.write(markdown + "\n")
        except OSError as exc:
            click.echo(f"warning: {self.path}: summary not written ({exc.strerror})", err=True)
        self.handle = None


def progress_bar() -> Callable[[str, int, int | None], None]:
    """A one-line progress display on stderr, for files over a megabyte."""

    def show(name: str, done: int, total: int | None) -> None:
        if (total or done) < 1 << 20:
            return
        share = f"{100 * done // total:3d}% " if total else ""
        end = "\n" if total and done >= total else ""
        click.echo(f"\r  {name}: {share}{done / 1e6:,.1f} MB", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show
