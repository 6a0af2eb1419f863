"""Programa de Implementación Modelo de la Política Nacional de Datos Abiertos (section 3.2)."""

from opendata.extract import Extraction

DATASET = "programa-implementacion-pnda"
RESOURCES = ("indicadores",)


def extract(ex: Extraction) -> None:
    code = "comentarios_recibidos"
    section = ex.section("3.2", code)
    year = section.year()
    if year is None:
        raise ex.fail("periodo", section.label, "the section names no single year")
    ex.indicator(
        code,
        "Comentarios de la Comisión recibidos por el Programa",
        "comentarios",
        ex.figure(code, section, r"recibiendo {N} comentarios"),
        str(year),
    )
