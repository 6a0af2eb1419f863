"""The net under extraction: each figure read again from its own text, by other code.

`validation/reglas.yaml`'s `cifras-como-estan-escritas` (validate/figure_text.py) checks every
`indicadores` row read from the text: `cifra_texto` stands whole in `oracion`, and reading it
gives `valor` and `calificador`. It shares no code with the extractor, so a bug there cannot
hide a wrong number here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT
from test_validation import packages, with_table

from opendata.runner import RunResult
from opendata.validate.figure_text import check_figure
from opendata.validate.rules import check_rules, load_rules

NET = [rule for rule in load_rules(ROOT / "validation") if rule.id == "cifras-como-estan-escritas"]


def test_the_net_is_written_apart_from_the_extractor() -> None:
    tree = ast.parse((ROOT / "src/opendata/validate/figure_text.py").read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name.startswith("opendata") for name in imported), imported
    assert NET and NET[0].severity == "error"


def test_every_bundled_figure_passes_the_net(bundled: RunResult) -> None:
    findings, _ = check_rules(NET, list(packages(bundled.out).values()))
    assert findings == []


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("valor", 480, "'9,810' reads as 9810 (exacto), the row says 480 (exacto)"),
        ("calificador", "mas_de", "'9,810' reads as 9810 (exacto), the row says 9810 (mas_de)"),
        ("cifra_texto", "810", "'810' does not stand as a whole number in its sentence"),
        ("cifra_texto", None, "no cifra_texto"),
    ],
)
def test_a_planted_wrong_figure_is_refused(
    bundled: RunResult, column: str, value: object, words: str
) -> None:
    datacon = packages(bundled.out)["datacon"]
    rows = datacon.rows("indicadores")
    index = next(i for i, row in enumerate(rows) if row["indicador"] == "visitas_sitio_web")
    values = [row[column] for row in rows]
    values[index] = value
    findings, _ = check_rules(NET, [with_table(datacon, "indicadores", {column: values})])
    assert [f.severity for f in findings] == ["error"]
    assert f"datacon/visitas_sitio_web: {words}" in findings[0].message


@pytest.mark.parametrize(
    ("cifra", "sentence", "value", "qualifier", "ok"),
    [
        ("12 480", "se contaron 12 480 visitas", 12480, "exacto", True),
        ("480", "se contaron 12 480 visitas", 480, "exacto", False),
        ("12", "se contaron 12 480 visitas", 12, "exacto", False),
        ("20", "20 mil visualizaciones", 20, "exacto", False),
        ("mil", "dos mil visitas", 1000, "exacto", False),
        ("treinta", "treinta y dos personas", 30, "exacto", False),
        ("70", "el 70% fue incorporado", 70, "exacto", False),
        ("un 30%", "y un 30% no aplicaba", 30, "exacto", False),
        ("30%", "y un 30% no aplicaba", 30, "exacto", True),
        ("alrededor de 30", "alrededor de 30 personas", 30, "aproximado", True),
        ("alrededor de 30", "alrededor de 30 personas", 30, "exacto", False),
        ("casi 80", "casi 80 ciudadanas", 80, "aproximado", True),
        ("menos de 50", "menos de 50 comentarios", 50, "menos_de", True),
        ("cuarta", "la cuarta edición", 4, "exacto", True),
        ("cuarta", "la cuarta edición", 3, "exacto", False),
    ],
)
def test_the_independent_reader(
    cifra: str, sentence: str, value: int, qualifier: str, ok: bool
) -> None:
    assert (check_figure(cifra, sentence, value, qualifier) is None) == ok


def test_published_rows_keep_the_figure_as_written(bundled: RunResult) -> None:
    rows = {r["indicador"]: r for r in bundled.tables["datacon"]["indicadores"]}
    assert rows["personas_registradas"]["cifra_texto"] == "más de 500"
    assert rows["visitas_sitio_web"]["cifra_texto"] == "9,810"
    assert rows["edicion"]["cifra_texto"] == "cuarta"
    assert rows["mesas_de_dialogo"]["cifra_texto"] == "una"
    counted = bundled.tables["sesiones-comision"]["indicadores"]
    assert all(r["metodo"] == "conteo" and r["cifra_texto"] is None for r in counted)


def test_the_review_page_shows_every_figure_in_its_sentence(bundled: RunResult) -> None:
    page = (bundled.out / "revision.html").read_text(encoding="utf-8")
    text_rows = [
        row
        for name, tables in bundled.tables.items()
        if name != "indicadores-ceaytp"
        for row in tables["indicadores"]
        if row["metodo"] == "texto"
    ]
    assert page.count("<mark>") == len(text_rows) == 34
    assert "<mark>más de 500</mark> personas" in page
    assert '<html lang="es">' in page
    # Inferred values, with their source: the year of undated days, states from sedes.yaml.
    assert "Valores inferidos" in page and "sedes.yaml" in page and "Semanas Universitarias" in page
    assert "Correcciones aplicadas (7)" in page


def test_descriptor_texts_that_contradict_the_figures_fail_the_run(
    report_text: str, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    from click.testing import CliRunner
    from editions import EDITIONS

    from opendata.cli import cli

    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    project = tmp_path / "proyecto"
    for name in listed.stdout.splitlines():
        if name.startswith(("pipelines/", "datapackages/", "validation/")):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    descriptor = project / "datapackages/datacon/datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(
        text.replace("Cifras de la {edicion} edición", "Cifras de la cuarta edición").replace(
            "(DATACON) {anio}", "(DATACON) 2024"
        ),
        encoding="utf-8",
    )
    edition = next(e for e in EDITIONS if e.name == "siguiente")
    source = tmp_path / "siguiente.txt"
    source.write_text(edition.build(report_text), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "--project",
            str(project),
            "-q",
            "run",
            "--source",
            str(source),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert (
        "error: datacon: descriptor: datacon.description says 'cuarta edición', the figures "
        "say edition 5" in lines
    )
    assert (
        "error: datacon: descriptor: datacon.title names the year 2024, which none of its "
        "figures is of" in lines
    )
    assert not (tmp_path / "out").exists()
