"""INEGI's catalogue of the 32 federal entities (states), and finding them in text."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from opendata.extract.spanish import fold

# "México" alone names a state only when it stands alone: inside an institution's name
# ("Universidad Nacional Autónoma de México") it is the country.
_NOT_SEARCHED_INSIDE = {"mexico"}


@dataclass(frozen=True)
class Entidad:
    cve_ent: str
    nombre: str


@cache
def _catalogue() -> tuple[tuple[str, Entidad], ...]:
    text = resources.files("opendata.extract").joinpath("entidades_inegi.csv").read_text("utf-8")
    names: list[tuple[str, Entidad]] = []
    for row in csv.DictReader(io.StringIO(text)):
        entidad = Entidad(row["cve_ent"], row["nombre"])
        for name in [row["nombre"], *filter(None, row["alias"].split("|"))]:
            names.append((fold(name), entidad))
    return tuple(sorted(names, key=lambda item: len(item[0]), reverse=True))


def all_entidades() -> list[Entidad]:
    return sorted({e for _, e in _catalogue()}, key=lambda e: e.cve_ent)


def entidad_named(text: str) -> Entidad | None:
    """The entity whose name or alias is exactly `text` (accents and case aside)."""
    folded = fold(text)
    return next((e for name, e in _catalogue() if name == folded), None)


def entidad_in(text: str) -> Entidad | None:
    """The one entity named inside `text` ("Universidad Autónoma de Nayarit"), if exactly one."""
    folded = f" {fold(text)} "
    found: set[Entidad] = set()
    for name, entidad in _catalogue():
        if name in _NOT_SEARCHED_INSIDE:
            continue
        if re.search(rf" {re.escape(name)} ", folded):
            found.add(entidad)
            folded = folded.replace(f" {name} ", " ")
    return found.pop() if len(found) == 1 else None
