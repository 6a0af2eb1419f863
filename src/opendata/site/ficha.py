"""A dataset's page ("ficha"): what it is, its charts, downloads, a preview, the data
dictionary, where each figure comes from, its validation, how to cite and load it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opendata.metadata.citation import spanish_date
from opendata.site.charts import Chart, value_text
from opendata.site.cite import apa, bibtex, libre_uso
from opendata.site.jsonld import dataset_jsonld
from opendata.site.layout import e, page, size_text, table
from opendata.site.packages import SitePackage

PREVIEW_ROWS = 10
PREVIEW_CHARS = 160
FIGURES = "indicadores"  # the resource of every package that holds its figures


@dataclass(frozen=True)
class Links:
    """Where the dataset lives besides this site (each optional)."""

    site_url: str | None  # the site's root address, ending in "/"
    portal: str | None  # the CKAN portal's address

    def page(self, name: str) -> str | None:
        return f"{self.site_url}{name}/" if self.site_url else None

    def portal_page(self, name: str) -> str | None:
        return f"{self.portal.rstrip('/')}/dataset/{name}" if self.portal else None


def ficha(package: SitePackage, charts: list[Chart], links: Links) -> str:
    descriptor = package.descriptor
    url = links.portal_page(package.name) or links.page(package.name)
    cite = libre_uso(descriptor, url)
    sections = [
        _heading(package),
        _charts(charts),
        _downloads(package),
        _preview(package),
        _dictionary(package),
        _provenance(package),
        _validation(package),
        _citation(package, cite, url),
        _usage(package, links),
        _metadata_links(package, links),
    ]
    jsonld = dataset_jsonld(package, links.page(package.name), cite)
    head = (
        f'<script type="application/ld+json">\n{jsonld}\n</script>\n'
        '<link rel="alternate" type="application/ld+json" href="dcat.jsonld" title="DCAT">\n'
        '<link rel="describedby" type="application/json" href="datapackage.json">\n'
    )
    return page(
        f"{package.title} · Datos abiertos",
        "\n".join(s for s in sections if s),
        depth=1,
        description=str(descriptor.get("description", "")),
        head=head,
        canonical=links.page(package.name),
    )


def _heading(package: SitePackage) -> str:
    d = package.descriptor
    errors = sum(1 for f in package.findings if f.get("severity") == "error")
    warnings = len(d.get("validacion", {}).get("advertencias", []))
    state = "Validado" if package.valid else "No válido"
    counts = (
        f"{_count(errors, 'error', 'errores')}, {_count(warnings, 'advertencia', 'advertencias')}"
    )
    if "validacion" not in d:  # not written by `opendata run`
        state, counts = "Sin validar", "no pasó por opendata validate"
    badge = (
        f'<a class="insignia {"valido" if package.valid else "invalido"}" href="#validacion">'
        f"{state}: {counts}</a>"
    )
    temporal = d.get("cobertura_temporal") or {}
    when = (
        f"del {_date(temporal['inicio'])} al {_date(temporal['fin'])}"
        if temporal.get("inicio") and temporal.get("fin")
        else "—"
    )
    licence = (d.get("licenses") or [{}])[0]
    licence_html = (
        f'<a href="{e(licence["path"])}">{e(licence.get("title", licence["path"]))}</a>'
        if licence.get("path")
        else e(licence.get("title", "—"))
    )
    contact = d.get("contacto") or {}
    rows = [
        ("Publica", e(package.publisher or "—")),
        (
            "Periodos de los informes" if "," in package.report_period else "Periodo del informe",
            e(package.report_period.replace("/", "-") or "—"),
        ),
        ("Cobertura temporal", e(when)),
        ("Cobertura geográfica", e((d.get("cobertura_espacial") or {}).get("texto", "—"))),
        ("Licencia", licence_html),
        ("Versión", e(d.get("version", "—"))),
        ("Periodicidad", e(_periodicity(str(d.get("periodicidad", ""))))),
        (
            "Contacto",
            f'{e(contact.get("nombre", ""))} (<a href="mailto:{e(contact["correo"])}">'
            f"{e(contact['correo'])}</a>)"
            if contact.get("correo")
            else "—",
        ),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    tags = "".join(
        f'<li><a href="../index.html?etiqueta={e(_query(k))}">{e(k)}</a></li>'
        for k in package.keywords
    )
    return (
        f"<h1>{e(package.title)}</h1>\n<p>{badge}</p>\n"
        f"<p>{e(d.get('description', ''))}</p>\n"
        f'<dl class="meta">{meta}</dl>\n'
        + (f'<ul class="etiquetas" aria-label="Etiquetas">{tags}</ul>' if tags else "")
    )


def _charts(charts: list[Chart]) -> str:
    if not charts:
        return ""
    parts = ["<h2>Gráficos</h2>"]
    for chart in charts:
        ident = f"vista-{chart.name}"
        svg = chart.svg.replace(
            "<svg ",
            f'<svg role="img" aria-labelledby="{ident}-titulo" '
            f'aria-describedby="{ident}-resumen" focusable="false" ',
            1,
        )
        items = "".join(f"<li>{e(item)}</li>" for item in chart.items)
        parts.append(
            f'<figure id="{ident}" class="grafico" data-recurso="{e(chart.resource)}">'
            f'<figcaption id="{ident}-titulo">{e(chart.title)}</figcaption>'
            f'<div class="lienzo" tabindex="0" role="group" aria-labelledby="{ident}-titulo">'
            f"{svg}</div>"
            f'<p id="{ident}-resumen">{e(chart.summary)} Sus números, del recurso '
            f"«{e(chart.resource)}», están en la lista siguiente.</p>"
            f'<details class="alternativa"><summary>Los números del gráfico</summary>'
            f"<ul>{items}</ul></details></figure>"
        )
    return "\n".join(parts)


def _downloads(package: SitePackage) -> str:
    rows = [
        [
            f'<a href="{e(f.name)}" download>{e(f.name)}</a>',
            e(f.title),
            e(f.format.upper()),
            e(size_text(f.bytes)),
            f'<code class="hash">{e(f.sha256)}</code>',
        ]
        for f in package.files
    ]
    return "<h2>Descargas</h2>\n" + table(
        ["Archivo", "Contenido", "Formato", "Tamaño", "sha256"],
        rows,
        "Archivos del conjunto de datos",
        frozenset({3}),
    )


def _preview(package: SitePackage) -> str:
    parts = ["<h2>Vista previa</h2>"]
    for t in package.tables:
        rows = t.read(PREVIEW_ROWS)
        names = [f["name"] for f in t.fields]
        types = {f["name"]: f.get("type", "string") for f in t.fields}
        numeric = frozenset(
            i for i, n in enumerate(names) if types[n] in ("integer", "number", "year")
        )
        cells = [[e(_short(row.get(n), types[n])) for n in names] for row in rows]
        total = t.rows_total if t.rows_total is not None else len(rows)
        shown = (
            f"las primeras {len(rows)} de {total:,} filas"
            if total > len(rows)
            else (f"{_count(total, 'fila', 'filas')}")
        )
        parts.append(
            f"<h3>{e(t.title)} <code>{e(t.name)}.csv</code></h3>"
            + table(names, cells, f"{t.title}: {shown}", numeric)
        )
    return "\n".join(parts)


def _dictionary(package: SitePackage) -> str:
    parts = ["<h2>Diccionario de datos</h2>"]
    for t in package.tables:
        names = [f["name"] for f in t.fields]
        rows = [
            [
                f"<code>{e(f['name'])}</code>",
                e(f.get("title", "")),
                e(_type(f.get("type", "string"))),
                e(_unit(f, names)),
                e(f.get("description", "")),
                e(_constraints(f.get("constraints") or {})),
            ]
            for f in t.fields
        ]
        key = t.schema.get("primaryKey") or []
        keys = [key] if isinstance(key, str) else list(key)
        note = f" La clave de cada fila: {', '.join(keys)}." if keys else ""
        parts.append(
            f"<h3>{e(t.title)} <code>{e(t.name)}</code></h3><p>{e(t.description)}{e(note)}</p>"
            + table(
                ["Campo", "Título", "Tipo", "Unidad", "Descripción", "Restricciones"],
                rows,
                f"Campos de {t.name}",
            )
        )
    return "\n".join(parts)


def _provenance(package: SitePackage) -> str:
    figures = package.table(FIGURES)
    if figures is None or not {"oracion", "seccion"} <= {f["name"] for f in figures.fields}:
        return ""
    items = []
    for row in figures.read():
        value = value_text(row.get("valor"), "integer")
        written = row.get("cifra_texto")
        as_written = f" («{e(written)}»)" if written and written != value else ""
        section = row.get("seccion")
        where = f"Sección {e(section)} del informe" if section else "El informe"
        prefix = f"{e(row['dataset'])}: " if row.get("dataset") else ""
        items.append(
            f"<li>{prefix}<strong>{e(row.get('descripcion'))}</strong>: {e(value)} "
            f"{e(row.get('unidad', ''))}{as_written}"
            f"<details><summary>Origen de la cifra</summary><p>{where}: "
            f"<q>{_marked(str(row.get('oracion') or ''), written)}</q></p></details></li>"
        )
    return (
        '<h2 id="origen">Origen de cada cifra</h2>\n<p>Cada cifra se leyó de una oración del '
        "informe; abra «Origen de la cifra» para ver la oración y su sección.</p>\n"
        f"<ul>{''.join(items)}</ul>"
    )


def _validation(package: SitePackage) -> str:
    rows = [
        [
            e("error" if f.get("severity") == "error" else "advertencia"),
            f"<code>{e(f.get('check', ''))}</code>",
            e(f.get("resource") or "—"),
            e(f.get("message", "")),
        ]
        for f in package.findings
    ]
    checks = f" con {package.checks} expectativas," if package.checks else ""
    state = "pasó la validación" if package.valid else "<strong>no pasó</strong> la validación"
    intro = (
        f"<p>El paquete {state}{checks} el esquema de cada tabla (Frictionless) y las "
        "reglas de consistencia del informe.</p>"
    )
    findings = (
        table(["Nivel", "Comprobación", "Recurso", "Hallazgo"], rows, "Hallazgos de la validación")
        if rows
        else "<p>Sin hallazgos.</p>"
    )
    return f'<h2 id="validacion">Validación</h2>\n{intro}\n{findings}'


def _citation(package: SitePackage, cite: str, url: str | None) -> str:
    year = package.built.year
    return (
        "<h2>Cómo citar</h2>\n<h3>Libre Uso MX</h3>"
        f"<p>{e(cite)}</p>\n<h3>APA</h3><p>{e(apa(package.descriptor, year, url))}</p>\n"
        f"<h3>BibTeX</h3><pre><code>{e(bibtex(package.descriptor, year, url))}</code></pre>"
    )


def _usage(package: SitePackage, links: Links) -> str:
    first = package.table(FIGURES) or (package.tables[0] if package.tables else None)
    if first is None:
        return ""
    portal = links.portal or "https://datos.example.gob.mx"
    python = (
        "import opendata\n\n"
        f'df = opendata.load("{package.name}", resource="{first.name}", portal="{portal}")'
    )
    shell = (
        f"CKAN_URL={portal}\n"
        f'id=$(curl -s "$CKAN_URL/api/3/action/package_show?id={package.name}" \\\n'
        f"  | jq -r '.result.resources[] | select(.opendata_key == \"{first.name}.csv\") | .id')\n"
        'curl -s "$CKAN_URL/api/3/action/datastore_search?resource_id=$id&limit=5"'
    )
    note = "" if links.portal else " (la dirección del portal es un ejemplo)"
    return (
        "<h2>Cómo usar los datos</h2>\n"
        f"<p>En Python, con el paquete <code>opendata</code>{e(note)}: la tabla verificada "
        "contra su sha256, como DataFrame de pandas.</p>"
        f'<pre><code class="python">{e(python)}</code></pre>\n'
        "<p>Con <code>curl</code> y <code>jq</code>, las primeras filas desde la DataStore "
        "del portal CKAN:</p>"
        f'<pre><code class="shell">{e(shell)}</code></pre>'
    )


def _metadata_links(package: SitePackage, links: Links) -> str:
    names = {f.name for f in package.files}
    items = [
        (name, label)
        for name, label in (
            ("datapackage.json", "Descriptor Frictionless Data Package (datapackage.json)"),
            ("dcat.jsonld", "DCAT-AP 3 en JSON-LD (dcat.jsonld)"),
            ("croissant.json", "Croissant (croissant.json)"),
        )
        if name in names
    ]
    lis = "".join(f'<li><a href="{e(n)}">{e(label)}</a></li>' for n, label in items)
    portal = links.portal_page(package.name)
    if portal:
        lis += f'<li><a href="{e(portal)}">Este conjunto de datos en el portal CKAN</a></li>'
    return f"<h2>Metadatos</h2>\n<ul>{lis}</ul>"


def _marked(sentence: str, figure: Any) -> str:
    if not figure or str(figure) not in sentence:
        return e(sentence)
    start = sentence.index(str(figure))
    end = start + len(str(figure))
    return f"{e(sentence[:start])}<mark>{e(figure)}</mark>{e(sentence[end:])}"


def _short(value: Any, kind: str) -> str:
    text = "" if value is None else value_text(value, "string" if kind == "date" else kind)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _date(iso: str) -> str:
    import datetime as dt

    try:
        return spanish_date(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def _type(kind: str) -> str:
    return {
        "string": "texto",
        "integer": "entero",
        "number": "número",
        "boolean": "booleano",
        "date": "fecha",
        "yearmonth": "año y mes",
        "year": "año",
    }.get(kind, kind)


def _unit(field: dict[str, Any], names: list[str]) -> str:
    if field.get("unidad"):
        return str(field["unidad"])
    if field["name"] == "valor" and "unidad" in names:
        return "la de cada fila (campo unidad)"
    return "—"


def _constraints(constraints: dict[str, Any]) -> str:
    said = []
    if constraints.get("required"):
        said.append("obligatorio")
    if constraints.get("unique"):
        said.append("único")
    for key, words in (
        ("minimum", "mínimo"),
        ("maximum", "máximo"),
        ("minLength", "longitud mínima"),
        ("maxLength", "longitud máxima"),
    ):
        if key in constraints:
            said.append(f"{words} {constraints[key]}")
    if "enum" in constraints:
        said.append("uno de: " + ", ".join(map(str, constraints["enum"])))
    if "pattern" in constraints:
        said.append(f"patrón {constraints['pattern']}")
    return "; ".join(said) or "—"


def _periodicity(value: str) -> str:
    return {"R/P1Y": "anual", "R/P6M": "semestral", "R/P3M": "trimestral", "R/P1M": "mensual"}.get(
        value, value or "—"
    )


def _query(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
