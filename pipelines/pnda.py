"""Programa de Implementación Modelo de la Política Nacional de Datos Abiertos (section 3.2)."""

from opendata.extract import Extraction, Find

DATASET = "programa-implementacion-pnda"
RESOURCES = ("indicadores",)

FIGURES = (
    (
        "comentarios_recibidos",
        "Comentarios de la Comisión recibidos por el Programa",
        "comentarios",
        Find(r"comentarios|aportaciones|observaciones"),
    ),
)


def extract(ex: Extraction) -> None:
    section = ex.section(
        "3.2",
        "Programa de Implementación de la Política Nacional de Datos Abiertos",
        "comentarios_recibidos",
    )
    year = ex.year("periodo", section)
    ex.indicators(section, FIGURES, str(year) if year else None)
