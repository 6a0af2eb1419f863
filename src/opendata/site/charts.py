"""The views of a package drawn to static SVG at build time (vl-convert: Vega-Lite without a
browser), each with a text alternative that states its numbers.

Every mark of a chart is one row of its resource (opendata.package.views), and its
`description` (the aria-label of the mark in the SVG) is the same line the text alternative
lists for that row: "Descripción: Personas participantes; Valor: 668". Readers of the page,
screen readers and the tests all read the same numbers, and those come from the CSV.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any, Final

from opendata.errors import InputError
from opendata.metadata.citation import spanish_date
from opendata.package.views import EDITION_FIELD, LATEST, spec_fields, view_problem
from opendata.site.packages import Row, SitePackage, Table

TEXT_FIELD = "__texto"
MAX_ROWS = 2000  # a chart of more marks than this says nothing a table would not
LOCALE: Final = "es-MX"
CONFIG = {
    "font": "Liberation Sans, Arial, Helvetica, sans-serif",  # Arial's metrics: labels fit
    "axis": {"aria": False, "labelColor": "#1b1b1b", "titleColor": "#1b1b1b"},
    "header": {"labelColor": "#1b1b1b"},
    "view": {"stroke": None},
}


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    resource: str
    svg: str
    items: list[str]  # the text alternative: one line per mark

    @property
    def summary(self) -> str:
        count = len(self.items)
        return f"{self.title}: gráfico de {count} {'elemento' if count == 1 else 'elementos'}."


def charts_of(package: SitePackage) -> tuple[list[Chart], list[str]]:
    """The package's charts, and a note for each view left out (and why)."""
    charts, notes = [], []
    schemas = {t.name: t.schema for t in package.tables}
    for view in package.descriptor.get("views", []):
        where = f"{package.name}: view {view.get('name') if isinstance(view, dict) else view!r}"
        problem = view_problem(view, schemas)
        if problem:
            raise InputError(f"{where}: {problem.lstrip('!')}")
        table = package.table(view["resources"][0])
        assert table is not None  # view_problem checked it
        if table.rows_total is not None and table.rows_total > MAX_ROWS:
            notes.append(f"{where}: not drawn, {table.rows_total:,} rows (at most {MAX_ROWS:,})")
            continue
        rows = table.read(MAX_ROWS + 1)
        if len(rows) > MAX_ROWS:
            notes.append(f"{where}: not drawn, over {MAX_ROWS:,} rows")
            continue
        if view.get("edicion") == LATEST:
            latest = latest_edition(rows)
            if len(latest) < len(rows):  # several editions: say which one is drawn
                view = {**view, "title": f"{view['title']} (informe {latest[0][EDITION_FIELD]})"}
            rows = latest
        required = view.get("requiere")
        if required and len({r.get(required["campo"]) for r in rows}) < required["distintos"]:
            continue  # e.g. a series with a single edition: nothing to draw yet
        charts.append(draw(view, table, rows, where))
    return charts, notes


def latest_edition(rows: list[Row]) -> list[Row]:
    """The rows of the latest report edition ("2023/2024" sorts after "2022/2023")."""
    editions = {r.get(EDITION_FIELD) for r in rows} - {None}
    if len(editions) < 2:
        return rows
    latest = max(editions, key=str)
    return [r for r in rows if r.get(EDITION_FIELD) == latest]


def draw(view: dict[str, Any], table: Table, rows: list[Row], where: str) -> Chart:
    import vl_convert

    fields = spec_fields(view["spec"])
    titles = {f["name"]: f.get("title") or f["name"] for f in table.fields}
    types = {f["name"]: f.get("type", "string") for f in table.fields}
    items = [mark_text(row, fields, titles, types) for row in rows]
    spec = copy.deepcopy(view["spec"])
    spec["data"] = {
        "values": [{**row, TEXT_FIELD: text} for row, text in zip(rows, items, strict=True)]
    }
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    spec.setdefault("background", "white")
    _describe_marks(spec)
    try:
        svg = vl_convert.vegalite_to_svg(
            json.dumps(spec), format_locale=LOCALE, time_format_locale=LOCALE
        )
    except ValueError as exc:  # vl-convert's error for a spec Vega-Lite cannot compile
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid spec"
        raise InputError(f"{where}: Vega-Lite cannot draw it ({first[:200]})") from None
    return Chart(view["name"], view["title"], table.name, _tidy(svg, view["name"]), items)


def mark_text(row: Row, fields: list[str], titles: dict[str, str], types: dict[str, str]) -> str:
    """The line a mark says: each encoded field's title and value, empty ones left out."""
    parts = []
    for name in fields:
        value = row.get(name)
        if value is None or value == "":
            continue
        parts.append(f"{titles.get(name, name)}: {value_text(value, types.get(name, 'string'))}")
    return "; ".join(parts)


def value_text(value: Any, kind: str) -> str:
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.10g}" if abs(value) < 1e15 else str(value)
    if kind == "date" and isinstance(value, str):
        import datetime as dt

        try:
            return spanish_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _describe_marks(node: Any) -> None:
    """Each unit spec's marks carry their row's text as their description (aria-label)."""
    if isinstance(node, dict):
        if "mark" in node:
            node.setdefault("encoding", {})["description"] = {"field": TEXT_FIELD}
        for key, child in node.items():
            if key not in ("data", "config"):
                _describe_marks(child)
    elif isinstance(node, list):
        for child in node:
            _describe_marks(child)


def _tidy(svg: str, name: str) -> str:
    """The SVG ready to inline: ids made unique to the chart, no XML prologue."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{name}-{m[1]}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{name}-{m[1]})", svg)
