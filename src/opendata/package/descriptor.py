"""Package: read the hand-written descriptors of `datapackages/` into complete descriptors.

`datapackages/<dataset>/datapackage.yaml` holds a dataset's metadata; keys it leaves out come
from `datapackages/_comun/paquete.yaml`. A resource's `schema` is inline, a path to a shared
schema file, or `{$extends: path, prepend: [fields], primaryKey: [...]}`. Charts are `views`
(opendata.package.views).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import MAX_YAML_BYTES, load_json, load_json_object, load_yaml_safely, resolved
from opendata.package.series import series_schema
from opendata.package.types import TYPES
from opendata.package.views import package_views

Descriptor = dict[str, Any]
# datapackage.json's `validacion` marks a package of large tables (export/table_package.py):
# `opendata validate` checks it as the run did, with the streaming validator.
LARGE_TABLES = "tablas_grandes"

COMMON_DIR = "_comun"
DEFAULTS_FILE = "paquete.yaml"
FIELD_TYPES = frozenset(TYPES)
# A resource's name is its files' names (<name>.csv, <name>.parquet): nothing that leads out
# of the package folder (Frictionless names: lower-case letters, digits, "-", "_", ".").
RESOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,99}")
TEXT_KEYS = ("name", "title", "description", "version", "homepage", "id")
LIST_KEYS = ("keywords", "licenses", "sources", "contributors", "resources", "nombres_anteriores")
FIELD_TEXT_KEYS = ("title", "description", "format", "groupChar", "decimalChar", "rdfType")


def read_structured(path: Path, what: str = "descriptor file") -> Any:
    """Parse a YAML or JSON file; a syntax error names the file and line."""
    if path.suffix == ".json":
        return load_json(path, what, MAX_YAML_BYTES)
    return load_yaml_safely(path, what)


def with_provenance(descriptor: Descriptor, provenance: dict[str, Any]) -> Descriptor:
    """The descriptor with what the run read: the report (file, sha256, period), the
    corrections applied and the values inferred."""
    output = copy.deepcopy(descriptor)
    sources = output.get("sources") or [{"title": provenance["source"]["path"]}]
    output["sources"] = [dict(source, **provenance["source"]) for source in sources]
    if provenance.get("corrections"):
        output["correcciones"] = provenance["corrections"]
    if provenance.get("inferences"):
        output["inferencias"] = provenance["inferences"]
    return output


def descriptor_names(datapackages_dir: Path) -> list[str]:
    return sorted(
        p.parent.name
        for p in datapackages_dir.glob("*/datapackage.yaml")
        if p.parent.name != COMMON_DIR
    )


def load_descriptor(datapackages_dir: Path, name: str, series: bool = False) -> Descriptor:
    """The complete descriptor of dataset `name`, schemas resolved and checked; with `series`,
    each table's schema is that of the series of the report's editions (package/series.py)."""
    path = datapackages_dir / name / "datapackage.yaml"
    if not path.is_file():
        raise InputError(f"{path}: no descriptor for dataset {name!r}")
    own = read_structured(path)
    if not isinstance(own, dict):
        raise InputError(f"{path}: a descriptor must be a mapping")
    defaults_path = datapackages_dir / COMMON_DIR / DEFAULTS_FILE
    defaults = read_structured(defaults_path) if defaults_path.is_file() else {}
    if not isinstance(defaults, (dict, type(None))):
        raise InputError(f"{defaults_path}: the shared metadata must be a mapping")
    descriptor: Descriptor = {k: v for k, v in (defaults or {}).items() if k not in own}
    descriptor.update(own)
    if descriptor.get("name") != name:
        raise InputError(f"{path}: name is {descriptor.get('name')!r}, expected {name!r}")
    for key in ("title", "description", "licenses", "resources"):
        if not descriptor.get(key):
            raise InputError(f"{path}: missing {key!r}")
    check_metadata(descriptor, str(path))
    resources = descriptor["resources"]
    seen = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not resource.get("name"):
            raise InputError(f"{path}: resources[{index}] needs a name")
        if not isinstance(resource["name"], str) or not RESOURCE_NAME.fullmatch(resource["name"]):
            raise InputError(
                f"{path}: resources[{index}]: name {resource['name']!r} must be lower-case "
                "letters, digits, '-', '_' or '.' (it names the resource's files)"
            )
        if resource["name"] in seen:
            raise InputError(f"{path}: two resources are named {resource['name']!r}")
        seen.add(resource["name"])
        where = f"{path}: resource {resource['name']!r}"
        for key in ("title", "description"):
            if not isinstance(resource.get(key, ""), str):
                raise InputError(f"{where}: {key} must be text")
        resource["schema"] = _resolve_schema(resource.get("schema"), path.parent, where)
        if series:
            resource["schema"] = series_schema(resource["schema"])
    views = package_views((defaults or {}).get("views"), own.get("views"), descriptor, str(path))
    descriptor.pop("views", None)
    if views:
        descriptor["views"] = views
    return descriptor


def read_written(path: Path) -> Descriptor:
    """A datapackage.json as written, read back: its metadata of the shapes opendata reads
    and its resources a list of named ones (where each file is, the caller checks)."""
    descriptor = load_json_object(path, "data package descriptor")
    check_metadata(descriptor, str(path))
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources
    ):
        raise InputError(f"{path}: resources must be a list of named resources")
    return descriptor


def check_metadata(descriptor: Descriptor, where: str) -> None:
    """The dataset-level keys opendata reads have the shapes it reads them with."""
    for key in TEXT_KEYS:
        if key in descriptor and not isinstance(descriptor[key], str):
            raise InputError(f"{where}: {key} must be text, not {descriptor[key]!r}")
    for key in LIST_KEYS:
        if key in descriptor and not isinstance(descriptor[key], list):
            raise InputError(f"{where}: {key} must be a list")
    if not all(isinstance(k, str) for k in descriptor.get("keywords", [])):
        raise InputError(f"{where}: keywords must be a list of words")
    if not all(isinstance(k, str) for k in descriptor.get("nombres_anteriores", [])):
        raise InputError(f"{where}: nombres_anteriores must be a list of dataset names")
    for key in ("licenses", "sources", "contributors"):
        for index, item in enumerate(descriptor.get(key, [])):
            if not isinstance(item, dict) or not all(
                isinstance(value, str) for value in item.values()
            ):
                raise InputError(f"{where}: {key}[{index}] must be a mapping of text values")
    publisher = descriptor.get("publisher", {})
    if not isinstance(publisher, dict) or not all(isinstance(v, str) for v in publisher.values()):
        raise InputError(f"{where}: publisher must be a mapping of text values")


def _resolve_schema(schema: Any, base: Path, where: str) -> Descriptor:
    if isinstance(schema, str):
        found = read_structured(resolved(base / schema), "schema file")
    elif isinstance(schema, dict) and "$extends" in schema:
        if not isinstance(schema["$extends"], str) or not isinstance(
            schema.get("prepend", []), list
        ):
            raise InputError(f"{where}: $extends needs a path, and prepend a list of fields")
        found = copy.deepcopy(read_structured(resolved(base / schema["$extends"])))
        if not isinstance(found, dict) or not isinstance(found.get("fields", []), list):
            raise InputError(f"{where}: {schema['$extends']} is not a schema with fields")
        found["fields"] = list(schema.get("prepend", [])) + found.get("fields", [])
        for key, value in schema.items():
            if key not in ("$extends", "prepend"):
                found[key] = value
    elif isinstance(schema, dict):
        found = copy.deepcopy(schema)
    else:
        raise InputError(f"{where}: missing schema")
    check_schema(found, where)
    return dict(found)


def check_schema(schema: Any, where: str) -> None:
    """Reject what would only fail later: unknown types, keys naming no field, values of the
    wrong shape."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise InputError(f"{where}: schema needs a list of fields")
    _check_texts(schema.get("missingValues", [""]), f"{where}: missingValues")
    names = []
    for index, field in enumerate(schema["fields"]):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise InputError(f"{where}: field {index + 1} needs a name")
        kind = field.get("type", "string")
        if not isinstance(kind, str) or kind not in FIELD_TYPES:
            raise InputError(
                f"{where}: field {field['name']!r} has unknown type {kind!r} "
                f"(use one of {', '.join(sorted(FIELD_TYPES))})"
            )
        _check_field(field, f"{where}: field {field['name']!r}")
        names.append(field["name"])
    if len(set(names)) != len(names):
        raise InputError(f"{where}: duplicate field names")
    key = schema.get("primaryKey", [])
    keys = [key] if isinstance(key, str) else key
    if not isinstance(keys, list):
        raise InputError(f"{where}: primaryKey must be a field name or a list of them")
    for key in keys:
        if key not in names:
            raise InputError(f"{where}: primaryKey names unknown field {key!r}")


def _check_field(field: Descriptor, where: str) -> None:
    for key in FIELD_TEXT_KEYS:
        if key in field and not isinstance(field[key], str):
            raise InputError(f"{where}: {key} must be text")
    for key in ("missingValues", "trueValues", "falseValues"):
        if key in field:
            _check_texts(field[key], f"{where}: {key}")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise InputError(f"{where}: constraints must be a mapping")
    for key in ("required", "unique"):
        if not isinstance(constraints.get(key, False), bool):
            raise InputError(f"{where}: constraint {key} must be true or false")
    for key in ("minLength", "maxLength"):
        value = constraints.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError(f"{where}: constraint {key} must be a whole number")
    enum = constraints.get("enum", [None])
    if not isinstance(enum, list) or not enum or any(isinstance(v, (list, dict)) for v in enum):
        raise InputError(f"{where}: constraint enum must be a list of values")
    kind = field.get("type", "string")
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in constraints and not _is_bound(kind, constraints[key]):
            raise InputError(
                f"{where}: constraint {key} {constraints[key]!r} is not a valid {kind}"
            )
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise InputError(
                f"{where}: constraint pattern {pattern!r} is not valid ({exc})"
            ) from None


def _is_bound(kind: str, value: Any) -> bool:
    """Whether frictionless reads `value` as a bound of a field of type `kind` (it fails on
    one it cannot read)."""
    if isinstance(value, bool) or value is None:
        return False
    text = value if isinstance(value, str) else None
    if kind in ("integer", "year"):
        return isinstance(value, int) or bool(text and re.fullmatch(r"[+-]?[0-9]+", text))
    if kind == "number":
        return isinstance(value, (int, float)) or bool(
            text and re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", text)
        )
    if kind == "date":
        if isinstance(value, dt.date):
            return True
        try:
            dt.date.fromisoformat(text or "")
        except ValueError:
            return False
        return True
    if kind == "yearmonth":
        return bool(text and re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text))
    return isinstance(value, (str, int, float))


def _check_texts(values: Any, where: str) -> None:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where} must be a list of text values")
