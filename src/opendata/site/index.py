"""The site's home page: every dataset, with search and filters by tag, period and body."""

from __future__ import annotations

from urllib.parse import quote

from opendata.site.layout import e, page
from opendata.site.packages import SitePackage


def index_page(packages: list[SitePackage], canonical: str | None) -> str:
    tags = sorted({k for p in packages for k in p.keywords}, key=str.casefold)
    years = sorted({y for p in packages for y in p.years})
    bodies = sorted({p.publisher for p in packages if p.publisher})
    items = "\n".join(_item(p) for p in packages)
    body = (
        "<h1>Catálogo de datos abiertos</h1>\n"
        f"<p>{len(packages)} conjuntos de datos con las cifras de los informes de cierre, "
        "cada uno con sus gráficos, su diccionario de datos, una vista previa, sus descargas "
        "verificables (sha256) y el origen de cada cifra en el informe.</p>\n"
        '<form id="filtros" class="filtros" role="search" hidden>'
        '<label for="q">Buscar<input type="search" id="q" name="q" '
        'placeholder="p. ej. universidades"></label>'
        + _select("etiqueta", "Etiqueta", tags)
        + _select("periodo", "Periodo", [str(y) for y in years])
        + _select("organismo", "Organismo", bodies)
        + '<p id="cuenta" aria-live="polite"></p></form>\n'
        f'<ul id="conjuntos">\n{items}\n</ul>\n'
        '<p>El catálogo completo en DCAT-US 1.1: <a href="data.json">data.json</a>.</p>'
    )
    return page(
        "Catálogo de datos abiertos",
        body,
        depth=0,
        description="Conjuntos de datos abiertos con gráficos, diccionario de datos y descargas.",
        canonical=canonical,
        script=True,
    )


def _select(name: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)
    return (
        f'<label for="{name}">{e(label)}<select id="{name}" name="{name}">'
        f'<option value="">Todos</option>{options}</select></label>'
    )


def _item(package: SitePackage) -> str:
    years = " ".join(str(y) for y in package.years)
    span = f"{package.years[0]}–{package.years[-1]}" if len(package.years) > 1 else years
    tags = "".join(
        f'<li><a href="index.html?etiqueta={quote(k, safe="")}">{e(k)}</a></li>'
        for k in package.keywords
    )
    state = "validado" if package.valid else "no válido"
    count = len(package.tables)
    tables = f"{count} {'tabla' if count == 1 else 'tablas'}"
    return (
        f'<li data-etiquetas="{e("|".join(package.keywords))}" data-periodos="{e(years)}" '
        f'data-organismo="{e(package.publisher)}">'
        f'<h2><a href="{e(package.name)}/index.html">{e(package.title)}</a></h2>'
        f"<p>{e(package.descriptor.get('description', ''))}</p>"
        f"<p>Periodo: {e(span or '—')} · {tables} · {state}</p>"
        f'<ul class="etiquetas" aria-label="Etiquetas">{tags}</ul></li>'
    )
