"""Great Expectations suites: one JSON file per dataset in `validation/`, under version control.

A suite holds what only a person knows about the data's meaning (counts never negative,
percentages in [0, 100], a state's key matching its name, dates inside the report's period...),
each expectation with the resource it applies to (`meta.recurso`) and why (`meta.motivo`).
What the Table Schema already says (types, required fields, enumerations, patterns, keys) is
the validator's to check and is not repeated here. Expectation parameters: `inicio_periodo`
and `fin_periodo`, the report's first and last day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import load_json_object

Expectation = dict[str, Any]


def suite_path(validation_dir: Path, dataset: str) -> Path:
    return validation_dir / f"{dataset}.json"


def load_suite(validation_dir: Path, dataset: str) -> dict[str, Any] | None:
    """The dataset's suite, checked; None when it has none (large tables have none)."""
    path = suite_path(validation_dir, dataset)
    if not path.exists():
        return None
    suite = load_json_object(path, "expectation suite")
    expectations = suite.get("expectations", [])
    if not isinstance(expectations, list):
        raise InputError(f"{path}: expectations must be a list")
    for number, expectation in enumerate(expectations, start=1):
        if not isinstance(expectation, dict) or not isinstance(expectation.get("kwargs", {}), dict):
            raise InputError(f"{path}: expectation {number} must be a mapping with kwargs")
        meta = expectation.get("meta", {})
        if not isinstance(meta, dict):
            raise InputError(f"{path}: expectation {number}: meta must be a mapping")
        if not isinstance(expectation.get("type"), str) or not isinstance(meta.get("recurso"), str):
            raise InputError(f"{path}: expectation {number} needs a type and meta.recurso")
        if not meta.get("motivo"):
            raise InputError(f"{path}: expectation {number} needs meta.motivo (why it holds)")
    return dict(suite)
