"""Sessions of the Commission and their agenda ("I. Principales hitos...").

The PDF lays these pages out as columns, one per session, and its text layer reads them out
of order: session names first, then dates, then agenda items. Dates and items are matched to
sessions only where the layout allows it, and every row says how it was matched and why.

A date matched by position is published only where the position is certain: one session left
for one date, sessions of one numbered series whose dates follow their ordinals, or a date the
report states for that session elsewhere. The number of sessions is checked against the
number of dates, each counted on its own, so that a session lost to the layout (a page heading
gone, two names run together) is an error, not a smaller count.
"""

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from opendata.extract import Extraction
from opendata.extract.dates import DATE, DateSpan, DateValue, parse_date, scan_dates
from opendata.extract.furniture import BULLET
from opendata.extract.lists import Item, item_doubts, page_width, wraps
from opendata.extract.numbers import ParseError
from opendata.extract.sections import Line, Section
from opendata.extract.spanish import fold

DATASET = "sesiones-comision"
RESOURCES = ("indicadores", "sesiones", "orden_del_dia")

_ORDINAL_WORDS = {
    "primera": 1,
    "segunda": 2,
    "tercera": 3,
    "cuarta": 4,
    "quinta": 5,
    "sexta": 6,
    "séptima": 7,
    "septima": 7,
    "octava": 8,
    "novena": 9,
    "décima": 10,
    "decima": 10,
}
_ORDINAL = (
    r"(?:primera|segunda|tercera|cuarta|quinta|sexta|séptima|septima|octava|novena|décima"
    r"|decima|[IVX]+|\d+(?:ª|a\.?))"
)
_SESSION = re.compile(rf"{_ORDINAL}\s+Sesión\s+(?:Ordinaria|Extraordinaria)", re.IGNORECASE)
_NUMBERED = re.compile(
    rf"^(?P<ordinal>{_ORDINAL})\s+Sesión\s+(?P<kind>Ordinaria|Extraordinaria)(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROMAN = {"I": 1, "V": 5, "X": 10}
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATE_LINE = re.compile(rf"^{DATE}$", re.IGNORECASE)
_KIND_WORDS = {"comisiones_unidas": "comisiones unidas", "reunion_de_trabajo": "reunion de trabajo"}


@dataclass
class _Page:
    number: int
    names: list[str]
    dates: list[str]
    items: list[tuple[str, int]]  # (text, how many dates stood above it)


@dataclass(frozen=True)
class _Series:
    """Where a numbered session stands: its series (kind, qualifier, year) and its ordinal."""

    series: tuple[str, str, int | None]
    number: int


def _session_names(line: str) -> list[str]:
    """'Segunda Sesión Extraordinaria Tercera Sesión Extraordinaria' holds two names."""
    found = [m[0] for m in _SESSION.finditer(line)]
    if found and "".join(found).replace(" ", "") == line.replace(" ", ""):
        return found
    return [line]


def _only_session_names(line: str) -> bool:
    return _session_names(line) != [line] or bool(_SESSION.fullmatch(line))


def _kind(name: str) -> str:
    lowered = name.lower()
    for word, kind in (
        ("extraordinaria", "extraordinaria"),
        ("ordinaria", "ordinaria"),
        ("comisiones unidas", "comisiones_unidas"),
        ("reunión de trabajo", "reunion_de_trabajo"),
    ):
        if word in lowered:
            return kind
    return "otra"


def _ordinal_value(text: str) -> int | None:
    lowered = text.lower().rstrip(".")
    if lowered in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[lowered]
    digits = re.match(r"^(\d+)(?:ª|a)$", lowered)
    if digits:
        return int(digits[1])
    if re.fullmatch(r"[IVX]+", text):
        values = [_ROMAN[char] for char in text]
        return sum(-v if v < n else v for v, n in zip(values, [*values[1:], 0], strict=True))
    return None


def _numbered(name: str) -> _Series | None:
    """'Tercera Sesión Extraordinaria 2024' is number 3 of the extraordinary sessions of 2024."""
    match = _NUMBERED.match(name)
    number = _ordinal_value(match["ordinal"]) if match else None
    if match is None or number is None:
        return None
    year = _YEAR.search(match["rest"])
    qualifier = fold(_YEAR.sub(" ", match["rest"]))
    return _Series((match["kind"].lower(), qualifier, int(year[0]) if year else None), number)


def extract(ex: Extraction) -> None:
    section = ex.section("I", "Principales hitos de las Sesiones", "sesiones")
    pages = [
        _read_page(ex, section.label, number, lines)
        for number, lines in enumerate(section.pages(), start=1)
    ]
    names = list(dict.fromkeys(name for page in pages for name in page.names))
    if not names:
        raise ex.fail("sesiones", section.label, "no session names found")
    _check_counts(ex, section, pages, names)
    stated = _stated_dates(ex, section, names)
    sessions: dict[str, dict[str, object]] = {}
    for page in pages:
        dated_here = _date_page(ex, section, page, sessions, stated)
        _add_items(ex, section.key, page, dated_here)
    _check_series(ex, section, sessions)
    for number, row in enumerate(sessions.values(), start=1):
        ex.add("sesiones", {"numero": number, **row})
    start, end = ex.report.period
    period = f"{start}/{end}"
    ex.counted(
        "sesiones",
        "Sesiones y reuniones de la Comisión listadas en el informe",
        "sesiones",
        "sesiones",
        section,
        period,
    )
    ex.counted(
        "puntos_orden_del_dia",
        "Puntos del orden del día listados para las sesiones de la Comisión",
        "puntos",
        "orden_del_dia",
        section,
        period,
    )


def _read_page(ex: Extraction, section: str, page_number: int, page: list[Line]) -> _Page:
    read = _Page(page_number, [], [], [])
    lists: list[list[Item]] = []  # the items under each date, to check as lists
    width = page_width(page)
    previous = ""  # the line above as printed, blank or not
    for line in page:
        text = " ".join(line.text.split())  # a PDF's justified lines carry runs of spaces
        marker = BULLET.match(text)
        if not text:
            pass
        elif marker:
            if not read.items or read.items[-1][1] != len(read.dates):
                lists.append([])  # the first item under a date starts its list
            read.items.append((text[marker.end() :], len(read.dates)))
            lists[-1].append(Item(line.number, marker[0].strip(), "", [text[marker.end() :]]))
        elif _DATE_LINE.match(text):
            read.dates.append(text)
        elif not read.dates and not read.items:
            read.names.extend(_session_names(text))
        elif read.items and _only_session_names(text):
            raise ex.fail(
                "sesiones",
                section,
                f"the session name {text!r} stands among the agenda items of page "
                f"{page_number} (a page heading lost?): the sessions cannot be counted",
            )
        elif read.items and _continues(previous, line.text, width):
            # A wrapped agenda item continues on the next line.
            read.items[-1] = (f"{read.items[-1][0]} {text}", read.items[-1][1])
            lists[-1][-1].parts.append(text)
        else:
            raise ex.fail(
                "puntos_orden_del_dia" if read.items else "sesiones",
                section,
                f"unexpected line {text!r} on page {page_number}",
            )
        previous = line.text
    doubts = item_doubts(lists, repeats=False)
    if doubts:
        raise ex.fail(
            "puntos_orden_del_dia",
            section,
            f"the agenda on page {page_number} cannot be read with certainty: {doubts[0]}",
        )
    repeated = sorted({name for name in read.names if read.names.count(name) > 1})
    if repeated:
        raise ex.fail("sesiones", section, f"page {page_number} lists {repeated[0]!r} twice")
    return read


def _check_counts(ex: Extraction, section: Section, pages: list[_Page], names: list[str]) -> None:
    """Each session has one name and one date line: counted apart, they must agree."""
    dates = sum(len(page.dates) for page in pages)
    if dates != len(names):
        raise ex.fail(
            "sesiones",
            section.label,
            f"the section lists {len(names)} session names but {dates} session dates: "
            "a session lost to the layout cannot be ruled out",
        )
    for page in pages:
        blocks = sorted({above for _, above in page.items})
        if len(blocks) > 1 and blocks != list(range(1, len(page.dates) + 1)):
            raise ex.fail(
                "orden_del_dia",
                section.label,
                f"page {page.number} has {len(page.dates)} dates but its agenda items stand "
                f"in {len(blocks)} blocks that do not follow one date each",
            )


def _stated_dates(
    ex: Extraction, section: Section, names: list[str]
) -> dict[str, tuple[dt.date, str]]:
    """The date another section gives a session: a sentence naming that one session and
    exactly one day ("el 4 de diciembre de 2024 en la Tercera Sesión de Comisiones Unidas")."""
    keys = _keys(names)
    found: dict[str, set[tuple[dt.date, str]]] = {}
    for other in ex.report.sections:
        if other is section:
            continue
        for sentence in other.sentence_spans:
            folded = f" {fold(sentence.text)} "
            named = [name for name, key in keys.items() if f" {key} " in folded]
            days = {day for day in map(_day_of, scan_dates(sentence.text)) if day}
            if len(named) == 1 and len(days) == 1:
                found.setdefault(named[0], set()).add((days.pop(), other.label))
    stated = {}
    for name, dates in found.items():
        if len({day for day, _ in dates}) == 1:
            stated[name] = min(dates)
    return stated


def _keys(names: list[str]) -> dict[str, str]:
    """How the prose names each session: a numbered one by its name, a meeting of another kind
    by its kind's words when it is the only one of its kind."""
    kinds = [_kind(name) for name in names]
    keys = {}
    for name, kind in zip(names, kinds, strict=True):
        if kind in _KIND_WORDS:
            if kinds.count(kind) == 1:
                keys[name] = _KIND_WORDS[kind]
        elif fold(name):
            keys[name] = fold(name)
    return keys


def _day_of(span: DateSpan) -> dt.date | None:
    try:
        value = parse_date(span.text)
    except ParseError:
        return None
    return value.start if value.precision == "dia" and value.start == value.end else None


def _date_page(
    ex: Extraction,
    section: Section,
    page: _Page,
    sessions: dict[str, dict[str, object]],
    stated: dict[str, tuple[dt.date, str]],
) -> dict[int, str]:
    """Date the page's new sessions; returns the positions whose session is certain."""
    undated = [name for name in page.names if name not in sessions]
    if len(undated) != len(page.dates):
        raise ex.fail(
            "sesiones",
            section.label,
            f"page {page.number} lists {len(undated)} sessions without a date and "
            f"{len(page.dates)} dates: which date is whose cannot be told",
        )
    values = [ex.date("sesiones", section, text) for text in page.dates]
    certain = _certain_positions(ex, section, page, undated, values, stated)
    reason = (
        f"Fecha asignada por posición: en la página {page.number} del apartado las "
        f"{len(page.dates)} fechas siguen el orden de las sesiones sin fecha previa."
    )
    unsure = (
        f"La página {page.number} lista {len(undated)} sesiones y {len(page.dates)} fechas; "
        "nada en el informe confirma cuál corresponde a esta sesión."
    )
    for index, (name, value) in enumerate(zip(undated, values, strict=True)):
        if index in certain and value is not None:
            _check_period(ex, section, name, value)
            sessions[name] = _session_row(name, page.number, value.start, "posicional", reason)
        else:
            sessions[name] = _session_row(name, page.number, None, "desconocida", unsure)
    return {index: undated[index] for index in certain}


def _certain_positions(
    ex: Extraction,
    section: Section,
    page: _Page,
    undated: list[str],
    values: list[DateValue | None],
    stated: dict[str, tuple[dt.date, str]],
) -> set[int]:
    """The positions where name and date certainly go together; a contradiction is an error."""
    if any(value is None for value in values):
        return set()
    days = [value.start for value in values if value is not None]
    certain = set()
    for index, name in enumerate(undated):
        if name in stated:
            day, where = stated[name]
            if day != days[index]:
                raise ex.fail(
                    "sesiones",
                    section.label,
                    f"page {page.number} gives {name!r} the date {page.dates[index]!r} by "
                    f"position, but section {where} dates it {day.isoformat()}",
                )
            certain.add(index)
    rest = [index for index in range(len(undated)) if index not in certain]
    if len(rest) <= 1:
        return certain | set(rest)
    numbered = [_numbered(undated[index]) for index in rest]
    if all(numbered) and len({n.series for n in numbered if n}) == 1:
        return certain | set(rest)  # their order is checked against the ordinals later
    return certain


def _check_period(ex: Extraction, section: Section, name: str, value: DateValue) -> None:
    start, end = ex.report.period
    if not dt.date(start, 1, 1) <= value.start <= dt.date(end, 12, 31):
        raise ex.fail(
            "sesiones",
            section.label,
            f"{name!r} is dated {value.start.isoformat()} by position, outside the report's "
            f"period {start}-{end}",
        )


def _check_series(ex: Extraction, section: Section, sessions: dict[str, dict[str, object]]) -> None:
    """Numbered sessions of one series are held in the order of their ordinals."""
    by_series: dict[tuple[str, str, int | None], list[tuple[int, str, dt.date | None]]] = {}
    for name, row in sessions.items():
        numbered = _numbered(name)
        fecha = row["fecha"]
        if numbered is not None:
            day = fecha if isinstance(fecha, dt.date) else None
            by_series.setdefault(numbered.series, []).append((numbered.number, name, day))
    for members in by_series.values():
        members.sort(key=lambda member: member[0])
        for (number, name, day), (next_number, next_name, next_day) in pairwise(members):
            if number == next_number:
                raise ex.fail(
                    "sesiones", section.label, f"{name!r} and {next_name!r} have one ordinal"
                )
            if day is not None and next_day is not None and next_day < day:
                raise ex.fail(
                    "sesiones",
                    section.label,
                    f"by position {next_name!r} is dated {next_day.isoformat()}, before "
                    f"{name!r} ({day.isoformat()}): the dates do not follow the ordinals",
                )


def _add_items(ex: Extraction, section: str, page: _Page, dated_here: dict[int, str]) -> None:
    interleaved = len({above for _, above in page.items}) > 1
    for text, above in page.items:
        session_name: str | None = None
        if len(page.names) == 1:
            session_name = page.names[0]
            how = "inferida"
            reason = f"Única sesión listada en la página {page.number}."
        elif interleaved and above and (above - 1) in dated_here:
            session_name = dated_here[above - 1]
            how = "inferida"
            reason = (
                f"El punto sigue a la fecha «{page.dates[above - 1]}», asignada por posición "
                f"a «{session_name}»."
            )
        else:
            how = "desconocida"
            reason = (
                f"La página {page.number} presenta {len(page.names)} sesiones en columnas y el "
                "texto del PDF lista los puntos sin indicar su columna."
            )
        ex.add(
            "orden_del_dia",
            {
                "numero": len(ex.tables.get("orden_del_dia", [])) + 1,
                "pagina": page.number,
                "punto": text,
                "sesion": session_name,
                "asignacion": how,
                "motivo": reason,
                "seccion": section,
            },
        )


def _continues(previous: str, text: str, width: int | None) -> bool:
    """Whether `text` is the wrapped end of the agenda item printed right above it."""
    above = " ".join(previous.split())
    return bool(above) and not _DATE_LINE.match(above) and wraps(previous, text, width)


def _session_row(name: str, page: int, fecha: object, how: str, reason: str) -> dict[str, object]:
    return {
        "sesion": name,
        "tipo": _kind(name),
        "fecha": fecha,
        "asignacion_fecha": how,
        "motivo": reason,
        "pagina": page,
        "seccion": "I",
    }
