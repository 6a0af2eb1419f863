"""A figure is read from the section its heading names, and nowhere else says otherwise.

A section is identified by the whole distinctive subject of its heading ("Política Nacional de
Datos Abiertos"), not by a prefix that headings of other subjects share ("Programa de
Implementación"); a subject no heading names, or that two headings name, is an error naming the
dataset. A heading that states the figure ("1.4 VI Cumbre") with another value than its text
("la Séptima Cumbre"), or a summary that states it with another value, is an error too.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from conftest import ROOT
from editions import edit

from opendata.cli import cli

PNDA = "3.2 Programa de Implementación Modelo de la Política Nacional de Datos Abiertos"
PNDA_BODY = "el Programa de Implementación Modelo de la Política Nacional de Datos Abiertos, "
LINEAMIENTOS = "2.1 Lineamientos de Transparencia Proactiva\n\n"
PLANDAI_SUMMARY = (
    "Finalmente, me permito agradecer",
    "En el PlanDAI, 27 entidades federativas activas instalaron 20 Redes Locales de "
    "Socialización que llegaron a {personas} personas.{more}\n\nFinalmente, me permito agradecer",
)


def run(text: str, tmp_path: Path) -> Result:
    source = tmp_path / "edicion.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    return CliRunner().invoke(
        cli, ["--project", str(ROOT), "-q", "run", "--out", str(out), "--source", str(source)]
    )


def errors(result: Result) -> list[str]:
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert all(line.startswith(("error: ", "warning: ")) for line in lines), lines
    return [line for line in lines if line.startswith("error: ")]


def published(result: Result, tmp_path: Path, dataset: str) -> str:
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "out" / dataset / "indicadores.csv").read_text(encoding="utf-8")


def test_a_heading_of_another_programme_is_not_the_pnda(report_text: str, tmp_path: Path) -> None:
    text = edit(
        report_text,
        (PNDA, "3.2 Programa de Implementación de la Política Nacional de Apertura Institucional"),
        (PNDA_BODY, "el Programa de Implementación de la Política Nacional de Apertura, "),
    )
    lines = errors(run(text, tmp_path))
    assert len(lines) == 1, lines
    assert "programa-implementacion-pnda: comentarios_recibidos: section 3.2 is" in lines[0]
    assert "Política Nacional de Datos Abiertos" in lines[0]


def test_a_generic_title_elsewhere_does_not_stand_for_a_lost_section(
    report_text: str, tmp_path: Path
) -> None:
    """3.2's heading is lost (its text runs into 3.1); 2.1 speaks of another programme."""
    start = report_text.index(LINEAMIENTOS) + len(LINEAMIENTOS)
    end = report_text.index("2.2 Semanas Universitarias por la Transparencia 2024\n\nCon")
    text = (
        report_text[:start]
        + "El programa de trabajo con los órganos garantes recibió durante 2024 la "
        "retroalimentación de esta Comisión, recibiendo 12 comentarios, que fueron integrados."
        "\n\n" + report_text[end:]
    )
    text = edit(
        text,
        (LINEAMIENTOS, "2.1 Programa de Implementación de los Lineamientos de Transparencia\n\n"),
        (f"\n{PNDA}\n", "\n"),
    )
    lines = errors(run(text, tmp_path))
    assert any(
        "programa-implementacion-pnda: comentarios_recibidos: section not found" in line
        for line in lines
    ), lines


def test_two_headings_about_the_subject_are_an_error(report_text: str, tmp_path: Path) -> None:
    text = edit(
        report_text,
        (
            LINEAMIENTOS,
            "2.1 Seguimiento al Programa de Implementación de la Política Nacional de Datos "
            "Abiertos\n\n",
        ),
    )
    lines = errors(run(text, tmp_path))
    assert any(
        "programa-implementacion-pnda: comentarios_recibidos: several sections are about" in line
        and "'2.1 Seguimiento" in line
        for line in lines
    ), lines


def test_an_ordinal_the_heading_contradicts_is_an_error(report_text: str, tmp_path: Path) -> None:
    text = edit(
        report_text,
        ("la Sexta Cumbre", "la Séptima Cumbre"),
        ("En su quinta edición", "En su sexta edición"),
    )
    lines = errors(run(text, tmp_path))
    cumbre = [line for line in lines if "cumbre-nacional-estado-abierto: edicion:" in line]
    plandai = [line for line in lines if "plandai: edicion:" in line]
    assert cumbre and "'VI' (6)" in cumbre[0] and "'Séptima' (7)" in cumbre[0], lines
    assert plandai and "'Quinta' (5)" in plandai[0] and "'sexta' (6)" in plandai[0], lines


def test_a_summary_that_says_otherwise_is_an_error(report_text: str, tmp_path: Path) -> None:
    old, new = PLANDAI_SUMMARY
    text = edit(report_text, (old, new.format(personas=700, more="")))
    lines = errors(run(text, tmp_path))
    assert len(lines) == 1, lines
    assert "plandai: personas_participantes: '668' here" in lines[0]
    assert "section 'Presentación' says '700'" in lines[0]


def test_a_summary_section_of_several_subjects(report_text: str, tmp_path: Path) -> None:
    text = edit(
        report_text,
        (
            "\n\nÍndice\n",
            "\n\nResumen ejecutivo\n\nEl PlanDAI sumó 27 entidades federativas activas y 700 "
            "personas participantes; la DATACON registró 9,100 visitas.\n\nÍndice\n",
        ),
    )
    lines = errors(run(text, tmp_path))
    assert len(lines) == 3, lines
    assert "datacon: visitas_sitio_web: '9,810' here" in lines[0]
    assert "'9,100' in 'la DATACON registró 9,100 visitas.'" in lines[0]
    assert "plandai: personas_participantes: '668' here" in lines[1]


def test_only_a_summary_that_says_otherwise_of_this_edition_is_an_error(
    report_text: str, tmp_path: Path
) -> None:
    """The PlanDAI's figure said again with its value, and a past year's: no conflict."""
    old, new = PLANDAI_SUMMARY
    more = " En 2022, el PlanDAI llegó a 400 personas. La DATACON registró 9,100 visitas."
    text = edit(report_text, (old, new.format(personas=668, more=more)))
    lines = errors(run(text, tmp_path))
    assert len(lines) == 1, lines
    assert "datacon: visitas_sitio_web: '9,810' here" in lines[0]
