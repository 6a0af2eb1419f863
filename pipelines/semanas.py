"""Semanas Universitarias por la Transparencia (section 2.2): figures and the list of jornadas."""

import re

from opendata.extract import Extraction, entidad_in, entidad_named
from opendata.extract.spanish import DATE

DATASET = "semanas-universitarias-transparencia"
RESOURCES = ("indicadores", "jornadas")

FIGURES = (
    (
        "asistentes_presenciales",
        "Alumnas y alumnos que asistieron de forma presencial",
        "personas",
        r"asistencia presencial de {N} alumnas y alumnos",
    ),
    (
        "instituciones_educacion_superior",
        "Instituciones de Educación Superior participantes",
        "instituciones",
        r"participación de {N} Instituciones de Educación Superior",
    ),
    (
        "visualizaciones_redes_sociales",
        "Visualizaciones en redes sociales",
        "visualizaciones",
        r"{N} visualizaciones en redes sociales",
    ),
    ("jornadas", "Jornadas realizadas durante el año", "jornadas", r"Durante las {N} jornadas"),
    (
        "talleres",
        "Talleres «Juventudes por el cambio social»",
        "talleres",
        r"se llevaron a cabo {N} talleres",
    ),
)

_JORNADA = re.compile(rf"^(?P<fecha>{DATE}),\s*(?P<sede>.+?)\.?$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,}$")


def extract(ex: Extraction) -> None:
    section = ex.section("2.2", "jornadas")
    year = section.year()
    if year is None:
        raise ex.fail("periodo", section.label, "the section names no single year")
    ex.indicators(section, FIGURES, str(year))

    for bullet in section.bullets:
        match = _JORNADA.match(bullet.text)
        if not match:
            raise ex.fail("jornadas", section.label, f"unreadable list item {bullet.raw!r}")
        fecha = ex.date("jornadas", section, match["fecha"])
        parts = [part.strip() for part in match["sede"].split(",")]
        entidad = entidad_named(parts[-1])
        if entidad:
            parts = parts[:-1]
        else:
            entidad = entidad_in(match["sede"])
        if entidad is None or not parts:
            raise ex.fail("jornadas", section.label, f"no federal entity in {bullet.raw!r}")
        # "Universidad del Valle de Atemajac, Zapopan, Jalisco": the part before the state is
        # the city, unless it is an acronym that belongs to the institution ("..., UNAM, CDMX").
        ciudad = None
        if len(parts) >= 2 and not _ACRONYM.match(parts[-1]):
            ciudad = parts.pop()
        ex.add(
            "jornadas",
            {
                "numero": len(ex.tables.get("jornadas", [])) + 1,
                "fecha": fecha.start,
                "institucion": ", ".join(parts),
                "ciudad": ciudad,
                "entidad_federativa": entidad.nombre,
                "cve_ent": entidad.cve_ent,
                "seccion": section.key,
                "oracion": bullet.text,
            },
        )
    if "jornadas" not in ex.tables:
        raise ex.fail("jornadas", section.label, "the list of jornadas was not found")
