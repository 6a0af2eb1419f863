"""INEGI's catalogue of the 32 federal entities (states): names, short names and keys."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from opendata.extract.spanish import fold


@dataclass(frozen=True)
class Entidad:
    cve_ent: str
    nombre: str


@cache
def _catalogue() -> dict[str, Entidad]:
    text = resources.files("opendata.extract").joinpath("entidades_inegi.csv").read_text("utf-8")
    names: dict[str, Entidad] = {}
    for row in csv.DictReader(io.StringIO(text)):
        entidad = Entidad(row["cve_ent"], row["nombre"])
        for name in [row["nombre"], row["cve_ent"], *filter(None, row["alias"].split("|"))]:
            names[fold(name)] = entidad
    return names


def all_entidades() -> list[Entidad]:
    return sorted(set(_catalogue().values()), key=lambda e: e.cve_ent)


def entidad_named(text: str) -> Entidad | None:
    """The entity whose name, short name or INEGI key is exactly `text` (accents, case aside)."""
    return _catalogue().get(fold(text))


# "México" alone names the country as often as the State of México (or Mexico City).
AMBIGUOUS_MEXICO = "mexico"

# States named after people: "San Nicolás de Hidalgo", "José María Morelos" and "Vicente
# Guerrero" name no state; only "Estado de Hidalgo" (and the like) does.
_NAMED_AFTER_PEOPLE = frozenset({"hidalgo", "morelos", "guerrero"})


def is_ambiguous_mexico(text: str) -> bool:
    return fold(text) == AMBIGUOUS_MEXICO


@cache
def _mention() -> re.Pattern[str]:
    names = [
        name
        for name in _catalogue()
        if name != AMBIGUOUS_MEXICO and not name.isdigit() and name not in _NAMED_AFTER_PEOPLE
    ]
    names += [f"estado de {name}" for name in _NAMED_AFTER_PEOPLE]
    # Longest first, so that "baja california sur" is not read as "baja california".
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def entidades_mentioned(text: str) -> set[Entidad]:
    """The entities whose names appear as whole words in `text` ("Universidad ... Puebla").

    A bare "México" (the country, most often: "Universidad Nacional Autónoma de México") and
    the states named after people count only when unambiguous ("Estado de México").
    """
    catalogue = _catalogue()
    names = (match[0] for match in _mention().finditer(fold(text)))
    return {catalogue.get(name) or catalogue[name.removeprefix("estado de ")] for name in names}
