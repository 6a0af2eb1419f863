"""Where a jornada happened: the state read from its place part, never a guess.

A bare "México" may be the country, the State of México or Mexico City; an institution or city
that names another state than the one read, or a "city" that is a phrase, is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_kit import refusal_lines, run_source

from opendata.project import Project
from opendata.runner import run

NAYARIT = "- 10 de octubre, Universidad Autónoma de Nayarit."
TLAXCALA = "- 21 de octubre, Universidad Tecnológica de Tlaxcala."
CHIAPAS = "- 7 de noviembre, Universidad de Ciencias y Artes de Chiapas."
FIRST = "- 6 de marzo, Facultad de Derecho, UNAM, CDMX."
DATASET = "semanas-universitarias-transparencia"


def edited(report_text: str, folder: Path, *changes: tuple[str, str]) -> Path:
    for old, new in changes:
        assert report_text.count(old) == 1, old
        report_text = report_text.replace(old, new)
    path = folder / "informe.txt"
    path.write_text(report_text, encoding="utf-8")
    return path


def refusal(source: Path, folder: Path) -> list[str]:
    return refusal_lines(run_source(source, folder / "out"))


REFUSED = [
    pytest.param(
        "Universidad de las Américas Puebla (UDLAP), San Andrés Cholula, México.",
        "may be the country, the State of México or Mexico City",
        id="mexico-after-a-puebla-city",
    ),
    pytest.param(
        "Facultad de Derecho de la UNAM, Ciudad Universitaria, México.",
        "may be the country, the State of México or Mexico City",
        id="mexico-for-mexico-city",
    ),
    pytest.param(
        "Facultad de Derecho, UNAM (México).",
        "may be the country, the State of México or Mexico City",
        id="mexico-in-brackets",
    ),
    pytest.param(
        "Universidad de las Américas Puebla (UDLAP), San Andrés Cholula, Estado de México.",
        "names Puebla but its state reads as México",
        id="institution-names-another-state",
    ),
    pytest.param(
        "Universidad Autónoma de Baja California Sur, La Paz, Baja California.",
        "names Baja California Sur but its state reads as Baja California",
        id="longer-state-name-in-the-institution",
    ),
    pytest.param(
        "Instituto Tecnológico, Ciudad de México, Edo. Méx.",
        "names Ciudad de México but its state reads as México",
        id="city-names-another-state",
    ),
    pytest.param(
        "Universidad Autónoma de Nayarit, en el marco de la Agenda 2030, Nayarit.",
        "'en el marco de la Agenda 2030' in",
        id="phrase-for-a-city",
    ),
    pytest.param(
        "Universidad Autónoma de Nayarit, Agenda 2030, Nayarit.",
        "'Agenda 2030' in 'Universidad Autónoma de Nayarit, Agenda 2030, Nayarit' is not the "
        "name of a city",
        id="year-in-a-city",
    ),
]


@pytest.mark.parametrize(("place", "words"), REFUSED)
def test_a_jornada_whose_state_is_unsure_is_refused(
    place: str, words: str, report_text: str, tmp_path: Path
) -> None:
    source = edited(report_text, tmp_path, (NAYARIT, f"- 10 de octubre, {place}"))
    lines = refusal(source, tmp_path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {DATASET}: jornada '10 de octubre, "), lines
    assert words in lines[0], lines


def jornadas(project: Project, source: Path, folder: Path) -> list[tuple[object, ...]]:
    result = run(project, source=source, out=folder / "out")
    return [
        (r["institucion"], r["ciudad"], r["entidad_federativa"], r["cve_ent"], r["origen_entidad"])
        for r in result.tables[DATASET]["jornadas"]
    ]


def test_abbreviated_states_and_a_country_after_the_state_are_read(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    source = edited(
        report_text,
        tmp_path,
        (FIRST, "- 6 de marzo, Facultad de Derecho, UNAM, Cd. de México."),
        (NAYARIT, "- 10 de octubre, Universidad Autónoma del Estado de México, Toluca, Edo. Méx."),
        (TLAXCALA, "- 21 de octubre, Universidad del Valle de Atemajac, Zapopan, Jalisco, México."),
    )
    got = jornadas(project, source, tmp_path)
    assert got[0] == ("Facultad de Derecho, UNAM", None, "Ciudad de México", "09", "texto")
    assert got[4] == (
        "Universidad Autónoma del Estado de México",
        "Toluca",
        "México",
        "15",
        "texto",
    )
    assert got[5] == ("Universidad del Valle de Atemajac", "Zapopan", "Jalisco", "14", "texto")


def test_state_names_inside_a_name_that_agree_with_the_state_are_read(
    project: Project, report_text: str, tmp_path: Path
) -> None:
    """A state named after a person ("San Nicolás de Hidalgo") is no state of its own."""
    source = edited(
        report_text,
        tmp_path,
        (
            NAYARIT,
            "- 10 de octubre, Universidad Michoacana de San Nicolás de Hidalgo, Morelia, "
            "Michoacán.",
        ),
        (TLAXCALA, "- 21 de octubre, Universidad Autónoma de Baja California Sur, La Paz, BCS."),
        (
            CHIAPAS,
            "- 7 de noviembre, Universidad Autónoma de Nuevo León, San Nicolás de los Garza, "
            "Nuevo León.",
        ),
        (FIRST, "- 6 de marzo, Universidad Autónoma de la Ciudad de México, Cd. Méx."),
    )
    got = jornadas(project, source, tmp_path)
    assert got[0] == (
        "Universidad Autónoma de la Ciudad de México",
        None,
        "Ciudad de México",
        "09",
        "texto",
    )
    assert got[4][1:4] == ("Morelia", "Michoacán de Ocampo", "16")
    assert got[5][1:4] == ("La Paz", "Baja California Sur", "03")
    assert got[6][1:4] == ("San Nicolás de los Garza", "Nuevo León", "19")


def test_a_bare_mexico_in_the_declared_list_is_refused(tmp_path: Path) -> None:
    from opendata.errors import InputError
    from opendata.extract.places import load_places

    path = tmp_path / "sedes.yaml"
    path.write_text(
        "- institucion: Universidad Autónoma del Estado de México\n"
        "  entidad: México\n  motivo: En Toluca.\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="ambiguous federal entity 'México'"):
        load_places(path)
