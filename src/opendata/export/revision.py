"""`revision.html`: what a data officer reads in minutes before publishing.

Every figure with its sentence and the figure's text marked, its qualifier; every value that
was inferred rather than read (a year, a state, a section found by its title) with its source;
the page furniture removed from the report and the corrections applied to it. One
self-contained page, no scripts, no timestamps (the same run writes the same bytes).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opendata.extract import Report
    from opendata.extract.extraction import Inference

REVIEW = "revision.html"

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d0d0d0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}mark{background:#ffe27a;padding:0 .1rem}
.q{font-weight:600}.q-exacto{color:#1b5e20}.q-otro{color:#8a3b00}
.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.9em}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _marked(sentence: str, figure: str | None) -> str:
    if not figure or figure not in sentence:
        return _e(sentence)
    start = sentence.index(figure)
    end = start + len(figure)
    return f"{_e(sentence[:start])}<mark>{_e(figure)}</mark>{_e(sentence[end:])}"


def _table(head: list[str], rows: list[list[str]]) -> str:
    """An HTML table; cells are given already escaped."""
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _figures(rows: Sequence[Mapping[str, Any]]) -> str:
    cells = []
    for row in rows:
        qualifier = str(row.get("calificador"))
        kind = "q-exacto" if qualifier == "exacto" else "q-otro"
        sentence = (
            _marked(str(row["oracion"]), row.get("cifra_texto"))
            if row.get("metodo") == "texto"
            else f"<em>{_e(row['oracion'])}</em>"
        )
        cells.append(
            [
                f"<code>{_e(row['indicador'])}</code>",
                f'<span class="n">{_e(row["valor"])}</span>',
                f'<span class="q {kind}">{_e(qualifier)}</span>',
                _e(row.get("periodo")),
                _e(row.get("seccion")),
                sentence,
            ]
        )
    head = ["Indicador", "Valor", "Calificador", "Periodo", "Sección", "Oración"]
    return _table(head, cells)


def render_revision(
    report: Report,
    tables: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]],
    inferences: Iterable[Inference],
) -> str:
    start, end = report.period
    parts = [
        "<!DOCTYPE html>",
        '<html lang="es"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Revisión de las cifras extraídas</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Revisión de las cifras extraídas</h1>",
        f"<p>Informe: <code>{_e(report.source.path.name)}</code> (sha256 "
        f"<code>{_e(report.source.sha256[:16])}…</code>), periodo {start}-{end}. Cada cifra se "
        "muestra con la oración de la que se leyó y el texto de la cifra marcado.</p>",
        "<h2>Cifras</h2>",
    ]
    for dataset in sorted(tables):
        rows = tables[dataset].get("indicadores", [])
        if rows and "dataset" not in rows[0]:  # the catalog repeats every dataset's rows
            parts.append(f"<h3>{_e(dataset)}</h3>{_figures(rows)}")

    inferred = list(inferences)
    parts.append(f"<h2>Valores inferidos ({len(inferred)})</h2>")
    parts.append(
        "<p>Valores que el informe no escribe junto a su fila: de dónde se tomaron.</p>"
        + _table(
            ["Conjunto", "Elemento", "Valor", "Fuente"],
            [[_e(i.dataset), _e(i.item), _e(i.value), _e(i.source)] for i in inferred],
        )
        if inferred
        else "<p>Ninguno.</p>"
    )

    removed = report.furniture
    parts.append(f"<h2>Mobiliario de página retirado ({len(removed)} líneas)</h2>")
    if removed:
        reasons = Counter(r.why for r in removed)
        items = "".join(f"<li>{_e(why)}: {count}</li>" for why, count in sorted(reasons.items()))
        lines = [[str(r.line), f"<code>{_e(r.text)}</code>", _e(r.why)] for r in removed]
        parts.append(f"<ul>{items}</ul>" + _table(["Línea", "Texto", "Motivo"], lines))
    else:
        parts.append("<p>Ninguno: el informe no tiene encabezados, pies ni números de página.</p>")

    applied = report.applied_corrections
    parts.append(f"<h2>Correcciones aplicadas ({len(applied)})</h2>")
    parts.append(
        _table(
            ["Sección", "Original", "Corregido", "Motivo"],
            [
                [
                    _e(f.section),
                    f"<code>{_e(f.original)}</code>",
                    f"<code>{_e(f.corrected)}</code>",
                    _e(f.reason),
                ]
                for f in applied
            ],
        )
        if applied
        else "<p>Ninguna.</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_revision(
    folder: Path,
    report: Report,
    tables: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]],
    inferences: Iterable[Inference],
) -> Path:
    target = folder / REVIEW
    target.write_text(render_revision(report, tables, inferences), encoding="utf-8")
    return target
