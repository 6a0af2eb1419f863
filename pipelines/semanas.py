"""Semanas Universitarias por la Transparencia (section 2.2): figures and the list of jornadas."""

import re

from opendata.extract import Extraction, Find
from opendata.extract.dates import DATE

DATASET = "semanas-universitarias-transparencia"
RESOURCES = ("indicadores", "jornadas")

FIGURES = (
    (
        "asistentes_presenciales",
        "Alumnas y alumnos que asistieron de forma presencial",
        "personas",
        Find(
            r"alumnas\s+y\s+alumnos|alumnos\s+y\s+alumnas|alumn(?:as|os)|estudiantes"
            r"|asistentes|personas",
            context=r"presencial",
        ),
    ),
    (
        "instituciones_educacion_superior",
        "Instituciones de Educación Superior participantes",
        "instituciones",
        Find(r"instituciones(?:\s+de\s+educación\s+superior)?|IES|universidades"),
    ),
    (
        "visualizaciones_redes_sociales",
        "Visualizaciones en redes sociales",
        "visualizaciones",
        Find(r"visualizaciones|reproducciones"),
    ),
    ("jornadas", "Jornadas realizadas durante el año", "jornadas", Find(r"jornadas")),
    ("talleres", "Talleres «Juventudes por el cambio social»", "talleres", Find(r"talleres")),
)

_JORNADA = re.compile(rf"^(?P<fecha>{DATE})\s*[,.:;–-]\s*(?P<sede>.+?)\.?$", re.IGNORECASE)


def extract(ex: Extraction) -> None:
    section = ex.section("2.2", "Semanas Universitarias por la Transparencia", "jornadas")
    year = ex.year("periodo", section)
    ex.indicators(section, FIGURES, str(year) if year else None)

    for bullet in ex.items("jornadas", section, "jornadas"):
        match = _JORNADA.match(bullet.text)
        if not match:
            ex.problem("jornadas", section, f"unreadable list item {bullet.raw!r}")
            continue
        fecha = ex.date(f"jornada {bullet.text!r}", section, match["fecha"])
        place = ex.place(f"jornada {bullet.text!r}", section, match["sede"])
        if fecha is None or place is None:
            continue
        ex.add(
            "jornadas",
            {
                "numero": len(ex.tables.get("jornadas", [])) + 1,
                "fecha": fecha.start,
                "institucion": place.institucion,
                "ciudad": place.ciudad,
                "entidad_federativa": place.entidad.nombre,
                "cve_ent": place.entidad.cve_ent,
                "origen_entidad": "texto" if place.source == "texto" else "lista",
                "seccion": section.key,
                "oracion": bullet.text,
            },
        )
