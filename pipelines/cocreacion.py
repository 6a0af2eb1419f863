"""Estrategia «Cocreación desde lo Local» (section 1.1): its figures at the cut-off month."""

from opendata.extract import Extraction

DATASET = "cocreacion-desde-lo-local"
RESOURCES = ("indicadores",)

# indicator code, description, unit, where the figure stands in the text
FIGURES = (
    (
        "entidades_federativas_participantes",
        "Entidades federativas que han participado en la estrategia",
        "entidades federativas",
        r"han participado {N} entidades federativas",
    ),
    (
        "secretariados_tecnicos_instalados",
        "Secretariados Técnicos Locales instalados",
        "secretariados técnicos",
        r"se han instalado {N} Secretariados Técnicos",
    ),
    (
        "planes_de_accion_publicados",
        "Planes de acción locales publicados",
        "planes de acción",
        r"publicado {N} planes de acción",
    ),
    (
        "compromisos",
        "Compromisos contenidos en los planes de acción publicados",
        "compromisos",
        r"planes de acción con {N} compromisos",
    ),
    (
        "instituciones_publicas",
        "Instituciones públicas que participaron en el trabajo colaborativo",
        "instituciones",
        r"{N} instituciones públicas",
    ),
    (
        "personas_facilitadoras",
        "Personas facilitadoras que participaron en el trabajo colaborativo",
        "personas",
        r"{N} personas facilitadoras",
    ),
    (
        "personas_ciudadanas",
        "Ciudadanas y ciudadanos que participaron en el trabajo colaborativo",
        "personas",
        r"{N} ciudadanas y ciudadanos",
    ),
    (
        "organizaciones_sociedad_civil",
        "Organizaciones de la sociedad civil que participaron en el trabajo colaborativo",
        "organizaciones",
        r"{N} organizaciones de la sociedad civil",
    ),
)


def extract(ex: Extraction) -> None:
    section = ex.section("1.1", "fecha_corte")
    cutoff_text = ex.match("fecha_corte", section, r"\bA {DATE}, han participado")["fecha"]
    cutoff = ex.date("fecha_corte", section, cutoff_text)
    ex.indicators(section, FIGURES, cutoff.iso())
