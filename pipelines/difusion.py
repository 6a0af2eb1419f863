"""Difusión en materia de Gobierno Abierto (section 1.3): programs listed for the bulletin."""

import re

from opendata.extract import Extraction

DATASET = "difusion-gobierno-abierto"
RESOURCES = ("indicadores", "programas_difundidos")


def extract(ex: Extraction) -> None:
    section = ex.section("1.3", "Difusión en materia de Gobierno Abierto", "programas_difundidos")
    if not re.search(r"\bbolet[ií]n", section.prose, re.IGNORECASE):
        ex.problem("programas_difundidos", section, "the section does not speak of the bulletin")
        return
    bullets = ex.items("programas_difundidos", section, "programs")
    if not bullets:
        return
    for bullet in bullets:
        ex.add(
            "programas_difundidos",
            {
                "numero": len(ex.tables.get("programas_difundidos", [])) + 1,
                "programa": bullet.text.rstrip("."),
                "seccion": section.key,
                "oracion": bullet.text,
            },
        )
    start, end = ex.report.period
    ex.counted(
        "programas_difundidos",
        "Programas y actividades difundidos en el boletín informativo de la Comisión",
        "programas",
        "programas_difundidos",
        section,
        f"{start}/{end}",
    )
