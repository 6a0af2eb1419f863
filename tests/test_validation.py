"""The validation layer: GX suites, the report's consistency rules, the report, the gate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from click.testing import CliRunner
from conftest import ROOT, tree_digest

from opendata.cli import cli
from opendata.errors import ValidationFailed
from opendata.project import Project
from opendata.runner import RunResult, run
from opendata.validate.gx_check import run_suite
from opendata.validate.packages import PackageData
from opendata.validate.rules import check_rules, load_rules
from opendata.validate.series_rules import SERIES_KINDS
from opendata.validate.suites import load_suite

EXPECTED_WARNING = (
    "semanas-universitarias-transparencia/jornadas has 10 distinct hosts, 9 of them higher "
    "education institutions, but indicator "
    "semanas-universitarias-transparencia/instituciones_educacion_superior says 10; "
    "not higher education: Comisión Estatal de Derechos Humanos"
)


def suite_findings(package: PackageData, suite: dict[str, Any] | None) -> list[Any]:
    """The suite's findings on the package's tables, as a run gets them."""
    assert suite is not None
    tables = {name: package.table(name) for name in package.resource_names()}
    return run_suite(package.name, tables, suite, package.period())


def packages(out: Path) -> dict[str, PackageData]:
    return {p.parent.name: PackageData.read(p) for p in sorted(out.glob("*/datapackage.json"))}


def with_table(package: PackageData, resource: str, edit: dict[str, list[object]]) -> PackageData:
    """A copy of `package` whose `resource` has the columns in `edit` replaced."""
    table = package.table(resource)
    for column, values in edit.items():
        index = table.schema.get_field_index(column)
        table = table.set_column(
            index, table.schema.field(index), pa.array(values, table.schema.field(index).type)
        )
    copy = PackageData(package.path, package.descriptor)
    copy._tables = {**package._tables, resource: table}
    return copy


def test_bundled_report_passes_with_exactly_the_expected_warning(bundled: RunResult) -> None:
    validation = bundled.validation
    assert validation.valid
    assert [(f.check, f.message) for f in validation.warnings] == [
        ("regla:sedes-distintas-igual-ies", EXPECTED_WARNING)
    ]
    # The rules across editions need two: with the bundled edition alone they are skipped.
    rules = load_rules(ROOT / "validation")
    across = [r.id for r in rules if r.kind in SERIES_KINDS]
    assert len(across) == 4 and validation.skipped_rules == across
    assert validation.rules == [r.id for r in rules if r.kind not in SERIES_KINDS]
    assert sum(validation.suites.values()) > 70  # semantic expectations only
    report = json.loads((bundled.out / "validation-report.json").read_text(encoding="utf-8"))
    assert report["valid"] and report["errors"] == 0 and report["warnings"] == 1
    assert report["findings"][0]["sentences"][0].startswith("Con ello, se iniciaron")
    descriptor = json.loads(
        (bundled.out / "semanas-universitarias-transparencia/datapackage.json").read_text("utf-8")
    )
    assert descriptor["validacion"] == {
        "valido": True,
        "advertencias": [f"regla:sedes-distintas-igual-ies: {EXPECTED_WARNING}"],
    }


def test_the_html_report_is_readable_offline(bundled: RunResult) -> None:
    page = (bundled.out / "validation-report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "Comisión Estatal de Derechos Humanos" in page
    assert "Valid: nothing blocks publication." in page


def _broken_run(
    project: Project, text: str, bundled: RunResult, tmp_path: Path
) -> tuple[str, dict[str, Any]]:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    before = tree_digest(out)
    source = tmp_path / "informe.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        run(project, source=source, out=out)
    assert tree_digest(out) == before
    rejected = json.loads((tmp_path / "output.rejected/validation-report.json").read_text("utf-8"))
    return str(caught.value), rejected


def test_a_twelfth_jornada_against_once_jornadas_is_an_error(
    project: Project, report_text: str, bundled: RunResult, tmp_path: Path
) -> None:
    line = "- 27 de noviembre, Comisión Estatal de Derechos Humanos, Michoacán."
    text = report_text.replace(
        line, f"{line}\n- 28 de noviembre, Universidad Autónoma de Campeche, Campeche."
    )
    message, rejected = _broken_run(project, text, bundled, tmp_path)
    expected = (
        "semanas-universitarias-transparencia/jornadas lists 12 rows but indicator "
        "semanas-universitarias-transparencia/jornadas says 11"
    )
    assert (
        "error: semanas-universitarias-transparencia/jornadas: "
        f"regla:jornadas-listadas-igual-indicador: {expected}" in message
    )
    finding = next(
        f for f in rejected["findings"] if f["check"] == "regla:jornadas-listadas-igual-indicador"
    )
    assert finding["values"] == {"filas": 12, "indicador": 11}
    assert "once jornadas" in finding["sentences"][0]


def test_percentages_that_do_not_add_to_100_are_an_error(
    project: Project, report_text: str, bundled: RunResult, tmp_path: Path
) -> None:
    text = report_text.replace("un 30% no aplicaban", "un 35% no aplicaban")
    message, rejected = _broken_run(project, text, bundled, tmp_path)
    assert (
        "regla:porcentajes-de-comentarios-suman-100: comentarios_incorporados_pct 70 + "
        "comentarios_no_aplicables_pct 35 = 105, expected 100" in message
    )
    assert rejected["errors"] == 1


def test_each_rule_fires_on_broken_tables(bundled: RunResult) -> None:
    rules = {rule.id: rule for rule in load_rules(ROOT / "validation")}
    base = packages(bundled.out)

    def fired(rule_id: str, dataset: str, resource: str, edit: dict[str, list[object]]) -> str:
        changed = dict(base, **{dataset: with_table(base[dataset], resource, edit)})
        findings, _ = check_rules([rules[rule_id]], list(changed.values()))
        assert len(findings) == 1, rule_id
        return findings[0].message

    indicators = base["cocreacion-desde-lo-local"].rows("indicadores")
    values = [20 if r["indicador"] == "compromisos" else r["valor"] for r in indicators]
    assert fired(
        "compromisos-al-menos-planes", "cocreacion-desde-lo-local", "indicadores", {"valor": values}
    ) == (
        "cocreacion-desde-lo-local/compromisos (20) >= "
        "cocreacion-desde-lo-local/planes_de_accion_publicados (25) does not hold"
    )
    regions = base["apertura-institucional"].table("dialogos_regionales").slice(0, 3)
    changed = PackageData(
        base["apertura-institucional"].path, base["apertura-institucional"].descriptor
    )
    changed._tables = {
        "dialogos_regionales": regions,
        "indicadores": base["apertura-institucional"].table("indicadores"),
    }
    findings, _ = check_rules([rules["regiones-listadas-igual-indicador"]], [changed])
    assert findings[0].message == (
        "apertura-institucional/dialogos_regionales lists 3 rows but indicator "
        "apertura-institucional/dialogos_regionales says 4"
    )
    hitos = [r["fecha"] for r in base["apertura-institucional"].rows("hitos")]
    hitos[2] = "2025-06-07"
    assert fired("fechas-en-el-periodo", "apertura-institucional", "hitos", {"fecha": hitos}) == (
        "1 date(s) outside 2023-01-01..2024-12-31: apertura-institucional/hitos fecha=2025-06-07"
    )
    panels = base["cumbre-nacional-estado-abierto"].table("paneles").slice(0, 6)
    changed = PackageData(
        base["cumbre-nacional-estado-abierto"].path,
        base["cumbre-nacional-estado-abierto"].descriptor,
    )
    changed._tables = {
        "paneles": panels,
        "indicadores": base["cumbre-nacional-estado-abierto"].table("indicadores"),
    }
    findings, _ = check_rules([rules["paneles-listados-igual-indicador"]], [changed])
    assert findings[0].message.startswith("cumbre-nacional-estado-abierto/paneles lists 6 rows")


def test_rules_of_absent_datasets_are_skipped_and_say_so(bundled: RunResult) -> None:
    only = [packages(bundled.out)["plandai"]]
    findings, skipped = check_rules(load_rules(ROOT / "validation"), only)
    assert findings == []
    assert "jornadas-listadas-igual-indicador" in skipped and "fechas-en-el-periodo" not in skipped


CORRUPTIONS = {
    # dataset: (resource, column, index, bad value, expectation that must fail)
    "apertura-institucional": (
        "indicadores",
        "valor",
        3,
        120,
        "expect_column_values_to_be_between",
    ),
    "cocreacion-desde-lo-local": (
        "indicadores",
        "calificador",
        0,
        "aprox",
        "expect_column_values_to_be_in_set",
    ),
    "cumbre-nacional-estado-abierto": (
        "paneles",
        "titulo",
        1,
        "El Congreso Abierto ٧ sus desafíos",
        "expect_column_values_to_not_match_regex",
    ),
    "datacon": ("indicadores", "valor", 0, -4, "expect_column_values_to_be_between"),
    "difusion-gobierno-abierto": (
        "programas_difundidos",
        "oracion",
        1,
        "x",
        "expect_column_value_lengths_to_be_between",
    ),
    "indicadores-ceaytp": (
        "indicadores",
        "indicador",
        1,
        "dialogos_regionales",
        "expect_compound_columns_to_be_unique",
    ),
    "plandai": ("indicadores", "oracion", 0, "", "expect_column_value_lengths_to_be_between"),
    "programa-implementacion-pnda": (
        "indicadores",
        "valor",
        0,
        -1,
        "expect_column_values_to_be_between",
    ),
    "semanas-universitarias-transparencia": (
        "jornadas",
        "cve_ent",
        0,
        "99",
        "expect_column_values_to_be_in_set",
    ),
    "sesiones-comision": (
        "orden_del_dia",
        "sesion",
        0,
        "Primera Sesión Extraordinaria",
        "expect_column_values_to_be_null",
    ),
}


@pytest.mark.parametrize("dataset", sorted(CORRUPTIONS))
def test_each_suite_passes_on_good_data_and_fails_on_a_corrupted_table(
    bundled: RunResult, dataset: str
) -> None:
    package = packages(bundled.out)[dataset]
    suite = load_suite(ROOT / "validation", dataset)
    assert suite_findings(package, suite) == []
    resource, column, index, bad, expectation = CORRUPTIONS[dataset]
    values = package.table(resource).column(column).to_pylist()
    values[index] = bad
    findings = suite_findings(with_table(package, resource, {column: values}), suite)
    assert expectation in {f.check.removeprefix("gx:") for f in findings}
    assert all(f.severity == "error" and f.resource == resource for f in findings)


def test_a_null_in_a_required_column_is_the_validators_not_a_suites(bundled: RunResult) -> None:
    """Table Schema constraints are checked once, by the streaming validator: no suite
    repeats them, and every expectation of a suite says why it holds."""
    from opendata.package.table import csv_text
    from opendata.validate.tables import ResourceInput, check_tables

    package = packages(bundled.out)["plandai"]
    schema = package.schema("indicadores")
    rows = package.rows("indicadores")
    rows[2]["indicador"] = None
    text = csv_text(rows, schema, "plandai/indicadores")
    checked = check_tables("plandai", [ResourceInput("indicadores", schema, [(text, "x.csv")])])
    errors = checked.checks["indicadores"].errors
    # As frictionless: a key (periodo_informe, indicador) with a null part is not compared.
    assert [(e.row, e.field, e.type) for e in errors] == [(4, "indicador", "constraint-error")]
    for path in sorted((ROOT / "validation").glob("*.json")):
        suite = load_suite(ROOT / "validation", path.stem)
        assert suite is not None
        for expectation in suite["expectations"]:
            assert expectation["meta"]["motivo"], (path.name, expectation)
            assert expectation["meta"].get("origen") != "esquema", (path.name, expectation)


def test_cli_exit_codes_for_validation(
    bundled: RunResult, report_text: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    result = runner.invoke(
        cli,
        ["--project", str(ROOT), "-q", "validate", str(out), "--report-dir", str(tmp_path / "r")],
    )
    assert result.exit_code == 0, result.output
    assert "valid: 10 datasets" in result.stdout and "1 warnings" in result.stdout
    assert (tmp_path / "r/validation-report.html").is_file()

    broken = tmp_path / "broken.txt"
    broken.write_text(report_text.replace("un 30% no aplicaban", "un 35% no aplicaban"), "utf-8")
    result = runner.invoke(
        cli, ["--project", str(ROOT), "-q", "run", "--source", str(broken), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "INVALID" in result.stderr and "nothing changed in" in result.stderr

    # What users download is checked: the CSV against its schema, its hash, its Parquet twin.
    def errors(edit: tuple[str, str]) -> set[str]:
        shutil.rmtree(out)
        shutil.copytree(bundled.out, out)
        rows = out / "cocreacion-desde-lo-local/indicadores.csv"
        rows.write_text(rows.read_text("utf-8").replace(*edit), "utf-8")
        result = runner.invoke(cli, ["--project", str(ROOT), "-q", "validate", str(out)])
        assert result.exit_code == 1
        lines = [line for line in result.stdout.splitlines() if line.startswith("error")]
        assert all("cocreacion-desde-lo-local" in line for line in lines), lines
        return {line.split(": ")[2] for line in lines}

    assert errors((",164,", ",-164,")) == {
        "schema:constraint-error",
        "integrity:byte-count",
        "integrity:hash-count",
    }
    # 165 fits the schema: its Parquet twin and the figure's own text say otherwise.
    assert errors((",164,", ",165,")) == {
        "parquet:rows",
        "integrity:hash-count",
        "integrity:byte-count",
        "regla:cifras-como-estan-escritas",
        "serie",  # the edition's own file still says 164
    }


def test_help_and_list_do_not_import_great_expectations(bundled: RunResult) -> None:
    for args in (["--help"], ["list", str(bundled.out)]):
        code = (
            "import sys\nfrom opendata.cli import cli\n"
            f"try:\n    cli({args!r})\nexcept SystemExit:\n    pass\n"
            "print('GX', 'great_expectations' in sys.modules)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        assert "GX False" in done.stdout


def test_a_command_that_stops_the_warming_worker_exits_without_a_traceback() -> None:
    """A command that fails early stops the Great Expectations worker still importing; the
    process's exit then prints nothing (Python 3.11's pool exit hook used to write to a closed
    pipe: "Exception ignored … Bad file descriptor", one run in a few on a busy machine)."""
    code = (
        "from opendata.validate.gx_check import SuiteRunner, stop_warming\n"
        "SuiteRunner().start()\n"
        "stop_warming()\n"
    )
    for _ in range(4):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (0, "")
