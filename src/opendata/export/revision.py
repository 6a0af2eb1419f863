"""`revision.html`: what a data officer reads in minutes before publishing.

Every figure with its sentence and the figure's text marked, its qualifier; every value that
was inferred rather than read (a year, a state, a section found by its title) with its source;
the page furniture removed from the report and the corrections applied to it. One
self-contained page, no scripts, no timestamps (the same run writes the same bytes).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opendata.extract.series import Read, Series

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


def render_revision(series: Series) -> str:
    """The review page of every edition read: its figures, inferences, furniture, fixes."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="es"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Revisión de las cifras extraídas</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Revisión de las cifras extraídas</h1>",
        "<p>Cada cifra se muestra con la oración de la que se leyó y el texto de la cifra "
        "marcado.</p>",
    ]
    for read in series.reads:
        report = read.report
        start, end = report.period
        parts.append(
            f"<h2>Informe {start}-{end}</h2><p>Archivo <code>{_e(report.source.path.name)}</code>"
            f" (sha256 <code>{_e(report.source.sha256[:16])}…</code>), periodo {start}-{end}.</p>"
        )
        parts.extend(_edition(series, read))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _edition(series: Series, read: Read) -> list[str]:
    parts = ["<h3>Cifras</h3>"]
    for dataset in sorted(series.tables):
        rows = [
            row
            for row in series.tables[dataset].get("indicadores", [])
            if row.get("periodo_informe") == read.label
        ]
        if rows and "dataset" not in rows[0]:  # the catalog repeats every dataset's rows
            parts.append(f"<h4>{_e(dataset)}</h4>{_figures(rows)}")
    inferred = [
        i for r, extraction in series.extractions if r is read for i in extraction.inferences
    ]
    parts.append(f"<h3>Valores inferidos ({len(inferred)})</h3>")
    parts.append(
        "<p>Valores que el informe no escribe junto a su fila: de dónde se tomaron.</p>"
        + _table(
            ["Conjunto", "Elemento", "Valor", "Fuente"],
            [[_e(i.dataset), _e(i.item), _e(i.value), _e(i.source)] for i in inferred],
        )
        if inferred
        else "<p>Ninguno.</p>"
    )
    removed = read.report.furniture
    parts.append(f"<h3>Mobiliario de página retirado ({len(removed)} líneas)</h3>")
    if removed:
        reasons = Counter(r.why for r in removed)
        items = "".join(f"<li>{_e(why)}: {count}</li>" for why, count in sorted(reasons.items()))
        lines = [[str(r.line), f"<code>{_e(r.text)}</code>", _e(r.why)] for r in removed]
        parts.append(f"<ul>{items}</ul>" + _table(["Línea", "Texto", "Motivo"], lines))
    else:
        parts.append("<p>Ninguno: el informe no tiene encabezados, pies ni números de página.</p>")
    applied = read.report.applied_corrections
    parts.append(f"<h3>Correcciones aplicadas ({len(applied)})</h3>")
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
    return parts


def write_revision(folder: Path, series: Series) -> Path:
    target = folder / REVIEW
    target.write_text(render_revision(series), encoding="utf-8")
    return target
