"""Report editions written for the tests, one per class of variation a next edition brings.

Each edition is built from the bundled 2023-2024 report by named edits; `edit` fails when the
text it edits is not there, so an edition is always what it says. Each says what a careful
reader extracts from it: the figures that change (`figures`: indicator -> (value, qualifier)),
or the problems a run must list instead of publishing (`problems`: words each line holds).
None of these texts is a real report: the ones that change figures say so in their own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

TEST_MARK = (
    "EDICIÓN DE PRUEBA: texto ficticio escrito para las pruebas de opendata; sus cifras no son "
    "las de ningún informe real y no se publican."
)

Figures = dict[tuple[str, str], tuple[int, str]]


@dataclass(frozen=True)
class Edition:
    name: str
    about: str
    build: Callable[[str], str]
    figures: Figures = field(default_factory=dict)  # what changes from the bundled report
    problems: tuple[str, ...] = ()  # when it must fail: words of each expected line
    pdf: bool = False


def edit(text: str, *pairs: tuple[str, str], count: int = 1) -> str:
    """Replace each `old` by `new`; `old` must stand in the text (`count` times at least)."""
    for old, new in pairs:
        found = text.count(old)
        if found < count:
            raise AssertionError(f"the edition's text to replace is not there: {old!r}")
        text = text.replace(old, new)
    return text


def mark(text: str) -> str:
    return edit(text, ("INFORME DE CIERRE\n", f"INFORME DE CIERRE\n\n{TEST_MARK}\n"))


# --- figures changed: a next year's edition ----------------------------------------------


def next_year(text: str) -> str:
    text = mark(text)
    text = edit(
        text,
        ("Periodo 2023 - 2024", "Periodo 2024 - 2025"),
        ("Durante el periodo 2023-2024", "Durante el periodo 2024-2025"),
        ("informe de actividades 2023-2024", "informe de actividades 2024-2025"),
        ("Informe general de actividades 2023-2024", "Informe general de actividades 2024-2025"),
        ("03 de junio de 2024", "02 de junio de 2025"),
        ("02 de octubre de 2024", "01 de octubre de 2025"),
        ("19 de noviembre de 2024", "18 de noviembre de 2025"),
        ("04 de diciembre de 2024", "03 de diciembre de 2025"),
        (
            "Presentación de resultados 2023 y avances de las Semanas Universitarias por la "
            "Transparencia 2024",
            "Presentación de resultados 2024 y avances de las Semanas "
            "Universitarias por la Transparencia 2025",
        ),
        (
            "A noviembre de 2024, han participado 30 entidades federativas, se han instalado 15 "
            "Secretariados Técnicos y publicado 25 planes de acción con 164 compromisos. Lo que "
            "suma el trabajo colaborativo de 609 instituciones públicas, 30 personas "
            "facilitadoras, 75 ciudadanas y ciudadanos, y 405 organizaciones de la sociedad civil.",
            "A octubre de 2025, han participado 31 entidades federativas, se han instalado 18 "
            "Secretariados Técnicos y publicado 27 planes de acción con 190 compromisos. Lo que "
            "suma el trabajo colaborativo de 702 instituciones públicas, 41 personas "
            "facilitadoras, 96 ciudadanas y ciudadanos, y 433 organizaciones de la sociedad civil.",
        ),
        ("EL 2 de mayo de 2024", "El 6 de mayo de 2025"),
        ("el 17 de mayo de 2024", "el 20 de mayo de 2025"),
        ("el 7 de junio de 2024", "el 9 de junio de 2025"),
        ("se llevaron a cabo 4 Diálogos", "se llevaron a cabo 5 Diálogos"),
        (
            "Centro, Centro-Occidente, Sureste y Norte",
            "Centro, Centro-Occidente, Sureste, Norte y Noreste",
        ),
        ("más de mil asistentes", "más de 1,200 asistentes"),
        ("se recibieron 452 comentarios", "se recibieron 518 comentarios"),
        (
            "el 70% fue incorporado y un 30% no aplicaban",
            "el 64% fue incorporado y un 36% no aplicaban",
        ),
        ("el 4 de diciembre de 2024", "el 3 de diciembre de 2025"),
        ("1.4 VI Cumbre Nacional de Estado Abierto", "1.4 VII Cumbre Nacional de Estado Abierto"),
        ("Los días 28 y 29 de agosto de 2024", "Los días 27 y 28 de agosto de 2025"),
        ("la Sexta Cumbre", "la Séptima Cumbre"),
        ("cuatro *Lightning talks*", "cinco *Lightning talks*"),
        ("Estado Abierto 2024 demostró", "Estado Abierto 2025 demostró"),
        ("durante 2024, se socializó", "durante 2025, se socializó"),
        (
            "Semanas Universitarias por la Transparencia 2024",
            "Semanas Universitarias por la Transparencia 2025",
        ),
        ("la edición 2024 que contó", "la edición 2025 que contó"),
        ("presencial de 2,000 alumnas", "presencial de 2,350 alumnas"),
        ("20,000 visualizaciones", "26,500 visualizaciones"),
        ("llevadas a cabo durante 2024", "llevadas a cabo durante 2025"),
        ("que se desarrollaron en 2024", "que se desarrollaron en 2025"),
        ("se llevaron a cabo cuatro talleres", "se llevaron a cabo seis talleres"),
        (
            "el 17 y 18 de octubre se realizó la cuarta edición",
            "el 16 y 17 de octubre se realizó la quinta edición",
        ),
        ("3 paneles y\n\n2 talleres", "4 paneles y\n\n3 talleres"),
        ("24 panelistas", "31 panelistas"),
        ("más de 500 personas", "más de 650 personas"),
        ("9,810 visitas", "12,480 visitas"),
        ("DATACON 2024 pueden", "DATACON 2025 pueden"),
        ("recibiendo 40 comentarios", "recibiendo 52 comentarios"),
        ("Tercera Sesión Extraordinaria 2024", "Tercera Sesión Extraordinaria 2025"),
        ("4.1 Quinta edición del PlanDAI 2024-2025", "4.1 Sexta edición del PlanDAI 2025-2026"),
        ("En su quinta edición", "En su sexta edición"),
        ("27 entidades federativas activas", "29 entidades federativas activas"),
        ("20 Redes Locales", "23 Redes Locales"),
        ("impactando a 668 personas", "impactando a 1,204 personas"),
        ("más de 30 sesiones", "más de 45 sesiones"),
    )
    return text


NEXT_YEAR: Figures = {
    ("cocreacion-desde-lo-local", "entidades_federativas_participantes"): (31, "exacto"),
    ("cocreacion-desde-lo-local", "secretariados_tecnicos_instalados"): (18, "exacto"),
    ("cocreacion-desde-lo-local", "planes_de_accion_publicados"): (27, "exacto"),
    ("cocreacion-desde-lo-local", "compromisos"): (190, "exacto"),
    ("cocreacion-desde-lo-local", "instituciones_publicas"): (702, "exacto"),
    ("cocreacion-desde-lo-local", "personas_facilitadoras"): (41, "exacto"),
    ("cocreacion-desde-lo-local", "personas_ciudadanas"): (96, "exacto"),
    ("cocreacion-desde-lo-local", "organizaciones_sociedad_civil"): (433, "exacto"),
    ("plandai", "edicion"): (6, "exacto"),
    ("plandai", "entidades_federativas_activas"): (29, "exacto"),
    ("plandai", "redes_locales_instaladas"): (23, "exacto"),
    ("plandai", "personas_participantes"): (1204, "exacto"),
    ("plandai", "sesiones"): (45, "mas_de"),
    ("datacon", "edicion"): (5, "exacto"),
    ("datacon", "paneles"): (4, "exacto"),
    ("datacon", "talleres"): (3, "exacto"),
    ("datacon", "panelistas"): (31, "exacto"),
    ("datacon", "personas_registradas"): (650, "mas_de"),
    ("datacon", "visitas_sitio_web"): (12480, "exacto"),
    ("semanas-universitarias-transparencia", "asistentes_presenciales"): (2350, "exacto"),
    ("semanas-universitarias-transparencia", "visualizaciones_redes_sociales"): (26500, "exacto"),
    ("semanas-universitarias-transparencia", "talleres"): (6, "exacto"),
    ("cumbre-nacional-estado-abierto", "edicion"): (7, "exacto"),
    ("cumbre-nacional-estado-abierto", "lightning_talks"): (5, "exacto"),
    ("apertura-institucional", "dialogos_regionales"): (5, "exacto"),
    ("apertura-institucional", "asistentes_dialogos_regionales"): (1200, "mas_de"),
    ("apertura-institucional", "comentarios_recibidos"): (518, "exacto"),
    ("apertura-institucional", "comentarios_incorporados_pct"): (64, "exacto"),
    ("apertura-institucional", "comentarios_no_aplicables_pct"): (36, "exacto"),
    ("programa-implementacion-pnda", "comentarios_recibidos"): (52, "exacto"),
}


def year_after_next(text: str) -> str:
    """A 2025-2026 edition after `next_year`'s: every event one edition on, cumulative figures
    up, dates within its period."""
    text = next_year(text)
    return edit(
        text,
        ("Periodo 2024 - 2025", "Periodo 2025 - 2026"),
        ("Durante el periodo 2024-2025", "Durante el periodo 2025-2026"),
        ("informe de actividades 2024-2025", "informe de actividades 2025-2026"),
        ("Informe general de actividades 2024-2025", "Informe general de actividades 2025-2026"),
        (
            "han participado 31 entidades federativas, se han instalado 18 Secretariados "
            "Técnicos y publicado 27 planes de acción con 190 compromisos. Lo que suma el "
            "trabajo colaborativo de 702 instituciones públicas, 41 personas facilitadoras, 96 "
            "ciudadanas y ciudadanos, y 433 organizaciones",
            "han participado 32 entidades federativas, se han instalado 20 Secretariados "
            "Técnicos y publicado 29 planes de acción con 214 compromisos. Lo que suma el "
            "trabajo colaborativo de 760 instituciones públicas, 44 personas facilitadoras, 101 "
            "ciudadanas y ciudadanos, y 470 organizaciones",
        ),
        ("1.4 VII Cumbre Nacional de Estado Abierto", "1.4 VIII Cumbre Nacional de Estado Abierto"),
        ("la Séptima Cumbre", "la Octava Cumbre"),
        (
            "el 16 y 17 de octubre se realizó la quinta edición",
            "el 15 y 16 de octubre se realizó la sexta edición",
        ),
        ("DATACON 2025 pueden", "DATACON 2026 pueden"),
        ("12,480 visitas", "13,020 visitas"),
        ("4.1 Sexta edición del PlanDAI 2025-2026", "4.1 Séptima edición del PlanDAI 2026-2027"),
        ("En su sexta edición", "En su séptima edición"),
    )


AFTER_NEXT: Figures = {
    **NEXT_YEAR,
    ("cocreacion-desde-lo-local", "entidades_federativas_participantes"): (32, "exacto"),
    ("cocreacion-desde-lo-local", "secretariados_tecnicos_instalados"): (20, "exacto"),
    ("cocreacion-desde-lo-local", "planes_de_accion_publicados"): (29, "exacto"),
    ("cocreacion-desde-lo-local", "compromisos"): (214, "exacto"),
    ("cocreacion-desde-lo-local", "instituciones_publicas"): (760, "exacto"),
    ("cocreacion-desde-lo-local", "personas_facilitadoras"): (44, "exacto"),
    ("cocreacion-desde-lo-local", "personas_ciudadanas"): (101, "exacto"),
    ("cocreacion-desde-lo-local", "organizaciones_sociedad_civil"): (470, "exacto"),
    ("cumbre-nacional-estado-abierto", "edicion"): (8, "exacto"),
    ("datacon", "edicion"): (6, "exacto"),
    ("datacon", "visitas_sitio_web"): (13020, "exacto"),
    ("plandai", "edicion"): (7, "exacto"),
}


# Editions after `year_after_next`'s that a rule across editions must catch, each with
# what only it breaks.
def skipped_ordinal(text: str) -> str:
    """PlanDAI's octava after the sexta."""
    return edit(
        year_after_next(text),
        ("4.1 Séptima edición del PlanDAI 2026-2027", "4.1 Octava edición del PlanDAI 2026-2027"),
        ("En su séptima edición", "En su octava edición"),
    )


def cumulative_down(text: str) -> str:
    """Fewer entidades "han participado" than the year before said."""
    return edit(
        year_after_next(text), ("han participado 32 entidades", "han participado 29 entidades")
    )


def jumped(text: str) -> str:
    """DATACON's visits almost five times the year before's."""
    return edit(year_after_next(text), ("13,020 visitas", "60,480 visitas"))


def without_visits(text: str) -> str:
    """No figure of DATACON's visits at all (a figure a pipeline may declare optional)."""
    return edit(year_after_next(text), ("13,020 visitas al sitio de internet, ", ""))


def without_datacon(text: str) -> str:
    """No DATACON section: that dataset has no rows of this edition."""
    text = year_after_next(text)
    start = text.index("3.1 Conferencia Nacional de Datos Abiertos\n")
    end = text.index("\n3.2 ", start)
    return text[:start] + text[end + 1 :]


# --- the same figures, worded otherwise ----------------------------------------------------


def reworded(text: str) -> str:
    return edit(
        text,
        (
            "A noviembre de 2024, han participado 30 entidades federativas, se han instalado 15 "
            "Secretariados Técnicos y publicado 25 planes de acción con 164 compromisos. Lo que "
            "suma el trabajo colaborativo de 609 instituciones públicas, 30 personas "
            "facilitadoras, 75 ciudadanas y ciudadanos, y 405 organizaciones de la sociedad civil.",
            "Al cierre de noviembre de 2024 se contaba con la participación de 30 entidades "
            "federativas. En ellas se instalaron 15 Secretariados Técnicos Locales, que "
            "publicaron 25 planes de acción; estos planes suman 164 compromisos. En el trabajo "
            "colaborativo intervinieron 609 instituciones públicas, junto con 30 personas "
            "facilitadoras, 75 ciudadanas y ciudadanos y 405 organizaciones de la sociedad civil.",
        ),
        (
            "EL 2 de mayo de 2024, se formalizó la instalación del Grupo Impulsor de la Estrategia "
            "Abramos México hacia un Estado Abierto, compuesto por el INAI,",
            "El Grupo Impulsor de la Estrategia Abramos México hacia un Estado Abierto quedó "
            "instalado formalmente el 2 de mayo de 2024; lo integran el INAI,",
        ),
        (
            "Además, durante el mes de octubre se llevaron a cabo 4 Diálogos\n\nRegionales, con "
            "el apoyo de las Comisiones representantes de las regiones Centro, Centro-Occidente, "
            "Sureste y Norte con la participación de más de mil asistentes para comentar y "
            "retroalimentar el Modelo y la Política. En total se recibieron 452 comentarios, de "
            "los cuales el 70% fue incorporado y un 30% no aplicaban al tema, cabe destacar, que "
            "todos los comentarios se tomaron en cuenta.",
            "Además, en octubre tuvieron lugar los 4 Diálogos Regionales, apoyados por las "
            "Comisiones de las regiones Centro, Centro-Occidente, Sureste y Norte. Más de mil "
            "asistentes comentaron y retroalimentaron el Modelo y la Política. Se recibieron en "
            "total 452 comentarios: se incorporó el 70% y el 30% restante no aplicaba al tema; "
            "todos se tomaron en cuenta.",
        ),
        (
            "Los días 28 y 29 de agosto de 2024, se llevó a cabo la Sexta Cumbre Nacional de "
            'Estado Abierto, con el título "Abramos México hacia un Estado Abierto", en la que se '
            "desarrollaron siete paneles y cuatro *Lightning talks*.",
            'La Sexta Cumbre Nacional de Estado Abierto, titulada "Abramos México hacia un Estado '
            'Abierto", tuvo lugar los días 28 y 29 de agosto de 2024. Su programa incluyó siete '
            "paneles y cuatro *Lightning talks*.",
        ),
        (
            "Con ello, se iniciaron los trabajos de la edición 2024 que contó con la asistencia "
            "presencial de 2,000 alumnas y alumnos, la participación de 10 Instituciones de "
            "Educación Superior y 20,000 visualizaciones en redes sociales.",
            "Los trabajos de la edición 2024 reunieron de forma presencial a 2,000 alumnas y "
            "alumnos de 10 Instituciones de Educación Superior, y las transmisiones sumaron "
            "20,000 visualizaciones en redes sociales.",
        ),
        (
            "Durante las once jornadas que se desarrollaron en 2024,",
            "A lo largo de las once jornadas del año,",
        ),
        (
            "Adicionalmente, se llevaron a cabo cuatro talleres",
            "Además, se impartieron cuatro talleres",
        ),
        (
            "Este año, el 17 y 18 de octubre se realizó la cuarta edición, denominada",
            "La cuarta edición de la conferencia se celebró este año, el 17 y 18 de octubre, con "
            "el nombre",
        ),
        (
            "Con una mesa de diálogo de alto nivel, 3 paneles y\n\n2 talleres, contó con: la "
            "participación de 24 panelistas de los sectores público, social, académico, "
            "empresarial, provenientes de instituciones nacionales e internacionales, el registro "
            "de más de 500 personas, 9,810 visitas al sitio de internet, el evento",
            "La conferencia ofreció una mesa de diálogo de alto nivel, tres paneles y dos "
            "talleres, en los que participaron 24 panelistas de los sectores público, social, "
            "académico y empresarial; se registraron más de 500 personas y el sitio de internet "
            "del evento recibió 9,810 visitas. El evento",
        ),
        ("recibiendo 40 comentarios, que fueron", "de la que recibió 40 comentarios, que fueron"),
        (
            "En su quinta edición, contó con la participación de 27 entidades federativas "
            "activas, en las que se instalaron 20 Redes Locales de Socialización impactando a 668 "
            "personas que en más de 30 sesiones participaron de los cursos-talleres.",
            "La quinta edición del PlanDAI contó con 27 entidades federativas activas. En ellas "
            "se instalaron 20 Redes Locales de Socialización, y los cursos-talleres, impartidos en "
            "más de 30 sesiones, llegaron a 668 personas.",
        ),
    )


# --- number styles ---------------------------------------------------------------------------


def spelled(text: str) -> str:
    return edit(
        text,
        ("han participado 30 entidades", "han participado treinta entidades"),
        ("instalado 15 Secretariados", "instalado quince Secretariados"),
        ("publicado 25 planes", "publicado veinticinco planes"),
        ("con 164 compromisos", "con ciento sesenta y cuatro compromisos"),
        ("de 609 instituciones", "de seiscientas nueve instituciones"),
        ("75 ciudadanas", "setenta y cinco ciudadanas"),
        ("405 organizaciones", "cuatrocientas cinco organizaciones"),
        ("a cabo 4 Diálogos", "a cabo cuatro Diálogos"),
        (
            "se recibieron 452 comentarios",
            "se recibieron cuatrocientos cincuenta y dos comentarios",
        ),
        ("el 70% fue", "el setenta por ciento fue"),
        ("un 30% no", "un treinta por ciento no"),
        ("24 panelistas", "veinticuatro panelistas"),
        ("más de 500 personas", "más de quinientas personas"),
        ("recibiendo 40 comentarios", "recibiendo cuarenta comentarios"),
        ("27 entidades", "veintisiete entidades"),
        ("20 Redes", "veinte Redes"),
        ("668 personas", "seiscientas sesenta y ocho personas"),
        ("más de 30 sesiones", "más de treinta sesiones"),
        ("presencial de 2,000 alumnas", "presencial de dos mil alumnas"),
        ("de 10 Instituciones", "de diez Instituciones"),
        ("20,000 visualizaciones", "veinte mil visualizaciones"),
        ("9,810 visitas", "nueve mil ochocientas diez visitas"),
    )


def separators(text: str) -> str:
    """NOM-008 spaces (plain, no-break, narrow), periods, and "mil" with digits."""
    return edit(
        text,
        ("presencial de 2,000 alumnas", "presencial de 2\u00a0000 alumnas"),
        ("20,000 visualizaciones", "20\u202f000 visualizaciones"),
        ("9,810 visitas", "9 mil 810 visitas"),
        ("más de mil asistentes", "más de 1.000 asistentes"),
        ("el 70% fue", "el 70 % fue"),
        ("un 30% no", "un 30 por ciento no"),
    )


def separators_space(text: str) -> str:
    return edit(
        text,
        ("9,810 visitas", "9\u2009810 visitas"),
        ("20,000 visualizaciones", "20 mil visualizaciones"),
        ("presencial de 2,000 alumnas", "presencial de 2 000 alumnas"),
    )


QUALIFIED: Figures = {
    ("cocreacion-desde-lo-local", "personas_facilitadoras"): (30, "aproximado"),
    ("cocreacion-desde-lo-local", "personas_ciudadanas"): (80, "aproximado"),
    ("datacon", "personas_registradas"): (500, "mas_de"),
    ("plandai", "sesiones"): (30, "mas_de"),
    ("plandai", "personas_participantes"): (670, "aproximado"),
    ("apertura-institucional", "asistentes_dialogos_regionales"): (1000, "mas_de"),
    ("semanas-universitarias-transparencia", "visualizaciones_redes_sociales"): (
        20000,
        "aproximado",
    ),
    ("semanas-universitarias-transparencia", "asistentes_presenciales"): (2000, "aproximado"),
    ("programa-implementacion-pnda", "comentarios_recibidos"): (50, "menos_de"),
}


def qualified(text: str) -> str:
    return edit(
        text,
        ("30 personas facilitadoras", "alrededor de 30 personas facilitadoras"),
        ("75 ciudadanas y ciudadanos", "casi 80 ciudadanas y ciudadanos"),
        ("el registro de más de 500 personas", "el registro de al menos 500 personas"),
        ("en más de 30 sesiones", "en por lo menos 30 sesiones"),
        ("impactando a 668 personas que", "impactando a 670 personas aproximadamente, que"),
        ("más de mil asistentes", "poco más de mil asistentes"),
        ("20,000 visualizaciones", "aproximadamente 20,000 visualizaciones"),
        ("presencial de 2,000 alumnas", "presencial de cerca de 2,000 alumnas"),
        ("recibiendo 40 comentarios", "recibiendo menos de 50 comentarios"),
    )


# --- numbers near other numbers: a careful reader cannot be sure --------------------------


def nearby(text: str) -> str:
    return edit(
        text,
        (
            "colaborativo de 609 instituciones públicas,",
            "colaborativo de 609 de las 1,150 instituciones públicas convocadas,",
        ),
        ("75 ciudadanas y ciudadanos", "75 (setenta y seis) ciudadanas y ciudadanos"),
        (
            "Este año, el 17 y 18 de octubre se realizó la cuarta edición, denominada",
            "Este año, el 17 y 18 de octubre se realizó la DATACON 2024, cuarta edición de la "
            "conferencia, que superó la asistencia de la tercera edición, denominada",
        ),
        (
            "27 entidades federativas activas,",
            "27 entidades federativas activas, frente a las 25 entidades federativas de la "
            "edición anterior,",
        ),
        (
            "En total se recibieron 452 comentarios,",
            "En total se recibieron 452 comentarios y 316 fueron revisados por el Grupo Técnico,",
        ),
    )


NEARBY_PROBLEMS = (
    "cocreacion-desde-lo-local: instituciones_publicas: ambiguous",
    "'609'",
    "'1,150'",
    "cocreacion-desde-lo-local: personas_ciudadanas: unreadable figure '75 (setenta y seis)'",
    "datacon: edicion: ambiguous",
    "'tercera'",
    "plandai: entidades_federativas_activas: ambiguous",
    "'25'",
    "apertura-institucional: comentarios_recibidos: ambiguous",
    "'316'",
)


def repeated(text: str) -> str:
    """The same figures said twice, in the same words or in others: one value, no doubt."""
    return edit(
        text,
        (
            "Lo que suma el trabajo colaborativo",
            "Los 164 compromisos de los 25 planes de acción se registraron en las 30 entidades "
            "federativas. Lo que suma el trabajo colaborativo",
        ),
        (
            "el evento puso de manifiesto",
            "el evento, con sus 24 panelistas y una mesa de diálogo, puso de manifiesto",
        ),
        (
            "participaron de los cursos-talleres.",
            "participaron de los cursos-talleres. En suma, 668 personas en 27 entidades "
            "federativas activas.",
        ),
        ("Durante las once jornadas", "Durante las 11 jornadas"),
        (
            "Adicionalmente, se llevaron a cabo cuatro talleres",
            "Las once jornadas incluyeron talleres: se llevaron a cabo cuatro talleres",
        ),
    )


# --- structure: sections moved, renumbered, replaced -----------------------------------------


def _move(text: str, start: str, end: str, before: str) -> str:
    """Cut text[start:end) and put it right before `before`."""
    first = text.index(start)
    last = text.index(end, first)
    block = text[first:last]
    rest = text[:first] + text[last:]
    where = rest.index(before)
    return rest[:where] + block + rest[where:]


def renumbered(text: str) -> str:
    """The Cumbre becomes 1.3 and the bulletin 1.4; the two sections of Eje 3 swap places and
    numbers; PlanDAI becomes 5.1 under a new "Eje 5"; the index follows."""
    text = _move(
        text,
        "1.4 VI Cumbre Nacional de Estado Abierto\n\nLos días",
        "Eje 2: Transparencia Proactiva\n\n2.1",
        "1.3 Difusión en materia de Gobierno Abierto\n\nCon el objetivo",
    )
    text = _move(
        text,
        "3.2 Programa de Implementación Modelo de la Política Nacional de Datos Abiertos\n\n",
        "Eje 4: Acceso a la Información\n\n4.1",
        "3.1 Conferencia Nacional de Datos Abiertos\n\nLa Conferencia",
    )
    return edit(
        text,
        (
            "1.3 Difusión en materia de Gobierno Abierto\t6",
            "1.3 VI Cumbre Nacional de Estado Abierto\t6",
        ),
        (
            "1.4 VI Cumbre Nacional de Estado Abierto\t7",
            "1.4 Difusión en materia de Gobierno Abierto\t7",
        ),
        (
            "1.3 Difusión en materia de Gobierno Abierto\n\nCon",
            "1.4 Difusión en materia de Gobierno Abierto\n\nCon",
        ),
        (
            "1.4 VI Cumbre Nacional de Estado Abierto\n\nLos",
            "1.3 VI Cumbre Nacional de Estado Abierto\n\nLos",
        ),
        (
            "3.1 Conferencia Nacional de Datos Abiertos\t10",
            "3.1 Programa de Implementación Modelo de la Política Nacional de Datos Abiertos\t10",
        ),
        (
            "3.2 Programa de Implementación Modelo de la Política Nacional de Datos"
            "\t\nAbiertos\t10",
            "3.2 Conferencia Nacional de Datos Abiertos\t10",
        ),
        (
            "3.2 Programa de Implementación Modelo de la Política Nacional de Datos Abiertos\n\n",
            "3.1 Programa de Implementación Modelo de la Política Nacional de Datos Abiertos\n\n",
        ),
        (
            "3.1 Conferencia Nacional de Datos Abiertos\n\nLa",
            "3.2 Conferencia Nacional de Datos Abiertos\n\nLa",
        ),
        (
            "Eje 4: Acceso a la Información\t11\n4.1 Quinta edición del PlanDAI 2024-2025\t11",
            "Eje 5: Acceso a la Información\t11\n5.1 Quinta edición del PlanDAI 2024-2025\t11",
        ),
        (
            "Eje 4: Acceso a la Información\n\n4.1 Quinta",
            "Eje 5: Acceso a la Información\n\n5.1 Quinta",
        ),
    )


def replaced(text: str) -> str:
    """Section 1.3 now speaks of another topic, with a list of its own."""
    start = text.index("1.3 Difusión en materia de Gobierno Abierto\n\nCon el objetivo")
    end = text.index("1.4 VI Cumbre Nacional de Estado Abierto\n\nLos días")
    other = (
        "1.3 Capacitación en materia de Parlamento Abierto\n\n"
        "Durante el año se impartieron cursos a personal de los congresos locales sobre:\n\n"
        "- Principios de Parlamento Abierto\n- Datos legislativos abiertos\n"
        "- Participación ciudadana en el proceso legislativo\n\n"
    )
    text = text[:start] + other + text[end:]
    return edit(
        text,
        (
            "1.3 Difusión en materia de Gobierno Abierto\t6",
            "1.3 Capacitación en materia de Parlamento Abierto\t6",
        ),
    )


# --- page furniture ------------------------------------------------------------------------------

HEADER = "Informe de cierre 2023-2024 · Comisión de Estado Abierto y Transparencia Proactiva"


def _footer(page: int) -> str:
    return f"CEAyTP · Sistema Nacional de Transparencia Página {page} de 14"


def furniture(text: str) -> str:
    """Running headers and footers on every page (one falls inside a sentence), a heading
    repeated at the top of a page, an index with dot leaders, line-end hyphens."""
    text = edit(
        text,
        # The index with dot leaders instead of tabs.
        *[
            (line, re.sub(r"\t(\d+)$", lambda m: " " + "." * 12 + " " + m[1], line))
            for line in text.splitlines()
            if re.search(r"\t\d+$", line)
        ],
        (
            "3.2 Programa de Implementación Modelo de la Política Nacional de Datos\t\n",
            "3.2 Programa de Implementación Modelo de la Política Nacional de Datos\n",
        ),
        # A footer, then a header, inside a sentence.
        (
            "el trabajo colaborativo de 609 instituciones públicas,",
            f"el trabajo colaborativo de 609\n{_footer(5)}\n{HEADER}\ninstituciones públicas,",
        ),
        # Line-end hyphens, in a number and in words.
        ("9,810 visitas al sitio", "9,8-\n10 visitas al sitio"),
        ("la colaboración entre personas", "la colabo-\nración entre personas"),
        (
            "Regionales, con el apoyo de las Comisiones representantes",
            "Regionales, con el apoyo de las Comisiones repre-\nsentantes",
        ),
        # The axis heading again at the top of a page, inside section 1.2.
        (
            "Una de las herramientas para el desarrollo",
            f"{_footer(6)}\n\n{HEADER}\n\nEje 1: Estado Abierto\n\nUna de las herramientas para "
            "el desarrollo",
        ),
    )
    # A header and a footer between the other pages.
    pages = 0
    lines = []
    for line in text.split("\n"):
        lines.append(line)
        if line.strip() == "" and len(lines) > 40 * (pages + 1) and lines[-2].strip() == "":
            pages += 1
            lines.extend([_footer(6 + pages), "", HEADER, ""])
    return "\n".join(lines)


# --- missing, unreadable and contradicted figures ------------------------------------------


def missing(text: str) -> str:
    return edit(
        text,
        ("impactando a 668 personas", "impactando a muchas personas"),
        ("9,810 visitas al sitio", "miles de visitas al sitio"),
        ("609 instituciones públicas", "6O9 instituciones públicas"),
        ("se llevaron a cabo cuatro talleres", "se llevaron a cabo varios talleres"),
    )


MISSING_PROBLEMS = (
    "plandai: personas_participantes: not found",
    "datacon: visitas_sitio_web: not found",
    "cocreacion-desde-lo-local: instituciones_publicas: unreadable figure '6O9'",
    "semanas-universitarias-transparencia: talleres: not found",
    "4 figures could not be read; nothing written",
)


def hyphen_ambiguous(text: str) -> str:
    return edit(text, ("9,810 visitas al sitio", "9-\n810 visitas al sitio"))


def average(text: str) -> str:
    return edit(text, ("impactando a 668 personas", "impactando a un promedio de 668 personas"))


def unplaced(text: str) -> str:
    """A jornada at a university whose name holds another state's name, and no state."""
    return edit(
        text,
        (
            "- 10 de octubre, Universidad Autónoma de Nayarit.",
            "- 10 de octubre, Universidad Michoacana de San Nicolás de Hidalgo.",
        ),
    )


def placed(text: str) -> str:
    return edit(
        text,
        (
            "- 10 de octubre, Universidad Autónoma de Nayarit.",
            "- 10 de octubre, Universidad "
            "Michoacana de San Nicolás de Hidalgo, Morelia, Michoacán.",
        ),
    )


def compared_year(text: str) -> str:
    """A 2024-2025 report whose only year near the DATACON is last year's, in a comparison."""
    return edit(
        next_year(text),
        (
            "El programa y videos de la DATACON 2025 pueden",
            "A diferencia de la DATACON 2024, el programa y videos pueden",
        ),
    )


def this_year(text: str) -> str:
    """A 2024-2025 report that says "este año" of the DATACON and names only the DATACON 2024."""
    return edit(next_year(text), ("DATACON 2025 pueden", "DATACON 2024 pueden"))


PLANDAI = (
    "En su quinta edición, contó con la participación de 27 entidades federativas activas, en "
    "las que se instalaron 20 Redes Locales de Socialización impactando a 668 personas que en "
    "más de 30 sesiones participaron de los cursos-talleres."
)


def listed(text: str) -> str:
    """Figures given as a list, numbered items for the jornadas, percentages before verbs."""
    text = edit(
        text,
        (
            PLANDAI,
            "En su quinta edición, el PlanDAI logró:\n\n- 27 entidades federativas activas\n"
            "- 20 Redes Locales de Socialización instaladas\n- 668 personas participantes\n"
            "- más de 30 sesiones de cursos-talleres",
        ),
        ("el 70% fue incorporado y un 30% no aplicaban", "70% se incorporó, 30% no aplicó"),
    )
    items = re.findall(r"^- (\d{1,2} de \w+[,.] .+)$", text, flags=re.MULTILINE)
    for number, item in enumerate(items, start=1):
        text = edit(text, (f"- {item}\n", f"{number}. {item}\n"))
    return text


def table_as_text(text: str) -> str:
    """A table of labels and values read as one line: which label owns a number is unknown."""
    return edit(
        text,
        (
            PLANDAI,
            "En su quinta edición, los resultados fueron:\n\nEntidades federativas activas 27 "
            "Redes Locales instaladas 20 Personas participantes 668 Sesiones más de 30",
        ),
    )


EDITIONS = [
    Edition(
        "siguiente",
        "a next year's edition: every figure, date and edition changed",
        next_year,
        NEXT_YEAR,
    ),
    Edition("redaccion", "the same figures in other words and word orders", reworded),
    Edition("palabras", "figures spelled out in words", spelled),
    Edition(
        "separadores", "thousands grouped by no-break and narrow spaces, periods, 'mil'", separators
    ),
    Edition("separadores-nom", "NOM-008 thin and plain spaces, '20 mil'", separators_space),
    Edition(
        "calificadores",
        "figures qualified: alrededor de, casi, al menos, menos de...",
        qualified,
        QUALIFIED,
    ),
    Edition("repetidas", "figures said twice with the same value", repeated),
    Edition("renumerada", "sections moved and renumbered; the index follows", renumbered),
    Edition(
        "mobiliario",
        "running headers and footers, a footer inside a sentence, a repeated "
        "heading, dot leaders, line-end hyphens",
        furniture,
    ),
    Edition(
        "mobiliario-pdf",
        "a PDF with a running header and a numbered footer on every page",
        lambda text: text,
        pdf=True,
    ),
    Edition("lugar-declarado", "a jornada's state after its city", placed),
    Edition(
        "listas", "figures in a list, numbered list items, percentages before their verb", listed
    ),
    Edition(
        "cercanas",
        "numbers near other numbers: an ambiguity for each",
        nearby,
        problems=NEARBY_PROBLEMS,
    ),
    Edition("faltantes", "figures missing or unreadable", missing, problems=MISSING_PROBLEMS),
    Edition(
        "reemplazada",
        "section 1.3 replaced by another topic",
        replaced,
        problems=(
            "difusion-gobierno-abierto: programas_difundidos: section 1.3 is "
            "'Capacitación en materia de Parlamento Abierto', not about "
            "'Difusión en materia de Gobierno Abierto'",
        ),
    ),
    Edition(
        "tabla-como-texto",
        "a table of labels and values read as running text",
        table_as_text,
        problems=("a number between two labels", "plandai: entidades_federativas_activas"),
    ),
    Edition(
        "guion-ambiguo",
        "a number broken by a hyphen that could be a range",
        hyphen_ambiguous,
        problems=("datacon: visitas_sitio_web: unreadable figure '9-810'",),
    ),
    Edition(
        "promedio",
        "an average, not a count",
        average,
        problems=("plandai: personas_participantes: unreadable figure",),
    ),
    Edition(
        "sin-entidad",
        "a jornada with no state of its own",
        unplaced,
        problems=(
            "semanas-universitarias-transparencia: jornada",
            "Universidad Michoacana de San Nicolás de Hidalgo",
            "no federal entity",
        ),
    ),
    Edition(
        "anio-comparado",
        "a date whose section names a year only in a comparison",
        compared_year,
        problems=("datacon: fechas:", "no single year"),
    ),
    Edition(
        "este-anio",
        "'este año' in a 2024-2025 report whose section names 2024",
        this_year,
        problems=("datacon: fechas:", "'Este año' in a report of 2024-2025"),
    ),
]
