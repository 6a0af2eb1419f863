"""Run a dataset's Great Expectations suite over its tables, offline.

great_expectations costs seconds and hundreds of MiB to import, so it is imported only here,
only when validation runs. Analytics and progress bars are off; no network is used.
"""

from __future__ import annotations

import itertools
import os
import warnings
from functools import cache
from typing import Any

from opendata.errors import InputError
from opendata.validate.packages import PackageData
from opendata.validate.report import Finding, Severity

_SAMPLE = 5
_CALLS = itertools.count()


def _dataframe(table: Any) -> Any:
    """The table as pandas with the dtypes the suites expect (see suites.PANDAS_TYPES)."""
    import pandas as pd
    import pyarrow as pa

    mapping = {
        pa.string(): pd.StringDtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    frame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
    for field in table.schema:
        if pa.types.is_date(field.type):
            frame[field.name] = frame[field.name].astype("datetime64[ms]")
    return frame


@cache
def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def run_suite(package: PackageData, suite: dict[str, Any], where: str = "suite") -> list[Finding]:
    """Findings of every failed expectation of `suite` (the file `where`) on `package`."""
    import great_expectations as gx
    import pandas as pd

    context = _context()
    # One context per process; every call gets a data source of its own.
    source = context.data_sources.add_pandas(f"{package.name}-{next(_CALLS)}")
    period = package.period()
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
        if resource not in package.resource_names():
            findings.append(
                Finding(
                    package.name,
                    resource,
                    "gx:suite",
                    "error",
                    "the suite names a resource the package lacks",
                )
            )
            continue
        frame = _dataframe(package.table(resource))
        asset = source.add_dataframe_asset(name=resource)
        batch = asset.add_batch_definition_whole_dataframe("todo").get_batch(
            batch_parameters={"dataframe": frame}
        )
        suite_object = gx.ExpectationSuite(
            name=f"{package.name}.{resource}",
            expectations=[_expectation(e, where) for e in expectations],
        )
        with warnings.catch_warnings():
            # Table Schema patterns may hold groups; pandas warns about them in str.contains.
            warnings.filterwarnings(
                "ignore", message="This pattern is interpreted", category=UserWarning
            )
            result = batch.validate(
                suite_object,
                expectation_parameters=parameters,
                result_format={"result_format": "COMPLETE"},
            )
        for outcome in result.results:
            if outcome.success:
                continue
            findings.append(_finding(package.name, resource, outcome, frame))
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
