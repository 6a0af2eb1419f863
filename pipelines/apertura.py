"""Modelo y Política Nacional de Apertura Institucional, Abramos México (section 1.2)."""

import re

from opendata.extract import Extraction, Find
from opendata.extract.sections import Section
from opendata.extract.spanish import split_list

DATASET = "apertura-institucional"
RESOURCES = ("indicadores", "hitos", "dialogos_regionales", "grupo_impulsor")

FIGURES = (
    (
        "dialogos_regionales",
        "Diálogos Regionales realizados",
        "diálogos",
        Find(r"diálogos(?:\s+regionales)?"),
    ),
    (
        "asistentes_dialogos_regionales",
        "Asistentes a los Diálogos Regionales",
        "personas",
        Find(r"asistentes|personas|participantes"),
    ),
    (
        "comentarios_recibidos",
        "Comentarios recibidos al Modelo y la Política",
        "comentarios",
        Find(r"comentarios|aportaciones|observaciones"),
    ),
    (
        "comentarios_incorporados_pct",
        "Porcentaje de los comentarios recibidos que fue incorporado",
        "porcentaje",
        Find(kind="percent", context=r"incorpor"),
    ),
    (
        "comentarios_no_aplicables_pct",
        "Porcentaje de los comentarios recibidos que no aplicaba al tema",
        "porcentaje",
        Find(kind="percent", context=r"no\s+aplic"),
    ),
)

# Each milestone: the words that find its sentence, and those that say what happened (the
# clause they stand in is the milestone's text, without its date).
MILESTONES = (
    (r"Grupo\s+Impulsor", r"(?:se\s+\w+\s+)?(?:la\s+)?instalación|se\s+instal\w+"),
    (r"Grupo\s+Técnico", r"(?:se\s+\w+\s+)?la\s+(?:primera\s+)?sesión\s+del\s+Grupo\s+Técnico"),
    (r"Consulta\s+en\s+Espiral", r"(?:la\s+)?Consulta\s+en\s+Espiral"),
    (
        r"Diálogos\s+Regionales",
        r"(?:se\s+\w+(?:\s+a\s+cabo)?\s+)?\S+\s+Diálogos\s+Regionales",
    ),
    (r"se\s+aprob\w+", r"se\s+aprob\w+"),
)
_PLACE = re.compile(r"\b(?:en\s+)?la\s+\w+\s+Sesión\s+de\s+Comisiones\s+Unidas", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r",\s+|;\s+|\.\s+")
_REGIONS = re.compile(
    r"regiones\s+(?:de\s+)?(?P<lista>[A-ZÁÉÍÓÚÑ][\w-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w-]*)*"
    r"(?:\s*,\s*[A-ZÁÉÍÓÚÑ][\w-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w-]*)*)*"
    r"\s+(?:y|e)\s+[A-ZÁÉÍÓÚÑ][\w-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w-]*)*)"
)
_MEMBERS = re.compile(
    r"(?:(?:compuesto|conformado|integrado|formado)\s+por|(?:lo|la)\s+(?:integran|conforman"
    r"|componen|forman))\s+(?P<lista>(?:el|la|los|las)\s[^.]+)",
    re.IGNORECASE,
)
_MEMBER_SPLIT = re.compile(r",\s+(?:y\s+)?(?=(?:el|la|los|las)\s)")
_ARTICLE = re.compile(r"^(?:el|la|los|las)\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([A-ZÁÉÍÓÚÑ]{2,})\)")


def extract(ex: Extraction) -> None:
    section = ex.section("1.2", "Modelo y Política de Apertura Institucional", "periodo")
    year = ex.year("periodo", section)
    ex.indicators(section, FIGURES, str(year) if year else None)
    for number, (finder, what) in enumerate(MILESTONES, start=1):
        _milestone(ex, section, number, finder, what)

    regions = ex.match("regiones", section, _REGIONS.pattern, flags=0)
    if regions is not None:
        for number, region in enumerate(split_list(regions["lista"]), start=1):
            ex.add(
                "dialogos_regionales",
                {
                    "numero": number,
                    "region": region,
                    "seccion": section.key,
                    "oracion": section.sentence_at(regions.start()),
                },
            )

    members = ex.match("grupo_impulsor", section, _MEMBERS.pattern)
    if members is not None:
        for number, member in enumerate(_MEMBER_SPLIT.split(members["lista"]), start=1):
            name = _ARTICLE.sub("", member.strip())
            acronym = _ACRONYM.search(name)
            ex.add(
                "grupo_impulsor",
                {
                    "numero": number,
                    "institucion": name,
                    "siglas": acronym[1] if acronym else (name if name.isupper() else None),
                    "seccion": section.key,
                    "oracion": section.sentence_at(members.start()),
                },
            )


def _milestone(ex: Extraction, section: Section, number: int, finder: str, what: str) -> None:
    """A dated milestone: the one date nearest to its words, in a sentence that has one."""
    item = f"hito {number}"
    found = []
    for match in re.finditer(finder, section.prose, re.IGNORECASE):
        sentence = section.sentence_of(match.start())
        dates = [d for d in section.dates if sentence.start <= d.start < sentence.end]
        if dates:
            nearest = min(dates, key=lambda d: abs(d.start - match.start()))
            found.append((nearest, sentence))
    distinct = {date.text for date, _ in found}
    if len(distinct) != 1:
        listed = "; ".join(sorted(distinct)) or "none"
        ex.problem(item, section, f"expected one date near /{finder}/, found {listed}")
        return
    date, sentence = found[0]
    fecha = ex.date(item, section, date.text, sentence)
    if fecha is None:
        return
    words = re.search(what, sentence.text, re.IGNORECASE)
    if words is not None:
        hito = _clause(sentence.text, words.start(), date.text)
    else:
        # Worded otherwise: the clause that names it, from its start.
        where = re.search(finder, sentence.text, re.IGNORECASE)
        assert where is not None
        edges = [0, *(m.end() for m in _CLAUSE_EDGE.finditer(sentence.text, 0, where.start()))]
        hito = _clause(sentence.text, max(edges), date.text)
    place = _PLACE.search(sentence.text)
    if place and place[0] not in hito:
        hito = f"{hito}, {place[0].strip()}"
    ex.add(
        "hitos",
        {
            "numero": number,
            "fecha": fecha.iso(),
            "precision_fecha": fecha.precision,
            "hito": hito[0].upper() + hito[1:],
            "seccion": section.key,
            "oracion": sentence.text,
        },
    )


def _clause(sentence: str, position: int, date: str) -> str:
    """From `position` to the end of its clause, without the date."""
    following = _CLAUSE_EDGE.search(sentence, position)
    end = following.start() if following else len(sentence)
    clause = " ".join(sentence[position:end].replace(date, " ").split())
    return clause.strip(" ,.")
