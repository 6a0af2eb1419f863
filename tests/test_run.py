"""Whole runs: outputs, determinism, PDF input, and bad input that leaves output untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tree_digest
from pdf_maker import text_to_pdf

from opendata.errors import ExtractionFailed, InputError
from opendata.project import CATALOG, Project
from opendata.runner import RunResult, run


def data_files(out: Path) -> dict[str, str]:
    """The tables' files: what must not depend on where the report came from."""
    return {k: v for k, v in tree_digest(out).items() if k.endswith((".csv", ".parquet"))}


def test_every_dataset_of_the_catalog_is_written(bundled: RunResult, project: Project) -> None:
    names = sorted(p.name for p in bundled.out.iterdir() if p.is_dir())
    expected = sorted([p.dataset for p in project.pipelines()] + [CATALOG])
    assert names == expected
    assert len(names) == 10
    for name in names:
        files = sorted(p.name for p in (bundled.out / name).iterdir())
        tables = sorted(bundled.tables[name])
        assert files == sorted(
            ["croissant.json", "datapackage.json", "dcat.jsonld"]
            + [f"{t}.csv" for t in tables]
            + [f"{t}.parquet" for t in tables]
        )


def test_frictionless_cli_validates_every_package(bundled: RunResult) -> None:
    frictionless = Path(sys.executable).with_name("frictionless")
    for descriptor in sorted(bundled.out.glob("*/datapackage.json")):
        done = subprocess.run(
            [str(frictionless), "validate", str(descriptor)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout[-2000:]


def test_parquet_types_follow_the_table_schema(bundled: RunResult) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    jornadas = pq.read_table(bundled.out / "semanas-universitarias-transparencia/jornadas.parquet")
    assert jornadas.schema.field("numero").type == pa.int64()
    assert jornadas.schema.field("fecha").type == pa.date32()
    assert jornadas.schema.field("cve_ent").type == pa.string()
    assert jornadas.num_rows == 11
    meta = pq.ParquetFile(bundled.out / "plandai/indicadores.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    hitos = pq.read_table(bundled.out / "apertura-institucional/hitos.parquet")
    assert hitos.column("fecha").to_pylist()[3] == "2024-10"  # month precision kept


def test_csv_is_rfc4180_utf8(bundled: RunResult) -> None:
    data = (bundled.out / "semanas-universitarias-transparencia/jornadas.csv").read_bytes()
    text = data.decode("utf-8")
    assert text.startswith(
        "periodo_informe,numero,fecha,institucion,ciudad,entidad_federativa,cve_ent,"
    )
    assert text.count("\r\n") == 12 and "\n" not in text.replace("\r\n", "")
    assert '"Facultad de Derecho, UNAM"' in text


def test_descriptor_carries_sizes_hashes_and_provenance(bundled: RunResult) -> None:
    import hashlib
    import json

    folder = bundled.out / "cumbre-nacional-estado-abierto"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "libre-uso-mx"
    assert bundled.report is not None
    assert descriptor["sources"][0]["sha256"] == bundled.report.source.sha256
    assert len(descriptor["correcciones"]) == 5
    names = [r["name"] for r in descriptor["resources"]]
    tables = ["indicadores", "indicadores-parquet", "paneles", "paneles-parquet"]
    # The series tables, then the tables of the one edition read (kept as first published).
    assert names == tables + [
        name.replace("-parquet", "-2023-2024-parquet") if "parquet" in name else name + "-2023-2024"
        for name in tables
    ]
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["schema"]["fields"]


def test_two_runs_are_byte_identical(project: Project, bundled: RunResult, tmp_path: Path) -> None:
    again = run(project, out=tmp_path / "again")
    assert tree_digest(again.out) == tree_digest(bundled.out)


def test_a_pdf_of_the_report_gives_the_same_data(
    project: Project, bundled: RunResult, report_text: str, tmp_path: Path
) -> None:
    pdf = text_to_pdf(report_text, tmp_path / "informe.pdf")
    result = run(project, source=pdf, out=tmp_path / "from-pdf")
    assert data_files(result.out) == data_files(bundled.out)


def test_another_edition_yields_its_own_figures(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    edition = tmp_path / "otra-edicion.txt"
    edition.write_text(
        report_text.replace("impactando a 668 personas", "impactando a 1,204 personas").replace(
            "once jornadas", "doce jornadas"
        ),
        encoding="utf-8",
    )
    result = run(project, source=edition, out=tmp_path / "out", datasets=["plandai"])
    rows = {r["indicador"]: r["valor"] for r in result.tables["plandai"]["indicadores"]}
    assert rows["personas_participantes"] == 1204
    assert result.datasets == ["plandai"]


@pytest.fixture
def earlier_output(bundled: RunResult, tmp_path: Path) -> Path:
    out = tmp_path / "output"
    shutil.copytree(bundled.out, out)
    return out


def _fails_and_keeps(project: Project, source: Path, out: Path, error: type[Exception]) -> str:
    before = tree_digest(out)
    siblings = sorted(p.name for p in out.parent.iterdir())
    with pytest.raises(error) as caught:
        run(project, source=source, out=out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == siblings  # no staging left behind
    return str(caught.value)


def test_a_missing_section_is_named_and_changes_nothing(
    project: Project, report_text: str, earlier_output: Path, tmp_path: Path
) -> None:
    start = report_text.index("4.1 Quinta edición del PlanDAI 2024-2025\n\nDesde")
    broken = tmp_path / "sin-plandai.txt"
    broken.write_text(
        report_text[:start] + "FRANCISCO REYNALDO GUAJARDO MARTÍNEZ\n", encoding="utf-8"
    )
    message = _fails_and_keeps(project, broken, earlier_output, ExtractionFailed)
    assert message == (
        "plandai: periodo: section not found in the report (about 'PlanDAI') (section 4.1)"
    )


def test_a_garbled_figure_is_named_and_changes_nothing(
    project: Project, report_text: str, earlier_output: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "garbled.txt"
    broken.write_text(
        report_text.replace("609 instituciones", "6O9 instituciones"), encoding="utf-8"
    )
    message = _fails_and_keeps(project, broken, earlier_output, ExtractionFailed)
    assert message == (
        "cocreacion-desde-lo-local: instituciones_publicas: unreadable figure '6O9' in "
        "'Lo que suma el trabajo colaborativo de 6O9 instituciones públicas, 30 personas "
        "facilitadoras' "
        '(section 1.1 Estrategia "Cocreación desde lo Local" del SNT)'
    )


def test_unreadable_reports_are_input_errors(
    project: Project, report_text: str, earlier_output: Path, tmp_path: Path
) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(report_text.encode("latin-1", errors="replace"))
    message = _fails_and_keeps(project, latin1, earlier_output, InputError)
    assert "latin1.txt:9: not UTF-8" in message
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert "is empty" in _fails_and_keeps(project, empty, earlier_output, InputError)
