"""The citation that the Términos de Libre Uso MX ask for: "Nombre del conjunto", siglas of
the publisher; URL de descarga; fecha de consulta."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
URL_PLACEHOLDER = "URL de descarga"
DATE_PLACEHOLDER = "fecha de consulta"


def acronyms(descriptor: dict[str, Any]) -> str:
    """The publisher's siglas: the parenthesized acronyms of its title ("CEAyTP, SNT"), its
    declared `siglas`, or its title when it has none."""
    publisher = descriptor.get("publisher") or {}
    if publisher.get("siglas"):
        return str(publisher["siglas"])
    title = str(publisher.get("title") or "")
    found = re.findall(r"\(([^()\s]+)\)", title)
    return ", ".join(found) or title


def spanish_date(day: dt.date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def citation(
    descriptor: dict[str, Any], url: str | None = None, fecha_consulta: dt.date | None = None
) -> str:
    """The dataset's Libre Uso MX citation; without a URL or date, their placeholders."""
    when = spanish_date(fecha_consulta) if fecha_consulta else f"[{DATE_PLACEHOLDER}]"
    where = url or f"[{URL_PLACEHOLDER}]"
    title = descriptor.get("title", "")
    return f"“{title}”, {acronyms(descriptor)}; {where}; consultado el {when}."
