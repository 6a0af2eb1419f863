"""Charts declared in descriptors: Frictionless views with a Vega-Lite spec, each tied to one
named resource of the package (`opendata sitio` renders them to SVG).

    views:
      - name: cifras
        title: Las cifras del informe
        resources: [indicadores]
        specType: vega-lite
        spec: {mark: bar, encoding: {x: {field: valor, type: quantitative}, ...}}
        requiere: {campo: periodo_informe, distintos: 2}   # optional
        edicion: ultima                                    # optional

A view draws the rows of its resource as published: its spec has no `data` (the resource is
its data), no `transform` and no `aggregate`, so every mark is one row of the CSV. `requiere`
shows it only when a column holds at least `distintos` different values (a series needs two
editions); `edicion: ultima` draws only the rows of the latest report edition when the table
has several (its `periodo_informe` column), so one edition's figures are not drawn over
another's. The views of `_comun/paquete.yaml` come first in every package; one whose
resource or fields a package lacks is left out of that package. A dataset's own views must
apply to it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from opendata.errors import InputError
from opendata.package.series import EDITION_COLUMN

VIEW_NAME = re.compile(r"[a-z0-9][a-z0-9_\-]{0,99}")
SPEC_TYPE = "vega-lite"
EDITION_FIELD = EDITION_COLUMN  # the report edition of each row, once tables hold several
LATEST = "ultima"
FORBIDDEN = ("data", "transform", "aggregate", "datasets")


def package_views(
    common: Any, own: Any, descriptor: dict[str, Any], where: str
) -> list[dict[str, Any]]:
    """The views of a package: the common ones that apply to it, then its own, checked."""
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    views: list[dict[str, Any]] = []
    for declared, strict in ((common, False), (own, True)):
        if declared is None:
            continue
        if not isinstance(declared, list):
            raise InputError(f"{where}: views must be a list")
        for index, view in enumerate(declared):
            problem = view_problem(view, schemas)
            if problem is None:
                views.append(copy.deepcopy(view))
            elif strict or problem.startswith("!"):
                label = view.get("name") if isinstance(view, dict) else None
                raise InputError(f"{where}: views[{index}] {label or ''}: {problem.lstrip('!')}")
    names = [view["name"] for view in views]
    if len(set(names)) != len(names):
        raise InputError(f"{where}: two views have the same name")
    return views


def view_problem(view: Any, schemas: dict[str, dict[str, Any]]) -> str | None:
    """What is wrong with a view for a package whose resources have `schemas`. A problem that
    starts with "!" is an error wherever the view is declared; the others say it does not
    apply to this package."""
    if not isinstance(view, dict):
        return "!a view must be a mapping"
    if not isinstance(view.get("name"), str) or not VIEW_NAME.fullmatch(view["name"]):
        return "!name must be lower-case letters, digits, '-' or '_'"
    if not isinstance(view.get("title"), str) or not view["title"]:
        return "!needs a title"
    if view.get("specType") != SPEC_TYPE:
        return f"!specType must be {SPEC_TYPE!r}"
    resources = view.get("resources")
    if not isinstance(resources, list) or len(resources) != 1 or not isinstance(resources[0], str):
        return "!resources must name exactly one resource"
    spec = view.get("spec")
    if not isinstance(spec, dict):
        return "!spec must be a Vega-Lite specification (a mapping)"
    bad = sorted(set(FORBIDDEN) & _keys(spec))
    if bad:
        return f"!spec may not use {', '.join(bad)}: a view draws its resource's rows as published"
    required = view.get("requiere")
    if required is not None and not (
        isinstance(required, dict)
        and isinstance(required.get("campo"), str)
        and isinstance(required.get("distintos"), int)
        and not isinstance(required.get("distintos"), bool)
        and required["distintos"] >= 1
    ):
        return "!requiere must be {campo: <field>, distintos: <whole number>}"
    if view.get("edicion", LATEST) != LATEST:
        return f"!edicion can only be {LATEST!r} (the rows of the latest report edition)"
    schema = schemas.get(resources[0])
    if schema is None:
        return f"no resource {resources[0]!r}"
    fields = {f["name"] for f in schema["fields"]}
    used = spec_fields(spec) + ([required["campo"]] if required else [])
    unknown = [name for name in used if name not in fields]
    if unknown:
        return f"resource {resources[0]!r} has no field {', '.join(map(repr, unknown))}"
    return None


def spec_fields(spec: Any) -> list[str]:
    """The fields a spec encodes, in the order it names them (facets first)."""
    found: list[str] = []

    def visit(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            if key in ("facet", "row", "column") or _is_channel(key):
                field = node.get("field")
                if isinstance(field, str) and field not in found:
                    found.append(field)
            for child_key, child in node.items():
                visit(child, child_key)
        elif isinstance(node, list):
            for child in node:
                visit(child, key)

    visit(spec, None)
    return found


_CHANNELS = {
    "x",
    "y",
    "x2",
    "y2",
    "color",
    "fill",
    "stroke",
    "shape",
    "size",
    "opacity",
    "text",
    "tooltip",
    "detail",
    "order",
    "theta",
    "radius",
    "description",
}


def _is_channel(key: str | None) -> bool:
    return key in _CHANNELS


def _keys(node: Any) -> set[str]:
    """Every key anywhere in a spec."""
    if isinstance(node, dict):
        return set(node) | set().union(*(_keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node))
    return set()
