"""VI Cumbre Nacional de Estado Abierto (section 1.4): figures and the titles of its panels."""

import re

from opendata.extract import Extraction

DATASET = "cumbre-nacional-estado-abierto"
RESOURCES = ("indicadores", "paneles")

FIGURES = (
    ("edicion", "Edición de la Cumbre Nacional de Estado Abierto", "edición", r"la {ORD} Cumbre"),
    ("paneles", "Paneles de la Cumbre", "paneles", r"{N} paneles"),
    (
        "lightning_talks",
        "Lightning talks de la Cumbre",
        "lightning talks",
        r"{N} \*?Lightning talks",
    ),
)

_TOPICS = re.compile(r"Los temas tratados fueron:\s*", re.IGNORECASE)
# A quoted title and what separates it from the next: a comma, "y", or PDF damage ("." "v").
_TITLE = re.compile(r'"(?P<titulo>[^"]+)"\s*[,.]?\s*(?:[yv]\s+(?="))?')


def _titles(prose: str) -> list[str]:
    start = _TOPICS.search(prose)
    if not start:
        return []
    titles, position = [], start.end()
    while match := _TITLE.match(prose, position):
        titles.append(match["titulo"].strip())
        position = match.end()
    return titles


def extract(ex: Extraction) -> None:
    section = ex.section("1.4", "fechas")
    days = ex.date("fechas", section, ex.match("fechas", section, r"Los días {DATE}, se")["fecha"])
    ex.indicators(section, FIGURES, days.iso())

    titles, originals = _titles(section.prose), _titles(section.raw_prose)
    if not titles:
        raise ex.fail("paneles", section.label, "the list of topics was not found")
    if len(titles) != len(originals):
        raise ex.fail("paneles", section.label, "a correction changed the number of titles")
    sentence = section.sentence_at(_TOPICS.search(section.prose).start())  # type: ignore[union-attr]
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
