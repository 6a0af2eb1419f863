"""`opendata sitio` without a browser: what it writes, the views of the descriptors, the
series chart that appears only with several editions, citations, the landing page, errors."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from site_kit import SERIES_DATASET, site_of, two_editions

from opendata.cli import cli
from opendata.errors import InputError
from opendata.package.descriptor import load_descriptor
from opendata.package.views import package_views
from opendata.publish.mapping import LocalDataset
from opendata.runner import RunResult
from opendata.site.cite import apa, bibtex

FIGURES_VIEW = {
    "name": "cifras",
    "title": "Cifras",
    "resources": ["indicadores"],
    "specType": "vega-lite",
    "spec": {"mark": "bar", "encoding": {"x": {"field": "valor", "type": "quantitative"}}},
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(ROOT), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def site(bundled: RunResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_of(bundled.out, tmp_path_factory.mktemp("sitio") / "output")


def test_sitio_builds_a_page_per_dataset_from_the_bundled_report(
    bundled: RunResult, tmp_path: Path
) -> None:
    import shutil

    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    code, stdout, stderr = invoke("sitio", str(out))
    assert code == 0, stderr
    assert re.fullmatch(r"wrote 11 pages and 11 charts to \S+ in \d+\.\d\d s\n", stdout), stdout
    site = out / "sitio"
    assert sorted(p.parent.name for p in site.glob("*/index.html")) == sorted(bundled.datasets)
    assert (site / "index.html").is_file() and (site / "data.json").is_file()
    for name in bundled.datasets:  # every file of every package, byte for byte
        for path in (bundled.out / name).iterdir():
            copy = site / name / path.name
            assert copy.read_bytes() == path.read_bytes(), copy
    assert not [p.name for p in out.iterdir() if p.name.startswith(".sitio.staging")]
    code, _again, _ = invoke("sitio", str(out))  # built again: replaced whole
    assert code == 0 and (site / "plandai" / "index.html").is_file()


def test_each_page_is_under_300_kb_with_its_charts(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) == 11
    for page in pages:
        assert page.stat().st_size < 300 * 1024, page
    assert sum(1 for p in pages if "<svg " in p.read_text("utf-8")) == 10


def test_pages_are_spanish_with_one_h1_and_headings_in_order(site: Path) -> None:
    for page in sorted(site.rglob("index.html")):
        text = page.read_text("utf-8")
        assert '<html lang="es">' in text
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", text)]
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (page, levels)


def test_views_survive_into_datapackage_json(bundled: RunResult) -> None:
    def views(name: str) -> list[str]:
        descriptor = json.loads((bundled.out / name / "datapackage.json").read_text("utf-8"))
        return [v["name"] for v in descriptor.get("views", [])]

    # The series view is declared in every report package; the site draws it only once the
    # table holds two editions (its `requiere`).
    assert views("semanas-universitarias-transparencia") == [
        "cifras",
        "series",
        "jornadas-por-entidad",
    ]
    assert views("plandai") == ["cifras", "series"]
    semanas = json.loads(
        (bundled.out / "semanas-universitarias-transparencia/datapackage.json").read_text("utf-8")
    )
    jornadas = semanas["views"][2]
    assert jornadas["title"] == "Las jornadas a lo largo de 2024, por entidad federativa"
    assert jornadas["resources"] == ["jornadas"] and jornadas["specType"] == "vega-lite"
    assert "data" not in jornadas["spec"]  # the resource is the data


def test_a_view_that_does_not_fit_its_package_is_refused_in_one_line() -> None:
    descriptor = load_descriptor(ROOT / "datapackages", "plandai")
    wrong_field = dict(FIGURES_VIEW, spec={"mark": "bar", "encoding": {"x": {"field": "valr"}}})
    with pytest.raises(InputError, match=r"views\[0\] cifras: resource 'indicadores' has no field"):
        package_views(None, [wrong_field], descriptor, "plandai")
    with pytest.raises(InputError, match="no resource 'jornadas'"):
        package_views(None, [dict(FIGURES_VIEW, resources=["jornadas"])], descriptor, "p")
    aggregated = dict(FIGURES_VIEW, spec={"mark": "bar", "transform": [{"filter": "true"}]})
    with pytest.raises(InputError, match="may not use transform"):
        package_views(None, [aggregated], descriptor, "p")
    # a common view that does not apply to a package is left out of it, not an error
    assert package_views([dict(FIGURES_VIEW, resources=["jornadas"])], None, descriptor, "p") == []
    with pytest.raises(InputError, match="two views have the same name"):
        package_views([FIGURES_VIEW], [FIGURES_VIEW], descriptor, "p")


def test_the_series_chart_appears_only_with_several_editions(
    bundled: RunResult, site: Path, tmp_path: Path
) -> None:
    assert 'id="vista-series"' not in (site / "plandai" / "index.html").read_text("utf-8")
    out = two_editions(bundled.out, tmp_path / "output")
    descriptor = json.loads((out / SERIES_DATASET / "datapackage.json").read_text("utf-8"))
    assert [v["name"] for v in descriptor["views"]] == ["cifras", "series"]
    code, _, stderr = invoke("sitio", str(out))
    assert code == 0, stderr
    page = (out / "sitio" / SERIES_DATASET / "index.html").read_text("utf-8")
    series = page.split('id="vista-series"')[1].split("</figure>")[0]
    points = set(
        re.findall(r'aria-label="(Descripción: [^"]+; Periodo del informe: [^"]+)"', series)
    )
    assert len(points) == 10  # 5 indicators x 2 editions
    assert (
        "Descripción: Personas que participaron en los cursos-talleres; Periodo del informe: "
        "2023/2024; Valor: 668" in points
    )
    figures = page.split('id="vista-cifras"')[1].split("</figure>")[0]
    assert "Valor: 668" in figures and "Valor: 501" not in figures  # the latest edition only
    assert "Las cifras del informe (informe 2023/2024)" in page  # and says which
    bundled_page = (site / "plandai" / "index.html").read_text("utf-8")
    assert "Las cifras del informe" in bundled_page and "(informe 2023/2024)" not in bundled_page


def test_citations_apa_and_bibtex(bundled: RunResult) -> None:
    descriptor = json.loads((bundled.out / "plandai/datapackage.json").read_text("utf-8"))
    url = "https://datos.example.gob.mx/dataset/plandai"
    assert apa(descriptor, 2025, url) == (
        "Comisión de Estado Abierto y de Transparencia Proactiva (CEAyTP) del Sistema Nacional "
        f"de Transparencia (SNT). (2025). {descriptor['title']} (Versión 1.0.0) "
        f"[Conjunto de datos]. {url}"
    )
    entry = bibtex(descriptor, 2025, url)
    assert entry.startswith("@misc{plandai_2025,\n") and entry.endswith("\n}")
    assert f"  url = {{{url}}}," in entry and "  year = {2025}," in entry
    assert entry.count("{") == entry.count("}")


def test_the_landing_page_is_the_ficha_once_the_site_has_an_address(
    bundled: RunResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = LocalDataset.read(bundled.out / "plandai")
    portal = "https://datos.example.gob.mx"
    monkeypatch.delenv("OPENDATA_SITE_URL", raising=False)
    assert package.metadata("org", portal)["url"] == f"{portal}/dataset/plandai"
    monkeypatch.setenv("OPENDATA_SITE_URL", "https://ceaytp.github.io/opendata")
    assert package.metadata("org", portal)["url"] == "https://ceaytp.github.io/opendata/plandai/"


def test_canonical_links_and_json_ld_use_the_site_address(
    bundled: RunResult, tmp_path: Path
) -> None:
    import shutil

    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    code, _, stderr = invoke("sitio", str(out), "--url", "https://ceaytp.github.io/opendata")
    assert code == 0, stderr
    page = (out / "sitio/datacon/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://ceaytp.github.io/opendata/datacon/">' in page
    document = json.loads(page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert document["url"] == "https://ceaytp.github.io/opendata/datacon/"
    csv_entry = next(
        d for d in document["distribution"] if d["name"] and d["encodingFormat"] == "text/csv"
    )
    assert csv_entry["contentUrl"] == "https://ceaytp.github.io/opendata/datacon/indicadores.csv"
    digest = hashlib.sha256((out / "datacon/indicadores.csv").read_bytes()).hexdigest()
    assert csv_entry["sha256"] == digest


def test_user_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "vacia"
    empty.mkdir()
    cases = [
        (("sitio", str(empty)), f"error: {empty}: no data packages to show (run: opendata run)"),
        (("sitio", str(tmp_path / "no")), f"error: {tmp_path / 'no'}: no such folder"),
        (("sitio", str(empty), "--url", "ftp://x"), "error: --url: 'ftp://x' is not an http(s)"),
    ]
    for args, message in cases:
        code, _stdout, stderr = invoke(*args)
        assert code == 2, (args, stderr)
        assert stderr.startswith(message) and len(stderr.strip().splitlines()) == 1, stderr
        assert "Traceback" not in stderr
    assert not (empty / "sitio").exists()


def test_help_has_an_example_and_the_command_stays_light() -> None:
    code, out, _ = invoke("sitio", "--help")
    assert code == 0 and "Examples:" in out and "opendata sitio" in out
    done = subprocess.run(
        [sys.executable, "-c", "import opendata.cli, sys; print('vl_convert' in sys.modules)"],
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "False"
