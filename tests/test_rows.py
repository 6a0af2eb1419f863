"""The resources with rows, checked row by row against the report as a person reads it."""

from __future__ import annotations

import datetime as dt

from opendata.runner import RunResult


def rows(result: RunResult, dataset: str, table: str) -> list[dict[str, object]]:
    return list(result.tables[dataset][table])


def test_jornadas(bundled: RunResult) -> None:
    got = [
        (r["fecha"], r["institucion"], r["ciudad"], r["entidad_federativa"], r["cve_ent"])
        for r in rows(bundled, "semanas-universitarias-transparencia", "jornadas")
    ]
    d = dt.date
    assert got == [
        (d(2024, 3, 6), "Facultad de Derecho, UNAM", None, "Ciudad de México", "09"),
        (d(2024, 3, 11), "Universidad de las Américas Puebla (UDLAP)", None, "Puebla", "21"),
        (d(2024, 6, 10), "Universidad Valladolid", None, "Yucatán", "31"),
        (d(2024, 10, 3), "Facultad de Derecho de la UNAM", None, "Ciudad de México", "09"),
        (d(2024, 10, 10), "Universidad Autónoma de Nayarit", None, "Nayarit", "18"),
        (d(2024, 10, 21), "Universidad Tecnológica de Tlaxcala", None, "Tlaxcala", "29"),
        (d(2024, 11, 7), "Universidad de Ciencias y Artes de Chiapas", None, "Chiapas", "07"),
        (d(2024, 11, 14), "Universidad del Valle de Atemajac", "Zapopan", "Jalisco", "14"),
        (d(2024, 11, 21), "Universidad Autónoma de Querétaro", None, "Querétaro", "22"),
        (d(2024, 11, 22), "Universidad Autónoma de Yucatán", None, "Yucatán", "31"),
        (
            d(2024, 11, 27),
            "Comisión Estatal de Derechos Humanos",
            None,
            "Michoacán de Ocampo",
            "16",
        ),
    ]


def test_paneles_are_repaired_only_through_declared_corrections(bundled: RunResult) -> None:
    panels = rows(bundled, "cumbre-nacional-estado-abierto", "paneles")
    assert [p["titulo"] for p in panels] == [
        "Del Gobierno al Estado Abierto en México",
        "El Congreso Abierto y sus desafíos",
        "Justicia Abierta en el proceso de las reformas constitucionales",
        "Apertura institucional para la agenda feminista",
        "Transparencia proactiva para la generación de valor público",
        "Apertura institucional y redes de macrocriminalidad",
        "Apertura institucional para la democracia",
    ]
    assert [p["corregido"] for p in panels] == [False, True, False, True, False, True, False]
    assert panels[1]["titulo_original"] == "El Congreso Abierto ٧ sus desafíos"
    assert panels[5]["titulo_original"] == "Apertura institucional redes de У macrocriminalidad"


def test_hitos(bundled: RunResult) -> None:
    got = [
        (r["fecha"], r["precision_fecha"]) for r in rows(bundled, "apertura-institucional", "hitos")
    ]
    assert got == [
        ("2024-05-02", "dia"),
        ("2024-05-17", "dia"),
        ("2024-06-07", "dia"),
        ("2024-10", "mes"),
        ("2024-12-04", "dia"),
    ]
    hitos = [str(r["hito"]) for r in rows(bundled, "apertura-institucional", "hitos")]
    assert "Grupo Impulsor" in hitos[0]
    assert "Grupo Técnico" in hitos[1]
    assert "Consulta en Espiral" in hitos[2]
    assert "4 Diálogos Regionales" in hitos[3]
    assert "Comisiones Unidas" in hitos[4]


def test_regions_and_grupo_impulsor(bundled: RunResult) -> None:
    regions = [r["region"] for r in rows(bundled, "apertura-institucional", "dialogos_regionales")]
    assert regions == ["Centro", "Centro-Occidente", "Sureste", "Norte"]
    members = rows(bundled, "apertura-institucional", "grupo_impulsor")
    assert [m["siglas"] for m in members] == ["INAI", "INEGI", "AGN", "SNT", "CC"]


def test_sesiones_say_how_dates_and_items_were_assigned(bundled: RunResult) -> None:
    sessions = rows(bundled, "sesiones-comision", "sesiones")
    assert [(s["sesion"], s["fecha"]) for s in sessions] == [
        ("Primera Sesión Extraordinaria", dt.date(2024, 6, 3)),
        ("Segunda Sesión Extraordinaria", dt.date(2024, 10, 2)),
        ("Tercera Sesión Extraordinaria", dt.date(2024, 11, 19)),
        ("Reunión de Trabajo", dt.date(2024, 6, 3)),
        ("Comisiones Unidas CEAyTP y CJRC del SNT", dt.date(2024, 12, 4)),
    ]
    assert all(s["asignacion_fecha"] == "posicional" and s["motivo"] for s in sessions)
    items = rows(bundled, "sesiones-comision", "orden_del_dia")
    assert len(items) == 15
    first_page = [i for i in items if i["pagina"] == 1]
    assert len(first_page) == 5
    assert all(i["sesion"] is None and i["asignacion"] == "desconocida" for i in first_page)
    second_page = [i["sesion"] for i in items if i["pagina"] == 2]
    assert (
        second_page == ["Reunión de Trabajo"] * 8 + ["Comisiones Unidas CEAyTP y CJRC del SNT"] * 2
    )
    assert all(i["motivo"] for i in items)


def test_programas_difundidos(bundled: RunResult) -> None:
    programs = [
        r["programa"] for r in rows(bundled, "difusion-gobierno-abierto", "programas_difundidos")
    ]
    assert len(programs) == 10
    assert programs[0] == "Estrategia de Cocreación desde lo Local"
    assert programs[-1] == "Plan DAI"
