"""Run a dataset's Great Expectations suite over its typed tables, offline.

great_expectations takes seconds to import. A run starts a worker process at once
(`SuiteRunner.start`) that imports it while the report is read and its tables are checked,
and sends it each dataset's tables when they are ready; `opendata --help`, `list` and
`publish` never import it. Analytics and progress bars are off; no network is used.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.machinery
import importlib.util
import multiprocessing
import os
import sys
import types
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import Any

from opendata.errors import InputError
from opendata.validate.report import Finding, Severity

_SAMPLE = 5
_POOL: ProcessPoolExecutor | None = None
_WARM: Future[None] | None = None  # the worker's import of great_expectations


def _quiet() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _worker() -> None:
    """The worker's setup: GX quiet, and its exit quick: once multiprocessing has flushed
    its queues, nothing of the interpreter needs tearing down (with great_expectations
    loaded that takes half a second, and the run waits for it)."""
    _quiet()
    atexit.register(_exit)


def _exit() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def warm() -> None:
    """Import great_expectations and set it up: run first in the worker, while the run goes
    on."""
    _whole_frame()


@cache
def _whole_frame() -> Any:
    """The one batch definition of a process: a whole DataFrame, given with each batch (GX
    saves its configuration, as YAML, with each data source, asset and definition added)."""
    source = _context().data_sources.add_pandas("opendata")
    return source.add_dataframe_asset(name="tabla").add_batch_definition_whole_dataframe("todo")


@cache
def _context() -> Any:
    _quiet()
    for name in DEFERRED:
        _deferred(name)
    import great_expectations as gx

    return gx.get_context(mode="ephemeral")


# What great_expectations imports for expectations no suite here uses (distribution tests and
# their charts), imported on first use instead: a second of the worker's start, the longest
# wait of a small run.
DEFERRED = ("scipy.stats", "altair")


class _OnFirstUse(types.ModuleType):
    """A module's stand-in, in sys.modules until one of the module's attributes is read: then
    the module is imported, and the stand-in takes on all it holds."""

    def __getattr__(self, attribute: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, attribute)


def _deferred(name: str) -> None:
    """Import `name` when one of its attributes is first read, not when it is imported."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = _OnFirstUse(name)
    # Read by `import` itself: the stand-in is a module whose import is over.
    stand_in.__spec__ = importlib.machinery.ModuleSpec(name, None)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:  # `from scipy import stats` finds it without importing it
        setattr(sys.modules[parent], child, stand_in)


def run_suite(
    dataset: str,
    tables: dict[str, Any],
    suite: dict[str, Any],
    period: tuple[Any, Any] | None = None,
) -> list[Finding]:
    """Findings of every failed expectation of `suite` on `tables` (pyarrow Tables)."""
    import great_expectations as gx
    import pandas as pd

    from opendata.package.types import to_pandas

    parameters: dict[str, Any] = {}
    if period:
        parameters = {
            "inicio_periodo": pd.Timestamp(period[0]),
            "fin_periodo": pd.Timestamp(period[1]),
        }
    findings: list[Finding] = []
    by_resource: dict[str, list[dict[str, Any]]] = {}
    for expectation in suite.get("expectations", []):
        by_resource.setdefault(expectation["meta"]["recurso"], []).append(expectation)
    for resource, expectations in by_resource.items():
        if resource not in tables:
            message = "the suite names a resource the package lacks"
            findings.append(Finding(dataset, resource, "gx:suite", "error", message))
            continue
        frame = to_pandas(tables[resource])
        batch = _whole_frame().get_batch(batch_parameters={"dataframe": frame})
        where = f"validation/{dataset}.json"
        suite_object = gx.ExpectationSuite(
            name=f"{dataset}.{resource}",
            expectations=[_expectation(e, where) for e in expectations],
        )
        with warnings.catch_warnings():
            # Table Schema patterns may hold groups; pandas warns about them in str.contains.
            warnings.filterwarnings(
                "ignore", message="This pattern is interpreted", category=UserWarning
            )
            # GX draws progress bars on stderr, whatever its configuration says.
            with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
                result = batch.validate(
                    suite_object,
                    expectation_parameters=parameters,
                    result_format={"result_format": "COMPLETE"},
                )
        for outcome in result.results:
            if not outcome.success:
                findings.append(_finding(dataset, resource, outcome, frame))
    return findings


def _expectation(expectation: dict[str, Any], where: str) -> Any:
    """The suite's expectation as GX's object; one GX does not know, or whose arguments it
    refuses, is an input error naming it."""
    from great_expectations.exceptions.exceptions import GreatExpectationsError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    kind = expectation["type"]
    try:
        config = ExpectationConfiguration(
            type=kind, kwargs=expectation.get("kwargs", {}), meta=expectation.get("meta", {})
        )
        return config.to_domain_obj()
    except (GreatExpectationsError, ValueError) as exc:  # pydantic's errors are ValueErrors
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        detail = ": ".join(lines[1:3]) if len(lines) > 1 else (lines[0] if lines else "")
        raise InputError(f"{where}: expectation {kind!r}: {detail}") from None


def _finding(dataset: str, resource: str, outcome: Any, frame: Any) -> Finding:
    config = outcome.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    meta = config.meta or {}
    severity: Severity = "warning" if meta.get("severidad") == "warning" else "error"
    detail = outcome.result or {}
    values: dict[str, Any] = {"expectation": kwargs}
    sentences: list[str] = []
    if outcome.exception_info and outcome.exception_info.get("raised_exception"):
        message = f"could not run: {outcome.exception_info.get('exception_message')}"
    elif "unexpected_count" in detail:
        sample = list(detail.get("partial_unexpected_list") or [])[:_SAMPLE]
        values.update(unexpected_count=detail["unexpected_count"], sample=sample)
        column = kwargs.get("column") or kwargs.get("column_list") or ""
        message = f"{column}: {detail['unexpected_count']} unexpected value(s), e.g. {sample}"
        rows = list(detail.get("unexpected_index_list") or [])[:_SAMPLE]
        if "oracion" in frame.columns:
            sentences = [str(frame.iloc[i]["oracion"]) for i in rows if isinstance(i, int)]
    else:
        values["observed_value"] = detail.get("observed_value")
        message = f"observed {detail.get('observed_value')!r}"
    if meta.get("motivo"):
        message = f"{message} ({meta['motivo']})"
    return Finding(dataset, resource, f"gx:{config.type}", severity, message, values, sentences)


class GXWorkerFailed(RuntimeError):
    """The worker process that runs the suites died: a bug, not the data's fault."""


class SuiteRunner:
    """Runs suites in one worker process, kept for the life of this process (a test run
    validates many times: the import is paid once)."""

    def start(self) -> None:
        """Start the worker and its import of great_expectations, without waiting."""
        _pool()

    def submit(
        self,
        dataset: str,
        tables: dict[str, Any],
        suite: dict[str, Any],
        period: tuple[Any, Any] | None,
    ) -> Future[list[Finding]]:
        return _pool().submit(run_suite, dataset, tables, suite, period)

    @staticmethod
    def result(future: Future[list[Finding]]) -> list[Finding]:
        global _POOL
        try:
            return future.result()
        except BrokenProcessPool as exc:
            _POOL = None
            raise GXWorkerFailed(f"the Great Expectations worker process died ({exc})") from exc


def stop_warming() -> None:
    """Stop a worker still importing great_expectations (a command that failed early): the
    process would otherwise wait seconds for the import, to exit. A worker that is ready
    ends on its own."""
    global _POOL
    if _POOL is not None and _WARM is not None and not _WARM.done():
        for process in multiprocessing.active_children():  # the worker: the only child
            process.terminate()
        # Wait for the pool to see its worker gone, or Python 3.11's exit hook wakes the pool's
        # closed pipe and prints a traceback ("Bad file descriptor").
        _POOL.shutdown(wait=True, cancel_futures=True)
        _POOL = None


def _pool() -> ProcessPoolExecutor:
    global _POOL, _WARM
    if _POOL is None:
        # A fresh interpreter: no thread or lock of this process is copied into the worker.
        context = multiprocessing.get_context("spawn")
        _POOL = ProcessPoolExecutor(1, mp_context=context, initializer=_worker)
        _WARM = _POOL.submit(warm)
        atexit.register(_POOL.shutdown, cancel_futures=True)
    return _POOL
