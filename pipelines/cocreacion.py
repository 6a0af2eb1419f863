"""Estrategia «Cocreación desde lo Local» (section 1.1): its figures at the cut-off month."""

from opendata.extract import Extraction, Find

DATASET = "cocreacion-desde-lo-local"
RESOURCES = ("indicadores",)

# indicator code, description, unit, what the figure counts
FIGURES = (
    (
        "entidades_federativas_participantes",
        "Entidades federativas que han participado en la estrategia",
        "entidades federativas",
        Find(r"entidades(?:\s+federativas)?|estados"),
    ),
    (
        "secretariados_tecnicos_instalados",
        "Secretariados Técnicos Locales instalados",
        "secretariados técnicos",
        Find(r"secretariados(?:\s+técnicos)?(?:\s+locales)?"),
    ),
    (
        "planes_de_accion_publicados",
        "Planes de acción locales publicados",
        "planes de acción",
        Find(r"planes(?:\s+de\s+acción)?(?:\s+locales)?"),
    ),
    (
        "compromisos",
        "Compromisos contenidos en los planes de acción publicados",
        "compromisos",
        Find(r"compromisos"),
    ),
    (
        "instituciones_publicas",
        "Instituciones públicas que participaron en el trabajo colaborativo",
        "instituciones",
        Find(r"instituciones(?:\s+públicas)?"),
    ),
    (
        "personas_facilitadoras",
        "Personas facilitadoras que participaron en el trabajo colaborativo",
        "personas",
        Find(r"(?:personas\s+)?facilitador(?:as|es)(?:\s+y\s+facilitador(?:as|es))?"),
    ),
    (
        "personas_ciudadanas",
        "Ciudadanas y ciudadanos que participaron en el trabajo colaborativo",
        "personas",
        Find(r"ciudadan(?:as|os)(?:\s+y\s+ciudadan(?:as|os))?|personas\s+ciudadanas"),
    ),
    (
        "organizaciones_sociedad_civil",
        "Organizaciones de la sociedad civil que participaron en el trabajo colaborativo",
        "organizaciones",
        Find(r"organizaciones(?:\s+de\s+la\s+sociedad\s+civil)?|OSC"),
    ),
)


def extract(ex: Extraction) -> None:
    section = ex.section("1.1", "Cocreación desde lo Local", "fecha_corte")
    figures = ex.indicators(section, FIGURES, None)
    cutoff = ex.date_of("fecha_corte", section, figures.get(FIGURES[0][0]))
    for row in ex.tables.get("indicadores", []):
        row["periodo"] = cutoff.iso() if cutoff else None
