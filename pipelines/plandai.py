"""Quinta edición del PlanDAI (section 4.1): editions, local networks and participants."""

from opendata.extract import Extraction

DATASET = "plandai"
RESOURCES = ("indicadores",)

FIGURES = (
    ("edicion", "Edición del PlanDAI", "edición", r"En su {ORD} edición"),
    (
        "entidades_federativas_activas",
        "Entidades federativas activas en la edición",
        "entidades federativas",
        r"{N} entidades federativas activas",
    ),
    (
        "redes_locales_instaladas",
        "Redes Locales de Socialización instaladas",
        "redes locales",
        r"se instalaron {N} Redes Locales",
    ),
    (
        "personas_participantes",
        "Personas que participaron en los cursos-talleres",
        "personas",
        r"impactando a {N} personas",
    ),
    ("sesiones", "Sesiones de los cursos-talleres", "sesiones", r"\ben {N} sesiones"),
)


def extract(ex: Extraction) -> None:
    section = ex.section("4.1", "periodo")
    years = section.heading_years()
    if len(years) != 2:
        raise ex.fail("periodo", section.label, "the heading does not name the edition's years")
    period = f"{years[0]}/{years[1]}"
    ex.indicators(section, FIGURES, period)
