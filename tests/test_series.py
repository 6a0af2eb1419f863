"""Editions over time: every dataset is built from every declared edition of the report.

Each table is a series (`periodo_informe` first), each edition also has tables of its own,
the rules across editions catch what only a later edition can break, and every edition is
checked against its own period. The later editions are test editions (tests/editions.py),
marked as such in their own text; they are written into a copy of the project.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from editions import (
    AFTER_NEXT,
    NEXT_YEAR,
    cumulative_down,
    jumped,
    next_year,
    skipped_ordinal,
    without_datacon,
    without_visits,
    year_after_next,
)
from series_kit import add_edition, editions_project, make_optional
from test_figures import FIGURES

from opendata.cli import cli
from opendata.errors import InputError, ValidationFailed
from opendata.project import CATALOG, Project
from opendata.runner import RunResult, run
from opendata.validate.packages import PackageData
from opendata.validate.rules import load_rules

LABELS = ["2023/2024", "2024/2025", "2025/2026"]
BUNDLED = {(d, i): (v, q) for d, i, v, q in FIGURES}
EXPECTED = {
    "2023/2024": BUNDLED,
    "2024/2025": BUNDLED | NEXT_YEAR,
    "2025/2026": BUNDLED | AFTER_NEXT,
}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory, report_text: str) -> RunResult:
    folder = tmp_path_factory.mktemp("tres")
    project = editions_project(
        folder, report_text, [("2024/2025", next_year), ("2025/2026", year_after_next)]
    )
    return run(project, out=project.root / "output")


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_table_is_the_series_of_every_edition(three: RunResult) -> None:
    assert three.validation.valid, three.validation.summary()
    assert [read.label for read in three.reads] == LABELS
    for dataset in three.datasets:
        descriptor = json.loads((three.out / dataset / "datapackage.json").read_text("utf-8"))
        own = [r for r in descriptor["resources"] if "periodo_informe" in r]
        series = [r for r in descriptor["resources"] if "periodo_informe" not in r]
        for resource in series:
            assert resource["schema"]["fields"][0]["name"] == "periodo_informe"
            assert resource["schema"]["primaryKey"][0] == "periodo_informe"
        csvs = [r for r in series if r["format"] == "csv"]
        assert sorted(r["periodo_informe"] for r in own if r["format"] == "csv") == sorted(
            label for label in LABELS for _ in csvs
        )
        for resource in csvs:
            rows = _csv(three.out / dataset / resource["path"])
            assert rows[0][0] == "periodo_informe"
            assert sorted({row[0] for row in rows[1:]}) == LABELS
            for label in LABELS:
                path = three.out / dataset / f"{resource['name']}-{label.replace('/', '-')}.csv"
                edition = _csv(path)
                assert edition[0] == rows[0]
                assert edition[1:] == [row for row in rows[1:] if row[0] == label]


def test_each_edition_gives_its_own_figures(three: RunResult) -> None:
    for label in LABELS:
        got = {
            (dataset, row["indicador"]): (row["valor"], row["calificador"])
            for dataset, tables in three.tables.items()
            if dataset != CATALOG
            for row in tables["indicadores"]
            if row["metodo"] == "texto" and row["periodo_informe"] == label
        }
        assert got == EXPECTED[label], label
    catalog = three.tables[CATALOG]["indicadores"]
    assert sorted({row["periodo_informe"] for row in catalog}) == LABELS
    assert len(catalog) == sum(
        len(tables["indicadores"]) for name, tables in three.tables.items() if name != CATALOG
    )


def test_descriptors_speak_of_the_series_and_name_each_edition(three: RunResult) -> None:
    descriptor = json.loads((three.out / "plandai/datapackage.json").read_text("utf-8"))
    assert "2023-2024 a 2025-2026" in descriptor["description"]
    assert "quinta, sexta y séptima edición" in descriptor["title"]
    assert [e["periodo"] for e in descriptor["ediciones"]] == LABELS
    assert [s["periodo"] for s in descriptor["sources"]] == LABELS
    assert all(len(e["sha256"]) == 64 for e in descriptor["ediciones"])
    assert descriptor["sources"][1]["title"].startswith("Edición de prueba 2024/2025")


def test_the_rules_across_editions_run_and_hold(three: RunResult) -> None:
    across = {"ediciones-consecutivas", "acumulados-no-decrecen"}
    across |= {"indicadores-que-aparecen-o-desaparecen", "saltos-entre-ediciones"}
    assert across <= set(three.validation.rules)
    assert not three.validation.skipped_rules
    assert not [f for f in three.validation.findings if f.check.removeprefix("regla:") in across]
    # The rules of one edition run on each: the one known warning, once per edition.
    warned = [f.message for f in three.validation.warnings]
    assert [m.split(":")[0] for m in warned] == [f"report {label}" for label in LABELS]


def test_list_shows_each_datasets_editions(three: RunResult) -> None:
    shown = CliRunner().invoke(cli, ["list", str(three.out)])
    assert shown.exit_code == 0, shown.output
    assert "plandai  (built " in shown.output
    assert "editions 2023/2024, 2024/2025, 2025/2026)" in shown.output
    listed = json.loads(CliRunner().invoke(cli, ["list", str(three.out), "--json"]).output)
    assert listed[0]["ediciones"] == LABELS


def test_validate_checks_each_edition_against_the_series(three: RunResult) -> None:
    shown = CliRunner().invoke(cli, ["validate", str(three.out)])
    assert shown.exit_code == 0, shown.output
    package = PackageData.read(three.out / "plandai/datapackage.json")
    assert package.editions() == LABELS and not package.edition_mismatches()
    table = package.table("indicadores-2024-2025")
    values = table.column("valor").to_pylist()
    values[1] += 1
    index = table.schema.get_field_index("valor")
    package._tables["indicadores-2024-2025"] = table.set_column(
        index, table.schema.field(index), pa.array(values, table.schema.field(index).type)
    )
    assert package.edition_mismatches() == [
        ("indicadores-2024-2025", "row 3 differs from indicadores's row of 2024/2025")
    ]


BROKEN = [
    pytest.param(
        skipped_ordinal,
        "ediciones-consecutivas",
        "error",
        "plandai/edicion: report 2024/2025 says 6, report 2025/2026 says 8; after edition 6 "
        "comes 7",
        ("sexta edición", "octava edición"),
        id="ordinal",
    ),
    pytest.param(
        cumulative_down,
        "acumulados-no-decrecen",
        "error",
        "cocreacion-desde-lo-local/entidades_federativas_participantes: report 2024/2025 says "
        "31, report 2025/2026 says 29",
        ("han participado 31", "han participado 29"),
        id="cumulative",
    ),
    pytest.param(
        jumped,
        "saltos-entre-ediciones",
        "warning",
        "datacon/visitas_sitio_web: report 2024/2025 says 12480, report 2025/2026 says 60480: "
        "more than 3 times more",
        ("12,480 visitas", "60,480 visitas"),
        id="jump",
    ),
    pytest.param(
        without_visits,
        "indicadores-que-aparecen-o-desaparecen",
        "warning",
        "datacon/visitas_sitio_web: in report 2024/2025, not in report 2025/2026",
        ("12,480 visitas",),
        id="vanishes",
    ),
]


@pytest.mark.parametrize(("build", "rule", "severity", "says", "quoted"), BROKEN)
def test_each_rule_across_editions_names_both_editions_and_sentences(
    build: Callable[[str], str],
    rule: str,
    severity: str,
    says: str,
    quoted: tuple[str, ...],
    tmp_path: Path,
    report_text: str,
) -> None:
    project = editions_project(tmp_path, report_text, [("2024/2025", next_year)])
    add_edition(project, "2025/2026", build(report_text))
    if build is without_visits:
        make_optional(project, "datacon.py", "visitas_sitio_web")
    out = project.root / "output"
    if severity == "error":
        with pytest.raises(ValidationFailed) as failure:
            run(project, out=out)
        assert not out.exists()
        validation = failure.value.validation
        assert validation is not None
    else:
        validation = run(project, out=out).validation
        assert validation.valid
    found = [f for f in validation.findings if f.check == f"regla:{rule}"]
    assert len(found) == 1, [f.line() for f in validation.findings]
    assert found[0].severity == severity
    assert says in found[0].message
    for words in quoted:
        assert any(words in sentence for sentence in found[0].sentences), found[0].sentences
    others = [f for f in validation.errors if f is not found[0]]
    assert not others, [f.line() for f in others]


def test_an_optional_figure_an_edition_lacks_has_no_row_and_a_note(
    tmp_path: Path, report_text: str
) -> None:
    project = editions_project(tmp_path, report_text, [("2024/2025", next_year)])
    add_edition(project, "2025/2026", without_visits(report_text))
    make_optional(project, "datacon.py", "visitas_sitio_web")
    result = run(project, out=project.root / "output")
    codes = {
        row["periodo_informe"]: row["indicador"]
        for row in result.tables["datacon"]["indicadores"]
        if row["indicador"] == "visitas_sitio_web"
    }
    assert sorted(codes) == ["2023/2024", "2024/2025"]
    assert any("the report 2025/2026 does not state visitas_sitio_web" in n for n in result.notes)


def test_an_optional_figure_that_may_be_there_is_still_an_error(
    tmp_path: Path, report_text: str
) -> None:
    project = editions_project(tmp_path, report_text)
    make_optional(project, "datacon.py", "visitas_sitio_web")
    text = next_year(report_text).replace("12,480 visitas", "12 48O visitas")
    add_edition(project, "2024/2025", text)
    with pytest.raises(Exception, match=re.escape("visitas_sitio_web: unreadable figure")):
        run(project, out=project.root / "output")


def test_an_edition_without_a_section_leaves_only_that_dataset_without_its_rows(
    tmp_path: Path, report_text: str
) -> None:
    project = editions_project(
        tmp_path, report_text, [("2024/2025", next_year), ("2025/2026", without_datacon)]
    )
    result = run(project, out=project.root / "output")
    assert result.validation.valid, result.validation.summary()
    datacon = {row["periodo_informe"] for row in result.tables["datacon"]["indicadores"]}
    assert sorted(datacon) == LABELS[:2]
    plandai = {row["periodo_informe"] for row in result.tables["plandai"]["indicadores"]}
    assert sorted(plandai) == LABELS
    assert any("datacon: no rows from the report 2025/2026" in note for note in result.notes)
    descriptor = json.loads((result.out / "datacon/datapackage.json").read_text("utf-8"))
    assert [e["periodo"] for e in descriptor["ediciones"]] == LABELS[:2]
    assert not (result.out / "datacon/indicadores-2025-2026.csv").exists()


def test_a_declared_period_the_report_contradicts_is_refused(
    tmp_path: Path, report_text: str
) -> None:
    project = editions_project(tmp_path, report_text)
    add_edition(project, "2025/2026", next_year(report_text))
    with pytest.raises(
        InputError, match=re.escape("says Periodo 2024 - 2025; ediciones.yaml declares it")
    ):
        run(project, out=project.root / "output")
    source = project.editions.parent / "informe-prueba-2025-2026.txt"
    with pytest.raises(InputError, match=re.escape("ediciones.yaml declares it 2025/2026")):
        run(project, source=source, out=project.root / "output")
    assert not (project.root / "output").exists()


def test_a_source_not_declared_is_of_the_period_it_states(tmp_path: Path, report_text: str) -> None:
    project = editions_project(tmp_path, report_text)
    source = tmp_path / "informe.txt"
    source.write_text(next_year(report_text), encoding="utf-8")
    result = run(project, source=source, out=tmp_path / "output")
    assert [read.label for read in result.reads] == ["2024/2025"]
    assert {r["periodo_informe"] for r in result.tables["plandai"]["indicadores"]} == {"2024/2025"}


def test_a_declared_edition_whose_file_changed_is_refused(tmp_path: Path, report_text: str) -> None:
    project = editions_project(tmp_path, report_text, [("2024/2025", next_year)])
    path = project.editions.parent / "informe-prueba-2024-2025.txt"
    path.write_text(path.read_text("utf-8").replace("31 panelistas", "32 panelistas"), "utf-8")
    shown = CliRunner().invoke(cli, ["--project", str(project.root), "run"])
    assert shown.exit_code == 2
    assert "informe-prueba-2024-2025.txt has sha256" in shown.output
    assert "the file changed (a new edition is a new entry)" in shown.output
    assert "Traceback" not in shown.output


def test_a_jump_factor_must_be_more_than_one(tmp_path: Path) -> None:
    (tmp_path / "reglas.yaml").write_text(
        "- id: saltos\n  severidad: warning\n  descripcion: d\n  regla: salto_mayor_que\n"
        "  factor: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="factor must be more than 1"):
        load_rules(tmp_path)


def test_a_package_the_project_no_longer_has_is_not_carried_over(
    project: Project, bundled: RunResult, tmp_path: Path
) -> None:
    """The catalog's folder under its former name (an output of an earlier version) would be
    published again as a dataset: a run leaves it out, and says so."""
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    shutil.copytree(out / CATALOG, out / "indicadores-ceaytp-2023-2024")
    (out / "notas.txt").write_text("del usuario", encoding="utf-8")
    result = run(project, out=out, datasets=["plandai"])
    assert not (out / "indicadores-ceaytp-2023-2024").exists()
    assert (out / "notas.txt").read_text(encoding="utf-8") == "del usuario"
    assert (out / CATALOG / "datapackage.json").is_file()  # kept: a run of one dataset
    assert any(n.startswith("indicadores-ceaytp-2023-2024: left out") for n in result.notes), (
        result.notes
    )


def test_a_correction_that_matches_no_edition_is_noted(tmp_path: Path, report_text: str) -> None:
    project = editions_project(tmp_path, report_text)
    with project.corrections.open("a", encoding="utf-8") as handle:
        handle.write(
            '- seccion: "4.1"\n  original: "impactando a 999"\n  corregido: "impactando a 998"\n'
            "  motivo: 'Un texto que ninguna edición tiene.'\n"
        )
    result = run(project, out=tmp_path / "output")
    count = len(project.corrections.read_text(encoding="utf-8").split("- seccion:")) - 1
    assert [n for n in result.notes if "matched no text" in n] == [
        f"correcciones.yaml: correction {count} (section 4.1) matched no text of any edition: "
        "'impactando a 999'"
    ]
