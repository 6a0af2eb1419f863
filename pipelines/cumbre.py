"""Cumbre Nacional de Estado Abierto (section 1.4): figures and the titles of its panels."""

import re

from opendata.extract import Extraction, Find

DATASET = "cumbre-nacional-estado-abierto"
RESOURCES = ("indicadores", "paneles")

FIGURES = (
    (
        "edicion",
        "Edición de la Cumbre Nacional de Estado Abierto",
        "edición",
        Find(r"Cumbre|edición", kind="ordinal"),
    ),
    ("paneles", "Paneles de la Cumbre", "paneles", Find(r"panel(?:es)?")),
    (
        "lightning_talks",
        "Lightning talks de la Cumbre",
        "lightning talks",
        Find(r"\*?lightning\s+talks?\*?|charlas\s+relámpago"),
    ),
)

# The lead-in of the list of panel topics: "Los temas tratados fueron:".
_TOPICS = re.compile(r"(?:temas|paneles|títulos)[^.:\"]{0,60}:\s*", re.IGNORECASE)
# A quoted title and what separates it from the next: a comma, "y", or PDF damage ("." "v").
_TITLE = re.compile(r'["“](?P<titulo>[^"”]+)["”]\s*[,.]?\s*(?:[yv]\s+(?=["“]))?')


def _titles(prose: str) -> tuple[list[str], int]:
    start = _TOPICS.search(prose)
    if not start:
        return [], -1
    titles, position = [], start.end()
    while match := _TITLE.match(prose, position):
        titles.append(match["titulo"].strip())
        position = match.end()
    return titles, start.start()


def extract(ex: Extraction) -> None:
    section = ex.section("1.4", "Cumbre Nacional de Estado Abierto", "fechas")
    figures = ex.indicators(section, FIGURES, None)
    days = ex.date_of("fechas", section, figures.get("edicion"))
    for row in ex.tables.get("indicadores", []):
        row["periodo"] = days.iso() if days else None

    (titles, where), (originals, _) = _titles(section.prose), _titles(section.raw_prose)
    if not titles:
        ex.problem("paneles", section, "the list of topics was not found")
        return
    if len(titles) != len(originals):
        ex.problem("paneles", section, "a correction changed the number of titles")
        return
    sentence = section.sentence_at(where)
    for number, (title, original) in enumerate(zip(titles, originals, strict=True), start=1):
        ex.add(
            "paneles",
            {
                "numero": number,
                "titulo": title,
                "titulo_original": original,
                "corregido": title != original,
                "seccion": section.key,
                "oracion": sentence,
            },
        )
