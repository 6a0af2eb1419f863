"""The site in a real browser: Playwright drives Debian's Chromium over the built site served on
loopback. Every page opens with no console error and no failed request, every link and
download resolves (downloads match the size and sha256 the page states), each chart's numbers
read from its SVG equal the published CSV, the JSON-LD names the dataset, axe-core finds no
serious or critical violation, the index's search and filters work, charts show without
JavaScript, and screenshots at 1280 and 390 px are kept in test-artifacts/sitio/."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)
from site_kit import SERIES_DATASET, label_pairs, served, site_of, two_editions

from opendata.runner import RunResult

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "scripts/axe/node_modules/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "sitio"
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def site(bundled: RunResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled packages and the two-edition package side by side, and their site."""
    out = two_editions(bundled.out, tmp_path_factory.mktemp("ediciones") / "output")
    for package in bundled.out.iterdir():
        if package.is_dir():
            shutil.copytree(package, out / package.name)
    (out / "validation-report.json").write_bytes(
        (bundled.out / "validation-report.json").read_bytes()
    )
    (out / "data.json").write_bytes((bundled.out / "data.json").read_bytes())
    return site_of(out, tmp_path_factory.mktemp("sitio") / "output")


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def context(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    browser = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("perfil")),  # a fresh user-data-dir
        executable_path=CHROMIUM,
        headless=True,
        args=ARGS,
        viewport={"width": 1280, "height": 900},
        locale="es-MX",
    )
    yield browser
    browser.close()


def pages_of(site: Path) -> list[str]:
    """Every page of the site, as paths relative to its root."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


class Visit:
    """A page opened in the browser, with every console error and failed request it met."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.bytes = 0
        page = self.page
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", self._response)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")
        else:
            self.bytes += len(response.body())

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def visits(site: Path, base: str, context: BrowserContext) -> Iterator[dict[str, Visit]]:
    opened = {path: Visit(context, urljoin(base, path)) for path in pages_of(site)}
    yield opened
    for visit in opened.values():
        visit.close()


def test_every_page_opens_with_no_console_error_and_no_failed_request(
    site: Path, visits: dict[str, Visit]
) -> None:
    assert len(visits) == 12  # the index and 11 datasets
    for path, visit in visits.items():
        assert visit.problems == [], path
        assert visit.page.evaluate("document.documentElement.lang") == "es"
        assert visit.bytes < 300 * 1024, (path, visit.bytes)  # the page with all it loads


def test_every_link_and_download_resolves(site: Path, base: str, visits: dict[str, Visit]) -> None:
    checked = external = 0
    for path, visit in visits.items():
        page = visit.page
        anchors = page.eval_on_selector_all(
            "a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])"
        )
        stated = {  # download link -> (size text, sha256) the page states for it
            row[0]: row[1:]
            for row in page.eval_on_selector_all(
                "table tr:has(a[download])",
                "rows => rows.map(r => [r.querySelector('a').href,"
                " r.cells[3].textContent, r.cells[4].textContent])",
            )
        }
        for written, url in anchors:
            if written.startswith("#"):
                assert page.locator(f"[id='{written[1:]}']").count() == 1, (path, written)
                continue
            if urlsplit(url).netloc != urlsplit(base).netloc:
                # No network here: addresses elsewhere are named, not fetched.
                assert url.startswith(("https://", "mailto:")), (path, url)
                external += 1
                continue
            response = page.request.get(url)
            assert response.status == 200, (path, written)
            checked += 1
            if url in stated:
                body = response.body()
                assert hashlib.sha256(body).hexdigest() == stated[url][1].strip(), url
                on_disk = site / urlsplit(url).path.lstrip("/")
                assert len(body) == on_disk.stat().st_size, url
    assert checked > 200 and external > 0


def _csv(base: str, context: BrowserContext, page_path: str, resource: str) -> list[dict[str, str]]:
    url = urljoin(urljoin(base, page_path), f"{resource}.csv")
    response = context.request.get(url)
    assert response.status == 200, url
    return list(csv.DictReader(io.StringIO(response.text())))


def test_each_charts_numbers_read_from_its_svg_equal_the_published_csv(
    base: str, context: BrowserContext, visits: dict[str, Visit]
) -> None:
    charts = 0
    for path, visit in visits.items():
        page = visit.page
        for figure in page.locator("figure.grafico").all():
            charts += 1
            resource = figure.get_attribute("data-recurso")
            assert resource
            rows = _csv(base, context, path, resource)
            schema = _schema(base, context, path, resource)
            if "periodo_informe" in rows[0] and figure.get_attribute("id") == "vista-cifras":
                latest = max(r["periodo_informe"] for r in rows)
                rows = [r for r in rows if r["periodo_informe"] == latest]
            layers: list[list[str]] = figure.evaluate(
                """f => Array.from(f.querySelectorAll('svg g.role-mark')).map(g =>
                    Array.from(g.children)
                      .filter(m => m.getAttribute('role') === 'graphics-symbol')
                      .map(m => m.getAttribute('aria-label')))
                  .filter(labels => labels.length && labels.every(Boolean))"""
            )
            assert layers, (path, resource)
            expected: Counter[tuple[tuple[str, str], ...]] = Counter()
            seen: set[tuple[tuple[str, str], ...]] = set()
            for labels in layers:  # a layer of marks (bars, value labels, points, a panel)
                said = Counter(
                    tuple(sorted(label_pairs(label, schema).items())) for label in labels
                )
                fields = {name for key in said for name, _ in key}
                expected = Counter(
                    tuple(sorted((n, row[n]) for n in fields if row[n] != "")) for row in rows
                )
                assert set(said) <= set(expected), (path, resource, set(said) - set(expected))
                if len(labels) == len(rows):  # a whole layer: one mark per row of the CSV
                    assert said == expected, (path, resource)
                seen |= set(said)
            assert seen >= set(expected), (path, resource)  # every row is drawn
            every = {label for labels in layers for label in labels}
            alternative = figure.locator("details.alternativa li").all_text_contents()
            assert set(alternative) == every and len(alternative) == len(rows), path
            texts = figure.locator("svg g.mark-text.role-mark text").all_text_contents()
            if texts and "valor" in rows[0]:  # the value written on each bar
                assert sorted(int(t.replace(",", "")) for t in texts) == sorted(
                    int(r["valor"]) for r in rows
                ) * (len(texts) // len(rows)), path
    assert charts == 13  # 11 figure charts, the jornadas, the series of the two editions


def _schema(base: str, context: BrowserContext, path: str, resource: str) -> dict[str, Any]:
    descriptor = context.request.get(urljoin(urljoin(base, path), "datapackage.json")).json()
    entry = next(r for r in descriptor["resources"] if r["name"] == resource)
    return dict(entry["schema"])


def test_the_jornadas_chart_places_each_jornada_by_date_and_entidad(
    base: str, context: BrowserContext, visits: dict[str, Visit]
) -> None:
    path = "semanas-universitarias-transparencia/index.html"
    figure = visits[path].page.locator("#vista-jornadas-por-entidad")
    labels = figure.locator("svg [role=graphics-symbol][aria-label]").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))"
    )
    jornadas = _csv(base, context, path, "jornadas")
    schema = _schema(base, context, path, "jornadas")
    assert sorted(
        (p["entidad_federativa"], p["fecha"]) for p in (label_pairs(x, schema) for x in labels)
    ) == sorted((r["entidad_federativa"], r["fecha"]) for r in jornadas)


def test_the_series_chart_shows_each_indicator_across_editions(
    base: str, context: BrowserContext, visits: dict[str, Visit]
) -> None:
    assert visits["plandai/index.html"].page.locator("#vista-series").count() == 0
    path = f"{SERIES_DATASET}/index.html"
    figure = visits[path].page.locator("#vista-series")
    labels = figure.locator("svg g.mark-symbol [aria-label], svg g.mark-line [aria-label]")
    schema = _schema(base, context, path, "indicadores")
    points = {
        (p["descripcion"], p["periodo_informe"], p["valor"])
        for p in (
            label_pairs(x, schema) for x in labels.evaluate_all("ms => ms.map(m => m.ariaLabel)")
        )
    }
    rows = _csv(base, context, path, "indicadores")
    assert points == {(r["descripcion"], r["periodo_informe"], r["valor"]) for r in rows}
    assert len({r["periodo_informe"] for r in rows}) == 2


def test_the_json_ld_parses_and_names_the_dataset(
    base: str, context: BrowserContext, visits: dict[str, Visit]
) -> None:
    for path, visit in visits.items():
        if path == "index.html":
            continue
        scripts = visit.page.locator("script[type='application/ld+json']").all_text_contents()
        assert len(scripts) == 1, path
        document = json.loads(scripts[0])
        descriptor = context.request.get(urljoin(urljoin(base, path), "datapackage.json")).json()
        assert document["@type"] == "Dataset" and document["@context"] == "https://schema.org/"
        assert (document["name"], document["identifier"]) == (
            descriptor["title"],
            descriptor["name"],
        )
        for download in document["distribution"]:
            response = context.request.get(urljoin(urljoin(base, path), download["contentUrl"]))
            assert response.status == 200
            assert hashlib.sha256(response.body()).hexdigest() == download["sha256"]
        links = visit.page.eval_on_selector_all("a[href]", "els => els.map(a => a.textContent)")
        assert any("DCAT" in t for t in links) and any("Croissant" in t for t in links), path


def test_axe_finds_no_serious_or_critical_violation(visits: dict[str, Visit]) -> None:
    assert AXE.is_file(), "run make test (it installs axe-core with npm ci in scripts/axe)"
    for path, visit in visits.items():
        page = visit.page
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], path
        assert len(result["passes"]) > 10  # it did run its checks


def test_headings_in_order_and_every_chart_named(visits: dict[str, Visit]) -> None:
    for path, visit in visits.items():
        levels = visit.page.eval_on_selector_all(
            "h1,h2,h3,h4,h5,h6", "hs => hs.map(h => +h.tagName[1])"
        )
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), path
        for svg in visit.page.locator("svg[role=img]").all():
            name = svg.evaluate(
                "s => document.getElementById(s.getAttribute('aria-labelledby')).textContent"
            )
            assert name.strip(), path


def test_the_index_searches_and_filters(site: Path, base: str, context: BrowserContext) -> None:
    descriptors = [json.loads(p.read_text("utf-8")) for p in site.glob("*/datapackage.json")]

    def with_tag(tag: str) -> int:
        return sum(tag in d["keywords"] for d in descriptors)

    def of_year(year: int) -> int:
        spans = [d["cobertura_temporal"] for d in descriptors]
        return sum(int(s["inicio"][:4]) <= year <= int(s["fin"][:4]) for s in spans)

    page = context.new_page()
    try:
        page.goto(urljoin(base, "index.html"))
        items = page.locator("#conjuntos > li")
        assert items.count() == len(descriptors) == 11 and page.locator("#filtros").is_visible()
        assert page.locator("#cuenta").inner_text() == "11 conjuntos de datos"
        page.fill("#q", "UNIVERSIDADES")  # case and accents do not matter
        visible = [t for t in items.all() if t.is_visible()]
        assert len(visible) == 1 and "Semanas Universitarias" in visible[0].inner_text()
        page.fill("#q", "")
        page.select_option("#etiqueta", "datos abiertos")
        shown = [li.locator("h2").inner_text() for li in items.all() if li.is_visible()]
        assert len(shown) == with_tag("datos abiertos") > 1 and any("DATACON" in t for t in shown)
        page.select_option("#etiqueta", "")
        page.select_option("#periodo", "2023")
        assert page.locator("#cuenta").inner_text() == f"{of_year(2023)} conjuntos de datos"
        assert 0 < of_year(2023) < 11
        page.goto(urljoin(base, "index.html?etiqueta=jornadas"))  # a tag's link from a ficha
        assert with_tag("jornadas") == 1
        assert page.locator("#cuenta").inner_text() == "1 conjunto de datos"
    finally:
        page.close()


def test_charts_and_data_show_without_javascript(
    site: Path, base: str, playwright: Playwright
) -> None:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    try:
        page = browser.new_page(java_script_enabled=False)
        page.goto(urljoin(base, "semanas-universitarias-transparencia/index.html"))
        box = page.locator("#vista-jornadas-por-entidad svg").bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        page.goto(urljoin(base, "index.html"))
        assert page.locator("#conjuntos > li").count() == 11
        assert not page.locator("#filtros").is_visible()  # the filters need a script
    finally:
        browser.close()


def test_screenshots_at_1280_and_390_px(site: Path, base: str, context: BrowserContext) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in pages_of(site):
                page.goto(urljoin(base, path), wait_until="networkidle")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (path, width, overflow)  # wide tables scroll in place
                name = re.sub(r"[^a-z0-9]+", "-", path.removesuffix("/index.html").lower())
                shot = ARTIFACTS / f"{name.removesuffix('-html')}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
    finally:
        page.close()
