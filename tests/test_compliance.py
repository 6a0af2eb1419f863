"""`opendata cumplimiento` on the packages on disk: the bundled ones pass every check a
machine can make there, and each way of breaking a characteristic fails it, naming the file
and line; the report names the law text and version, or the Guía step, of every check."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from opendata.cli import cli
from opendata.runner import RunResult


def cumplimiento(out: Path, *names: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(
        cli,
        ["--project", str(ROOT), "-q", "cumplimiento", *names, "--out", str(out), "--json"],
        env={"CKAN_URL": ""},  # on disk only, whatever the shell says
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def copy_of(bundled: RunResult, tmp_path: Path) -> Path:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    return out


def test_the_bundled_packages_pass_on_disk(bundled: RunResult, tmp_path: Path) -> None:
    out = copy_of(bundled, tmp_path)
    code, report, _ = cumplimiento(out)
    assert code == 0 and report["cumple"] is True and report["portal"] is None
    states = {r["estado"] for r in report["resultados"] if r["severidad"] == "error"}
    assert states == {"cumple", "no verificado"}
    unchecked = {r["verificacion"] for r in report["resultados"] if r["estado"] == "no verificado"}
    assert unchecked == {
        "descarga-anonima",
        "sin-registro",
        "actualizado-en-periodicidad",
        "versiones-anteriores",
        "metadatos-en-el-portal",
    }
    machine = {r["caracteristica"] for r in report["resultados"]}
    assert "gratuitos" in machine and "primarios" in machine
    honest = [r for r in report["resultados"] if r["estado"] == "no verificable por máquina"]
    assert {r["caracteristica"] for r in honest} == {"gratuitos", "primarios"}
    assert (out / "cumplimiento.json").is_file() and (out / "cumplimiento.html").is_file()


def rewrite_table(path: Path, change: Callable[[list[dict[str, str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def add_total(rows: list[dict[str, str]]) -> None:
    rows.append({**rows[-1], "institucion": "Total"})


def wrong_key(rows: list[dict[str, str]]) -> None:
    rows[0]["cve_ent"] = "33"


def not_iso(rows: list[dict[str, str]]) -> None:
    rows[0]["fecha"] = "06/03/2024"


@pytest.mark.parametrize(
    ("change", "check", "evidence"),
    [
        (add_total, "sin-filas-de-totales", "jornadas.csv:13: institucion = 'Total'"),
        (wrong_key, "claves-inegi", "jornadas.csv:2: cve_ent '33' no es clave INEGI"),
        (not_iso, "fechas-iso-8601", "jornadas.csv:2: fecha '06/03/2024'"),
    ],
)
def test_a_broken_table_fails_its_check_naming_file_and_line(
    bundled: RunResult,
    tmp_path: Path,
    change: Callable[[list[dict[str, str]]], None],
    check: str,
    evidence: str,
) -> None:
    out = copy_of(bundled, tmp_path)
    name = "semanas-universitarias-transparencia"
    rewrite_table(out / name / "jornadas.csv", change)
    code, report, _ = cumplimiento(out, name)
    assert code == 1 and report["cumple"] is False
    failed = [r for r in report["resultados"] if r["estado"] == "no cumple"]
    assert [r["verificacion"] for r in failed] == [check]
    assert evidence in failed[0]["evidencia"]
    assert any("paso 2.2" in s["ubicacion"] for s in failed[0]["fuentes"])


def test_numbers_with_their_unit_in_a_text_column_fail(bundled: RunResult, tmp_path: Path) -> None:
    out = copy_of(bundled, tmp_path)
    name = "programa-implementacion-pnda"

    def with_units(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["cifra_texto"] = "200 m2"

    rewrite_table(out / name / "indicadores.csv", with_units)
    code, report, _ = cumplimiento(out, name)
    failed = {r["verificacion"]: r for r in report["resultados"] if r["estado"] == "no cumple"}
    assert code == 1 and list(failed) == ["numeros-sin-unidades"]
    assert (
        "cifra_texto guarda números con su unidad ('200 m2')"
        in failed["numeros-sin-unidades"]["evidencia"]
    )


def test_text_that_is_not_utf8_fails(bundled: RunResult, tmp_path: Path) -> None:
    out = copy_of(bundled, tmp_path)
    path = out / "datacon" / "indicadores.csv"
    path.write_bytes(path.read_text("utf-8").encode("latin-1"))
    code, report, _ = cumplimiento(out, "datacon")
    failed = {r["verificacion"] for r in report["resultados"] if r["estado"] == "no cumple"}
    assert code == 1 and "texto-utf8" in failed


def test_missing_metadata_and_licence_fail(bundled: RunResult, tmp_path: Path) -> None:
    out = copy_of(bundled, tmp_path)
    path = out / "plandai" / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    del descriptor["contacto"]
    descriptor["periodicidad"] = "cada año"
    descriptor["licenses"] = []
    descriptor["resources"][0]["schema"]["fields"][1]["description"] = ""
    path.write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    code, report, _ = cumplimiento(out, "plandai")
    failed = {r["verificacion"]: r for r in report["resultados"] if r["estado"] == "no cumple"}
    assert code == 1
    assert set(failed) == {"metadatos-obligatorios", "licencia-y-cita", "periodicidad-declarada"}
    evidence = failed["metadatos-obligatorios"]["evidencia"]
    assert "falta contactPoint" in evidence and "falta mbox" in evidence
    assert (
        "campo sin descripción en el diccionario de datos: indicadores.csv: indicador" in evidence
    )
    sources = failed["licencia-y-cita"]["fuentes"]
    assert sources[0]["ubicacion"] == "artículo 3, fracción VI, inciso j)"
    assert (
        "4 de mayo de 2015" in sources[0]["version"]
        and "20 de marzo de 2025" in sources[0]["version"]
    )


def test_an_unknown_dataset_or_an_empty_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--project", str(ROOT), "cumplimiento", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path}: no data packages to check (run: opendata run)"
    ]
