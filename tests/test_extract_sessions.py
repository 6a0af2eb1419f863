"""Sessions of the Commission: a date or agenda item matched to a session by its position on
the page is published only where that position is certain; otherwise a one-line refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from extract_kit import run_report

from opendata.extract import Extraction, load_report
from opendata.extract.series import extract_dataset
from opendata.project import Project

HEADING = "I. Principales hitos de las Sesiones Ordinarias y Extraordinarias"
JUNE, OCTOBER, NOVEMBER = "03 de junio de 2024", "02 de octubre de 2024", "19 de noviembre de 2024"
PAGE_2_NAMES = "Reunión de Trabajo\n\nTercera Sesión Extraordinaria\n\nComisiones Unidas"


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def swap(text: str, first: str, second: str) -> str:
    return text.replace(first, "\0").replace(second, first).replace("\0", second)


def sessions(project: Project, tmp_path: Path, text: str) -> Extraction:
    source = tmp_path / "informe.txt"
    source.write_text(text, encoding="utf-8")
    pipeline = next(p for p in project.pipelines() if p.dataset == "sesiones-comision")
    return extract_dataset(pipeline, load_report(source))


def refusal(project: Project, tmp_path: Path, text: str) -> str:
    extraction = sessions(project, tmp_path, text)
    assert extraction.problems, extraction.tables["sesiones"]
    assert len(extraction.problems) == 1
    return str(extraction.problems[0])


def _body_page_1(text: str) -> int:
    return text.index(f"\n{HEADING}\n\nPrimera Sesión")


def test_a_lost_page_heading_is_refused_not_counted_short(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    second = report_text.index(f"\n\n\n\n\n{HEADING}\n\nReunión de Trabajo")
    text = report_text[:second] + report_text[second + len(HEADING) + 6 :]
    line = refusal(project, tmp_path, text)
    # The next page's names now stand among the agenda items: either figure may say so first.
    assert line.startswith(
        ("sesiones-comision: sesiones: ", "sesiones-comision: puntos_orden_del_dia: ")
    ), line
    assert "\n" not in line


def test_session_names_and_dates_are_counted_apart(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    start = _body_page_1(report_text)
    text = report_text[:start] + report_text[start:].replace(f"{OCTOBER}\n\n", "", 1)
    line = refusal(project, tmp_path, text)
    assert "sesiones: the section lists 5 session names but 4 session dates" in line


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (OCTOBER, NOVEMBER),
        ("Primera Sesión Extraordinaria\n", "Segunda Sesión Extraordinaria "),
    ],
    ids=["dates-swapped", "names-swapped"],
)
def test_positional_dates_must_follow_the_ordinals(
    project: Project, report_text: str, tmp_path: Path, first: str, second: str
) -> None:
    start = _body_page_1(report_text)
    end = report_text.index("\n- ", start)
    text = report_text[:start] + swap(report_text[start:end], first, second) + report_text[end:]
    line = refusal(project, tmp_path, text)
    assert "sesiones: by position" in line
    assert "the dates do not follow the ordinals" in line


def test_a_position_the_report_contradicts_is_refused(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    text = edited(
        report_text,
        (
            PAGE_2_NAMES,
            "Tercera Sesión Extraordinaria\n\nComisiones Unidas CEAyTP y CJRC del SNT\n\n"
            "Reunión de Trabajo\n\nXX",
        ),
        ("Reunión de Trabajo\n\nXX CEAyTP y CJRC del SNT", "Reunión de Trabajo"),
    )
    line = refusal(project, tmp_path, text)
    assert "'Comisiones Unidas CEAyTP y CJRC del SNT' the date '03 de junio de 2024'" in line
    assert "section 1.2" in line and "2024-12-04" in line


def test_a_position_nothing_confirms_is_not_published(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    text = edited(report_text, ("Finalmente, el 4 de diciembre de 2024 en", "Finalmente, en"))
    extraction = sessions(project, tmp_path, text)
    assert not extraction.problems
    rows = {row["sesion"]: row for row in extraction.tables["sesiones"]}
    assert rows["Primera Sesión Extraordinaria"]["fecha"] == dt.date(2024, 6, 3)
    assert rows["Tercera Sesión Extraordinaria"]["fecha"] == dt.date(2024, 11, 19)
    for name in ("Reunión de Trabajo", "Comisiones Unidas CEAyTP y CJRC del SNT"):
        assert rows[name]["fecha"] is None
        assert rows[name]["asignacion_fecha"] == "desconocida"
    page_2 = [row for row in extraction.tables["orden_del_dia"] if row["pagina"] == 2]
    assert page_2 and all(row["sesion"] is None for row in page_2)


def test_a_positional_date_outside_the_period_is_refused(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    start = _body_page_1(report_text)
    text = report_text[:start] + report_text[start:].replace(JUNE, "03 de junio de 2026", 1)
    line = refusal(project, tmp_path, text)
    assert "outside the report's period 2023-2024" in line


def test_the_refusal_is_one_line_and_exit_2(report_text: str, tmp_path: Path) -> None:
    start = _body_page_1(report_text)
    end = report_text.index("\n- ", start)
    text = report_text[:start] + swap(report_text[start:end], OCTOBER, NOVEMBER) + report_text[end:]
    result = run_report(text, tmp_path)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: sesiones-comision: sesiones: by position 'Tercera Sesión Extraordinaria' is "
        "dated 2024-10-02, before 'Segunda Sesión Extraordinaria' (2024-11-19): the dates do "
        "not follow the ordinals (section I Principales hitos de las Sesiones Ordinarias y "
        "Extraordinarias)"
    ]
    assert not (tmp_path / "out").exists()
