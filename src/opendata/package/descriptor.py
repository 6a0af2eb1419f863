"""Package: read the hand-written descriptors of `datapackages/` into complete descriptors.

`datapackages/<dataset>/datapackage.yaml` holds a dataset's metadata; keys it leaves out come
from `datapackages/_comun/paquete.yaml`. A resource's `schema` is inline, a path to a shared
schema file, or `{$extends: path, prepend: [fields], primaryKey: [...]}`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from opendata.errors import InputError

Descriptor = dict[str, Any]

COMMON_DIR = "_comun"
DEFAULTS_FILE = "paquete.yaml"
FIELD_TYPES = {"string", "integer", "number", "boolean", "date", "yearmonth", "year"}


def read_structured(path: Path) -> Any:
    """Parse a YAML or JSON file; a syntax error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(f"{where}: invalid YAML ({problem})") from None


def descriptor_names(datapackages_dir: Path) -> list[str]:
    return sorted(
        p.parent.name
        for p in datapackages_dir.glob("*/datapackage.yaml")
        if p.parent.name != COMMON_DIR
    )


def load_descriptor(datapackages_dir: Path, name: str) -> Descriptor:
    """The complete descriptor of dataset `name`, schemas resolved and checked."""
    path = datapackages_dir / name / "datapackage.yaml"
    if not path.is_file():
        raise InputError(f"{path}: no descriptor for dataset {name!r}")
    own = read_structured(path)
    if not isinstance(own, dict):
        raise InputError(f"{path}: a descriptor must be a mapping")
    defaults_path = datapackages_dir / COMMON_DIR / DEFAULTS_FILE
    defaults = read_structured(defaults_path) if defaults_path.is_file() else {}
    descriptor: Descriptor = {k: v for k, v in (defaults or {}).items() if k not in own}
    descriptor.update(own)
    if descriptor.get("name") != name:
        raise InputError(f"{path}: name is {descriptor.get('name')!r}, expected {name!r}")
    for key in ("title", "description", "licenses", "resources"):
        if not descriptor.get(key):
            raise InputError(f"{path}: missing {key!r}")
    resources = descriptor["resources"]
    if not isinstance(resources, list):
        raise InputError(f"{path}: resources must be a list")
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not resource.get("name"):
            raise InputError(f"{path}: resources[{index}] needs a name")
        where = f"{path}: resource {resource['name']!r}"
        resource["schema"] = _resolve_schema(resource.get("schema"), path.parent, where)
    return descriptor


def _resolve_schema(schema: Any, base: Path, where: str) -> Descriptor:
    if isinstance(schema, str):
        resolved = read_structured((base / schema).resolve())
    elif isinstance(schema, dict) and "$extends" in schema:
        resolved = copy.deepcopy(read_structured((base / schema["$extends"]).resolve()))
        resolved["fields"] = list(schema.get("prepend", [])) + resolved.get("fields", [])
        for key, value in schema.items():
            if key not in ("$extends", "prepend"):
                resolved[key] = value
    elif isinstance(schema, dict):
        resolved = copy.deepcopy(schema)
    else:
        raise InputError(f"{where}: missing schema")
    check_schema(resolved, where)
    return dict(resolved)


def check_schema(schema: Any, where: str) -> None:
    """Reject what would only fail later: unknown types, keys naming no field."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise InputError(f"{where}: schema needs a list of fields")
    names = []
    for index, field in enumerate(schema["fields"]):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise InputError(f"{where}: field {index + 1} needs a name")
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            raise InputError(
                f"{where}: field {field['name']!r} has unknown type {kind!r} "
                f"(use one of {', '.join(sorted(FIELD_TYPES))})"
            )
        names.append(field["name"])
    if len(set(names)) != len(names):
        raise InputError(f"{where}: duplicate field names")
    for key in schema.get("primaryKey", []):
        if key not in names:
            raise InputError(f"{where}: primaryKey names unknown field {key!r}")
