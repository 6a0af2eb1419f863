"""Conferencia Nacional de Datos Abiertos, DATACON (section 3.1)."""

from opendata.extract import Extraction, Find

DATASET = "datacon"
RESOURCES = ("indicadores",)

FIGURES = (
    ("edicion", "Edición de la DATACON", "edición", Find(r"edición", kind="ordinal")),
    (
        "mesas_de_dialogo",
        "Mesas de diálogo de alto nivel",
        "mesas de diálogo",
        Find(r"mesas?(?:\s+de\s+diálogo)?"),
    ),
    ("paneles", "Paneles", "paneles", Find(r"panel(?:es)?")),
    ("talleres", "Talleres", "talleres", Find(r"taller(?:es)?")),
    ("panelistas", "Panelistas participantes", "personas", Find(r"panelistas|ponentes")),
    (
        "personas_registradas",
        "Personas registradas",
        "personas",
        Find(r"personas(?:\s+registradas)?|registros", context=r"registr"),
    ),
    (
        "visitas_sitio_web",
        "Visitas al sitio de internet del evento",
        "visitas",
        Find(r"visitas"),
    ),
)


def extract(ex: Extraction) -> None:
    section = ex.section("3.1", "Conferencia Nacional de Datos Abiertos", "fechas")
    figures = ex.indicators(section, FIGURES, None)
    days = ex.date_of("fechas", section, figures.get("edicion"))
    for row in ex.tables.get("indicadores", []):
        row["periodo"] = days.iso() if days else None
