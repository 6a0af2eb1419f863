"""Conferencia Nacional de Datos Abiertos, DATACON (section 3.1)."""

from opendata.extract import Extraction

DATASET = "datacon"
RESOURCES = ("indicadores",)

FIGURES = (
    ("edicion", "Edición de la DATACON", "edición", r"la {ORD} edición"),
    (
        "mesas_de_dialogo",
        "Mesas de diálogo de alto nivel",
        "mesas de diálogo",
        r"Con {N} mesas? de diálogo",
    ),
    ("paneles", "Paneles", "paneles", r"{N} paneles"),
    ("talleres", "Talleres", "talleres", r"{N} talleres"),
    ("panelistas", "Panelistas participantes", "personas", r"{N} panelistas"),
    ("personas_registradas", "Personas registradas", "personas", r"registro de {N} personas"),
    (
        "visitas_sitio_web",
        "Visitas al sitio de internet del evento",
        "visitas",
        r"{N} visitas al sitio",
    ),
)


def extract(ex: Extraction) -> None:
    section = ex.section("3.1", "fechas")
    days = ex.date(
        "fechas", section, ex.match("fechas", section, r"\bel {DATE} se realizó")["fecha"]
    )
    ex.indicators(section, FIGURES, days.iso())
