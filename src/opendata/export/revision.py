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
    ]
    parts.append("<h2>Cifras</h2>")
    for dataset in sorted(tables):
        rows = tables[dataset].get("indicadores", [])
        if not rows or "dataset" in (rows[0] if rows else {}):
            continue
        parts.append(f"<h3>{_e(dataset)}</h3><table><thead><tr><th>Indicador</th>")
        parts.append(
            "<th>Valor</th><th>Calificador</th><th>Periodo</th><th>Sección</th>"
            "<th>Oración</th></tr></thead><tbody>"
        )
        for row in rows:
            qualifier = str(row.get("calificador"))
            kind = "q-exacto" if qualifier == "exacto" else "q-otro"
            sentence = (
                _marked(str(row["oracion"]), row.get("cifra_texto"))
                if row.get("metodo") == "texto"
                else f"<em>{_e(row['oracion'])}</em>"
            )
            parts.append(
                f"<tr><td><code>{_e(row['indicador'])}</code></td>"
                f'<td class="n">{_e(row["valor"])}</td>'
                f'<td class="q {kind}">{_e(qualifier)}</td><td>{_e(row.get("periodo"))}</td>'
                f"<td>{_e(row.get('seccion'))}</td><td>{sentence}</td></tr>"
            )
        parts.append("</tbody></table>")

    inferred = list(inferences)
    parts.append(f"<h2>Valores inferidos ({len(inferred)})</h2>")
    if inferred:
        parts.append(
            "<p>Valores que el informe no escribe junto a su fila: de dónde se tomaron.</p>"
            "<table><thead><tr><th>Conjunto</th><th>Elemento</th><th>Valor</th><th>Fuente</th>"
            "</tr></thead><tbody>"
        )
        for item in inferred:
            parts.append(
                f"<tr><td>{_e(item.dataset)}</td><td>{_e(item.item)}</td>"
                f"<td>{_e(item.value)}</td><td>{_e(item.source)}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>Ninguno.</p>")

    removed = report.furniture
    parts.append(f"<h2>Mobiliario de página retirado ({len(removed)} líneas)</h2>")
    if removed:
        reasons = Counter(r.why for r in removed)
        parts.append("<ul>")
        parts.extend(f"<li>{_e(why)}: {count}</li>" for why, count in sorted(reasons.items()))
        parts.append(
            "</ul><table><thead><tr><th>Línea</th><th>Texto</th><th>Motivo</th></tr></thead><tbody>"
        )
        for removal in removed:
            parts.append(
                f'<tr><td class="n">{removal.line}</td><td><code>{_e(removal.text)}</code></td>'
                f"<td>{_e(removal.why)}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>Ninguno: el informe no tiene encabezados, pies ni números de página.</p>")

    applied = report.applied_corrections
    parts.append(f"<h2>Correcciones aplicadas ({len(applied)})</h2>")
    if applied:
        parts.append(
            "<table><thead><tr><th>Sección</th><th>Original</th><th>Corregido</th>"
            "<th>Motivo</th></tr></thead><tbody>"
        )
        for fix in applied:
            parts.append(
                f"<tr><td>{_e(fix.section)}</td><td><code>{_e(fix.original)}</code></td>"
                f"<td><code>{_e(fix.corrected)}</code></td><td>{_e(fix.reason)}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>Ninguna.</p>")
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
