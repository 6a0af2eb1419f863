"""Every figure of the data catalog (docs/DATASETS.md), read from the bundled report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opendata.project import CATALOG
from opendata.runner import RunResult

CATALOG_DOC = Path(__file__).resolve().parents[1] / "docs" / "DATASETS.md"


def catalog_figures() -> list[tuple[str, str, int, str]]:
    """(dataset, indicador, valor, calificador) rows of the catalog's figures table."""
    figures = []
    dataset = ""
    for line in CATALOG_DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[1].startswith("`"):
            continue
        name = re.match(r"`([^`]+)`", cells[0])
        if name:
            dataset = name[1]
        figures.append((dataset, cells[1].strip("`"), int(cells[2]), cells[3]))
    return figures


FIGURES = catalog_figures()


def test_the_catalog_table_was_read() -> None:
    assert len(FIGURES) == 34
    assert len({f[0] for f in FIGURES}) == 7


@pytest.mark.parametrize(("dataset", "indicador", "valor", "calificador"), FIGURES)
def test_figure(
    bundled: RunResult, dataset: str, indicador: str, valor: int, calificador: str
) -> None:
    rows = [r for r in bundled.tables[dataset]["indicadores"] if r["indicador"] == indicador]
    assert len(rows) == 1, f"{dataset}/{indicador} appears {len(rows)} times"
    row = rows[0]
    assert (row["valor"], row["calificador"]) == (valor, calificador)
    # Provenance: the sentence is in the report's section (spaces folded, corrections aside).
    assert row["seccion"] and row["oracion"]
    assert bundled.report is not None
    section = bundled.report.section(row["seccion"])
    assert row["oracion"] in section.body


def test_every_dataset_has_indicators_with_provenance(bundled: RunResult) -> None:
    for dataset, tables in bundled.tables.items():
        assert tables["indicadores"], dataset
        for row in tables["indicadores"]:
            assert row["seccion"] and row["oracion"] and row["periodo"], (dataset, row)


def test_catalog_unions_every_indicator(bundled: RunResult) -> None:
    union = bundled.tables[CATALOG]["indicadores"]
    expected = sum(
        len(tables["indicadores"]) for name, tables in bundled.tables.items() if name != CATALOG
    )
    assert len(union) == expected
    keys = {(r["dataset"], r["indicador"]) for r in union}
    assert len(keys) == len(union)
    assert {(d, i) for d, i, _, _ in FIGURES} <= keys


def test_periods(bundled: RunResult) -> None:
    def period(dataset: str) -> str:
        return str(bundled.tables[dataset]["indicadores"][0]["periodo"])

    assert period("cocreacion-desde-lo-local") == "2024-11"
    assert period("plandai") == "2024/2025"
    assert period("datacon") == "2024-10-17/2024-10-18"
    assert period("cumbre-nacional-estado-abierto") == "2024-08-28/2024-08-29"
    assert period("semanas-universitarias-transparencia") == "2024"
