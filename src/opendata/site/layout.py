"""The page shell every page of the site shares, its style sheet and HTML helpers."""

from __future__ import annotations

import html

ASSETS = "recursos"
STYLE_FILE = "estilo.css"
SCRIPT_FILE = "catalogo.js"
ICON_FILE = "icono.svg"
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<rect width="16" height="16" rx="3" fill="#12395b"/>'
    '<path d="M3 13V8h2v5zm4 0V4h2v9zm4 0V6h2v7z" fill="#fff"/></svg>\n'
)

# Colours pass WCAG AA on white (text #1b1b1b 17:1, links #0b4f8a 8:1, header 11:1).
STYLE = """:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:#1b1b1b;background:#fff}
a{color:#0b4f8a}a:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.barra{background:#12395b;color:#fff}.barra a{color:#fff}
.barra p{margin:0;padding:.6rem 1rem;max-width:72rem;margin:0 auto}
main,footer{display:block;max-width:72rem;margin:0 auto;padding:0 1rem}
footer{margin-top:3rem;border-top:1px solid #c8c8c8;padding-bottom:2rem;font-size:.9rem}
h1{font-size:1.75rem;line-height:1.25;margin:1.2rem 0 .6rem}
h2{font-size:1.3rem;margin-top:2.4rem;border-bottom:1px solid #c8c8c8;padding-bottom:.2rem}
h3{font-size:1.08rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.93rem}
th,td{border:1px solid #cfcfcf;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}caption{text-align:left;font-weight:600;padding:.3rem 0}
.tabla{overflow-x:auto;max-width:100%}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88em}
pre{background:#f4f4f4;border:1px solid #dcdcdc;padding:.6rem;white-space:pre-wrap;
overflow-wrap:anywhere}
.hash{overflow-wrap:anywhere;font-size:.8rem}
.insignia{display:inline-block;padding:.15rem .7rem;border-radius:1rem;font-weight:600;
text-decoration:none;border:1px solid}
.valido{background:#e7f4ea;color:#14532d}.invalido{background:#fdeceb;color:#8a1c1c}
.aviso{color:#7a3300}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
figure{margin:1.2rem 0}.lienzo{overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-weight:600;margin-bottom:.4rem}
details{margin:.3rem 0}summary{cursor:pointer;color:#0b4f8a}
mark{background:#ffe27a;color:#1b1b1b}
ul.etiquetas{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
ul.etiquetas a{display:inline-block;padding:.05rem .55rem;border:1px solid #0b4f8a;
border-radius:1rem;text-decoration:none;font-size:.88rem}
#conjuntos{list-style:none;padding:0}
#conjuntos>li{border-top:1px solid #dcdcdc;padding:.4rem 0 .8rem}
#conjuntos h2{border:0;margin:.6rem 0 .2rem;font-size:1.2rem}
form.filtros{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end;margin:1rem 0}
form.filtros label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem;
max-width:100%}
form.filtros input,form.filtros select{font:inherit;padding:.3rem;min-width:12rem;max-width:100%;
border:1px solid #6b6b6b;border-radius:.2rem;color:#1b1b1b;background:#fff}
[hidden]{display:none!important}
@media (max-width:40rem){dl.meta{grid-template-columns:1fr}figure svg{max-width:none}
dl.meta dd{margin-bottom:.4rem}h1{font-size:1.45rem}}
@media print{.barra,form.filtros{display:none}a{color:#1b1b1b}details>*{display:block}}
"""

# The index's search and filters: only with JavaScript, the list itself works without it.
SCRIPT = """"use strict";
(function () {
  var form = document.getElementById("filtros");
  var list = document.getElementById("conjuntos");
  if (!form || !list) return;
  var items = Array.prototype.slice.call(list.children);
  var count = document.getElementById("cuenta");
  function plain(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  function apply() {
    var query = plain(form.elements.q.value.trim());
    var tag = form.elements.etiqueta.value;
    var year = form.elements.periodo.value;
    var body = form.elements.organismo.value;
    var shown = 0;
    items.forEach(function (item) {
      var ok = (!query || plain(item.textContent).indexOf(query) >= 0) &&
        (!tag || item.dataset.etiquetas.split("|").indexOf(tag) >= 0) &&
        (!year || item.dataset.periodos.split(" ").indexOf(year) >= 0) &&
        (!body || item.dataset.organismo === body);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown === 1 ? "1 conjunto de datos" : shown + " conjuntos de datos";
  }
  var params = new URLSearchParams(window.location.search);
  ["q", "etiqueta", "periodo", "organismo"].forEach(function (name) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  });
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def page(
    title: str,
    body: str,
    *,
    depth: int,
    description: str,
    head: str = "",
    canonical: str | None = None,
    script: bool = False,
) -> str:
    """A whole page; `depth` is how many folders below the site's root it is."""
    up = "../" * depth
    link = f'<link rel="canonical" href="{e(canonical)}">\n' if canonical else ""
    js = f'<script src="{up}{ASSETS}/{SCRIPT_FILE}" defer></script>\n' if script else ""
    return (
        '<!doctype html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="description" content="{e(description[:300])}">\n'
        f'<link rel="icon" href="{up}{ASSETS}/{ICON_FILE}" type="image/svg+xml">\n'
        f'<link rel="stylesheet" href="{up}{ASSETS}/{STYLE_FILE}">\n{link}{head}{js}'
        "</head>\n<body>\n"
        f'<header class="barra"><p><a href="{up}index.html">Catálogo de datos abiertos</a>'
        "</p></header>\n"
        f"<main>\n{body}\n</main>\n"
        "<footer><p>Sitio generado por opendata a partir de los paquetes de datos validados. "
        "Los datos se publican bajo los Términos de Libre Uso MX.</p></footer>\n"
        "</body>\n</html>\n"
    )


def table(
    head: list[str], rows: list[list[str]], caption: str = "", numeric: frozenset[int] = frozenset()
) -> str:
    """A table inside a scrollable region; cells are given already escaped."""
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    header = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    label = f' aria-label="{e(caption)}"' if caption else ""
    return (
        f'<div class="tabla" role="region" tabindex="0"{label}><table>{cap}'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def size_text(size: int) -> str:
    """A file size as people read it: "1.8 KB", "668 bytes"."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):,.1f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):,.1f} KB"
    return f"{size} bytes"
