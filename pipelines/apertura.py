"""Modelo y Política Nacional de Apertura Institucional, Abramos México (section 1.2)."""

import re

from opendata.extract import Extraction
from opendata.extract.spanish import split_list

DATASET = "apertura-institucional"
RESOURCES = ("indicadores", "hitos", "dialogos_regionales", "grupo_impulsor")

FIGURES = (
    (
        "dialogos_regionales",
        "Diálogos Regionales realizados",
        "diálogos",
        r"se llevaron a cabo {N} Diálogos Regionales",
    ),
    (
        "asistentes_dialogos_regionales",
        "Asistentes a los Diálogos Regionales",
        "personas",
        r"participación de {N} asistentes",
    ),
    (
        "comentarios_recibidos",
        "Comentarios recibidos al Modelo y la Política",
        "comentarios",
        r"se recibieron {N} comentarios",
    ),
    (
        "comentarios_incorporados_pct",
        "Porcentaje de los comentarios recibidos que fue incorporado",
        "porcentaje",
        r"el {N}% fue incorporado",
    ),
    (
        "comentarios_no_aplicables_pct",
        "Porcentaje de los comentarios recibidos que no aplicaba al tema",
        "porcentaje",
        r"\bun {N}% no aplicaban",
    ),
)

# Each milestone: a pattern with its date ({DATE}) and the words that name it (group "hito").
MILESTONES = (
    r"\bel {DATE}, (?P<hito>se formalizó la instalación del Grupo Impulsor[^,]*)",
    r"\bel {DATE}, (?P<hito>se realizó la primera sesión del Grupo Técnico)",
    r"fue (?P<hito>la Consulta en Espiral: [^,]+), llevada a cabo el {DATE}\.",
    r"\b{DATE} (?P<hito>se llevaron a cabo \S+ Diálogos Regionales)",
    r"\bel {DATE} en (?P<lugar>la Tercera Sesión de Comisiones Unidas)[^.]*? "
    r"(?P<hito>se aprobaron de manera unánime el Modelo y la Política de Apertura Institucional)",
)

_MEMBER_SPLIT = re.compile(r",\s+(?:y\s+)?(?=(?:el|la|los|las)\s)")
_ARTICLE = re.compile(r"^(?:el|la|los|las)\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([A-ZÁÉÍÓÚÑ]{2,})\)")


def extract(ex: Extraction) -> None:
    section = ex.section("1.2", "periodo")
    year = section.year()
    if year is None:
        raise ex.fail("periodo", section.label, "the section names no single year")
    ex.indicators(section, FIGURES, str(year))

    for number, pattern in enumerate(MILESTONES, start=1):
        match = ex.match(f"hito {number}", section, pattern)
        fecha = ex.date(f"hito {number}", section, match["fecha"])
        hito = match["hito"]
        if match.groupdict().get("lugar"):
            hito = f"{hito}, en {match['lugar']}"
        ex.add(
            "hitos",
            {
                "numero": number,
                "fecha": fecha.iso(),
                "precision_fecha": fecha.precision,
                "hito": hito[0].upper() + hito[1:],
                "seccion": section.key,
                "oracion": section.sentence_at(match.start()),
            },
        )

    regions = ex.match("regiones", section, r"de las regiones (?P<lista>.+?) con la participación")
    for number, region in enumerate(split_list(regions["lista"]), start=1):
        ex.add(
            "dialogos_regionales",
            {
                "numero": number,
                "region": region,
                "seccion": section.key,
                "oracion": section.sentence_at(regions.start()),
            },
        )

    members = ex.match("grupo_impulsor", section, r"compuesto por (?P<lista>[^.]+)")
    for number, member in enumerate(_MEMBER_SPLIT.split(members["lista"]), start=1):
        name = _ARTICLE.sub("", member.strip())
        acronym = _ACRONYM.search(name)
        ex.add(
            "grupo_impulsor",
            {
                "numero": number,
                "institucion": name,
                "siglas": acronym[1] if acronym else (name if name.isupper() else None),
                "seccion": section.key,
                "oracion": section.sentence_at(members.start()),
            },
        )
