"""Build the site beside the packages, then make it current in one step (OUT/sitio/)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from opendata import destination
from opendata.errors import InputError
from opendata.files import resolved
from opendata.site.charts import charts_of
from opendata.site.ficha import Links, ficha
from opendata.site.index import index_page
from opendata.site.layout import ASSETS, ICON, ICON_FILE, SCRIPT, SCRIPT_FILE, STYLE, STYLE_FILE
from opendata.site.packages import SitePackage, find_packages

SITE_DIR = "sitio"
CATALOG_FILES = ("data.json",)
MAX_PAGE_BYTES = 300 * 1024


@dataclass
class SiteResult:
    folder: Path
    pages: list[Path]
    charts: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def build_site(
    out: Path,
    *,
    site_url: str | None = None,
    portal: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> SiteResult:
    """The site of every package of `out`, written to `out/sitio/`."""
    started = time.perf_counter()
    out = resolved(out)
    if site_url is not None:
        site_url = _address(site_url, "--url")
    links = Links(site_url, _address(portal, "--portal").rstrip("/") if portal else None)
    target = out / SITE_DIR
    with destination.writing(out, shared=True):  # no run swaps the packages while we read
        packages = find_packages(out)
        with destination.writing(target):
            staging = destination.new_staging(target)
            try:
                pages, charts, notes = _write(staging, out, packages, links, progress)
                destination.swap_in(staging, target)
            except OSError as exc:
                raise InputError(f"{target}: cannot write the site ({exc.strerror})") from None
            finally:
                destination.remove(staging)
    pages = [target / p.relative_to(staging) for p in pages]
    return SiteResult(target, pages, charts, time.perf_counter() - started, notes)


def _write(
    staging: Path,
    out: Path,
    packages: list[SitePackage],
    links: Links,
    progress: Callable[[str], None],
) -> tuple[list[Path], int, list[str]]:
    assets = staging / ASSETS
    assets.mkdir()
    (assets / STYLE_FILE).write_text(STYLE, encoding="utf-8")
    (assets / SCRIPT_FILE).write_text(SCRIPT, encoding="utf-8")
    (assets / ICON_FILE).write_text(ICON, encoding="utf-8")
    (staging / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve as is
    for name in CATALOG_FILES:
        if (out / name).is_file():
            destination.carry_over(out, staging, {name: name})
    pages, notes, drawn = [], [], 0
    for package in packages:
        progress(f"page of {package.name}")
        folder = staging / package.name
        folder.mkdir()
        destination.carry_over(package.folder, folder, {f.name: f.name for f in package.files})
        charts, skipped = charts_of(package)
        drawn += len(charts)
        notes.extend(skipped)
        pages.append(_page(folder / "index.html", ficha(package, charts, links)))
    pages.append(_page(staging / "index.html", index_page(packages, links.site_url)))
    for path in pages:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            notes.append(f"{path.relative_to(staging)}: {size:,} bytes, over 300 KB")
    return pages, drawn, notes


def _page(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _address(url: str, option: str) -> str:
    """An http(s) address, with the trailing slash a site's root needs."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{option}: {url!r} is not an http(s) address")
    return url if url.endswith("/") else url + "/"
