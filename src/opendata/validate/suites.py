"""Great Expectations suites: one JSON file per dataset in `validation/`, under version control.

Each expectation says in `meta` which resource it applies to (`recurso`) and where it comes
from (`origen`): `esquema` ones are generated from the Table Schema by `opendata suites` and
must stay in sync with it; `manual` ones are written by people and say why (`motivo`).
Expectation parameters: `inicio_periodo` and `fin_periodo`, the report's first and last day.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import MAX_JSON_BYTES, load_json_object, read_text_bounded
from opendata.package.descriptor import Descriptor, descriptor_names, load_descriptor
from opendata.project import Project

Expectation = dict[str, Any]

# pandas dtypes of each Table Schema type, as opendata loads tables for GX (see gx_check).
PANDAS_TYPES = {
    "string": ["StringDtype"],
    "integer": ["Int64Dtype"],
    "number": ["float64"],
    "boolean": ["BooleanDtype"],
    "date": ["datetime64[ms]"],
    "yearmonth": ["StringDtype"],
    "year": ["Int64Dtype"],
}


def suite_path(validation_dir: Path, dataset: str) -> Path:
    return validation_dir / f"{dataset}.json"


def schema_expectations(resource: str, schema: dict[str, Any]) -> list[Expectation]:
    """What a Table Schema promises, as GX expectations."""

    def expect(kind: str, **kwargs: Any) -> Expectation:
        return {"type": kind, "kwargs": kwargs, "meta": {"recurso": resource, "origen": "esquema"}}

    fields = schema["fields"]
    found = [
        expect(
            "expect_table_columns_to_match_ordered_list", column_list=[f["name"] for f in fields]
        )
    ]
    for field in fields:
        name = field["name"]
        constraints = field.get("constraints", {})
        kind = field.get("type", "string")
        found.append(
            expect(
                "expect_column_values_to_be_in_type_list", column=name, type_list=PANDAS_TYPES[kind]
            )
        )
        if constraints.get("required"):
            found.append(expect("expect_column_values_to_not_be_null", column=name))
        if "enum" in constraints:
            found.append(
                expect(
                    "expect_column_values_to_be_in_set", column=name, value_set=constraints["enum"]
                )
            )
        if "minimum" in constraints or "maximum" in constraints:
            found.append(
                expect(
                    "expect_column_values_to_be_between",
                    column=name,
                    min_value=constraints.get("minimum"),
                    max_value=constraints.get("maximum"),
                )
            )
        if "pattern" in constraints:
            found.append(
                expect(
                    "expect_column_values_to_match_regex", column=name, regex=constraints["pattern"]
                )
            )
        if constraints.get("unique"):
            found.append(expect("expect_column_values_to_be_unique", column=name))
    key = schema.get("primaryKey", [])
    if isinstance(key, str):
        key = [key]
    if len(key) == 1:
        found.append(expect("expect_column_values_to_be_unique", column=key[0]))
    elif key:
        found.append(expect("expect_compound_columns_to_be_unique", column_list=list(key)))
    return found


def generate_suite(descriptor: Descriptor, existing: dict[str, Any] | None) -> dict[str, Any]:
    """The suite for a dataset: fresh schema expectations, the manual ones kept as they were."""
    generated = [
        expectation
        for resource in descriptor["resources"]
        for expectation in schema_expectations(resource["name"], resource["schema"])
    ]
    manual = [
        e
        for e in (existing or {}).get("expectations", [])
        if e.get("meta", {}).get("origen") == "manual"
    ]
    return {
        "name": descriptor["name"],
        "meta": {
            "nota": (
                "origen=esquema: generadas desde el Table Schema con `opendata suites`; "
                "origen=manual: escritas a mano, con su motivo."
            )
        },
        "expectations": generated + manual,
    }


def load_suite(validation_dir: Path, dataset: str) -> dict[str, Any]:
    path = suite_path(validation_dir, dataset)
    if not path.exists():
        raise InputError(
            f"{path}: no expectation suite for dataset {dataset!r} (run: opendata suites)"
        )
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
        if meta.get("origen") == "manual" and not meta.get("motivo"):
            raise InputError(f"{path}: manual expectation {number} needs meta.motivo")
    return dict(suite)


def dump_suite(suite: dict[str, Any]) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def refresh_suites(project: Project, write: bool) -> list[Path]:
    """Suites whose schema part differs from the descriptors; rewritten when `write`.

    Datasets of large tables (pipelines with SOURCES) have none: GX does not run on them.
    """
    large = {p.dataset for p in project.pipelines() if p.sources}
    stale = []
    for name in descriptor_names(project.datapackages_dir):
        if name in large:
            continue
        path = suite_path(project.validation_dir, name)
        existing = load_json_object(path, "expectation suite") if path.exists() else None
        fresh = dump_suite(
            generate_suite(load_descriptor(project.datapackages_dir, name), existing)
        )
        if existing is None or read_text_bounded(path, MAX_JSON_BYTES, "suite") != fresh:
            stale.append(path)
            if write:
                path.write_text(fresh, encoding="utf-8")
    return stale
