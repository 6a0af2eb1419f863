"""Sessions of the Commission and their agenda ("I. Principales hitos...").

The PDF lays these pages out as columns, one per session, and its text layer reads them out
of order: session names first, then dates, then agenda items. Dates and items are matched to
sessions only where the layout allows it, and every row says how it was matched and why.
"""

import re

from opendata.extract import Extraction
from opendata.extract.dates import DATE
from opendata.extract.furniture import BULLET
from opendata.extract.lists import Item, item_doubts, page_width, wraps
from opendata.extract.sections import Line

DATASET = "sesiones-comision"
RESOURCES = ("indicadores", "sesiones", "orden_del_dia")

_ORDINAL = (
    r"(?:primera|segunda|tercera|cuarta|quinta|sexta|séptima|septima|octava|novena|décima"
    r"|decima|[IVX]+|\d+(?:ª|a\.?))"
)
_SESSION = re.compile(rf"{_ORDINAL}\s+Sesión\s+(?:Ordinaria|Extraordinaria)", re.IGNORECASE)
_DATE_LINE = re.compile(rf"^{DATE}$", re.IGNORECASE)


def _session_names(line: str) -> list[str]:
    """'Segunda Sesión Extraordinaria Tercera Sesión Extraordinaria' holds two names."""
    found = [m[0] for m in _SESSION.finditer(line)]
    if found and "".join(found).replace(" ", "") == line.replace(" ", ""):
        return found
    return [line]


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


def extract(ex: Extraction) -> None:
    section = ex.section("I", "Principales hitos de las Sesiones", "sesiones")
    sessions: dict[str, dict[str, object]] = {}
    for page_number, page in enumerate(section.pages(), start=1):
        _read_page(ex, section.key, page_number, page, sessions)
    if not sessions:
        raise ex.fail("sesiones", section.label, "no session names found")
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


def _read_page(
    ex: Extraction,
    section: str,
    page_number: int,
    page: list[Line],
    sessions: dict[str, dict[str, object]],
) -> None:
    names: list[str] = []
    dates: list[str] = []
    items: list[tuple[str, int]] = []  # (text, how many dates stood above it)
    lists: list[list[Item]] = []  # the items under each date, to check as lists
    width = page_width(page)
    previous = ""  # the line above as printed, blank or not
    for line in page:
        text = " ".join(line.text.split())  # a PDF's justified lines carry runs of spaces
        marker = BULLET.match(text)
        if not text:
            pass
        elif marker:
            if not items or items[-1][1] != len(dates):
                lists.append([])  # the first item under a date starts its list
            items.append((text[marker.end() :], len(dates)))
            lists[-1].append(Item(line.number, marker[0].strip(), "", [text[marker.end() :]]))
        elif _DATE_LINE.match(text):
            dates.append(text)
        elif not dates and not items:
            names.extend(_session_names(text))
        elif items and _continues(previous, line.text, width):
            # A wrapped agenda item continues on the next line.
            items[-1] = (f"{items[-1][0]} {text}", items[-1][1])
            lists[-1][-1].parts.append(text)
        else:
            raise ex.fail(
                "puntos_orden_del_dia" if items else "sesiones",
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

    undated = [name for name in names if name not in sessions]
    dated_here: dict[int, str] = {}
    if len(undated) == len(dates):
        reason = (
            f"Fecha asignada por posición: en la página {page_number} del apartado las "
            f"{len(dates)} fechas siguen el orden de las sesiones sin fecha previa."
        )
        for index, (name, date_text) in enumerate(zip(undated, dates, strict=True)):
            dated_here[index] = name
            fecha = ex.date("sesiones", ex.report.section(section), date_text)
            day = fecha.start if fecha else None
            sessions[name] = _session_row(name, page_number, day, "posicional", reason)
    for name in undated:
        if name not in sessions:
            reason = (
                f"La página {page_number} lista {len(names)} sesiones y {len(dates)} fechas; "
                "no es posible saber cuál corresponde a esta sesión."
            )
            sessions[name] = _session_row(name, page_number, None, "desconocida", reason)

    interleaved = len({above for _, above in items}) > 1
    for text, above in items:
        session_name: str | None = None
        if len(names) == 1:
            session_name = names[0]
            how = "inferida"
            reason = f"Única sesión listada en la página {page_number}."
        elif interleaved and above and (above - 1) in dated_here:
            session_name = dated_here[above - 1]
            how = "inferida"
            reason = (
                f"El punto sigue a la fecha «{dates[above - 1]}», asignada por posición "
                f"a «{session_name}»."
            )
        else:
            how = "desconocida"
            reason = (
                f"La página {page_number} presenta {len(names)} sesiones en columnas y el "
                "texto del PDF lista los puntos sin indicar su columna."
            )
        ex.add(
            "orden_del_dia",
            {
                "numero": len(ex.tables.get("orden_del_dia", [])) + 1,
                "pagina": page_number,
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
