"""PlanDAI (section 4.1, "Quinta edición del PlanDAI 2024-2025"): editions, networks, people."""

from opendata.extract import Extraction, Find

DATASET = "plandai"
RESOURCES = ("indicadores",)

FIGURES = (
    ("edicion", "Edición del PlanDAI", "edición", Find(r"edición", kind="ordinal")),
    (
        "entidades_federativas_activas",
        "Entidades federativas activas en la edición",
        "entidades federativas",
        Find(r"entidades(?:\s+federativas)?|estados"),
    ),
    (
        "redes_locales_instaladas",
        "Redes Locales de Socialización instaladas",
        "redes locales",
        Find(r"redes(?:\s+locales)?(?:\s+de\s+socialización)?"),
    ),
    (
        "personas_participantes",
        "Personas que participaron en los cursos-talleres",
        "personas",
        Find(r"personas|participantes"),
    ),
    ("sesiones", "Sesiones de los cursos-talleres", "sesiones", Find(r"sesiones")),
)


def extract(ex: Extraction) -> None:
    section = ex.section("4.1", "PlanDAI", "periodo")
    years = section.heading_years()
    period = f"{years[0]}/{years[1]}" if len(years) == 2 and years[0] < years[1] else None
    if period is None:
        ex.problem("periodo", section, "the heading does not name the edition's two years")
    ex.indicators(section, FIGURES, period)
