"""INEGI's catalogue of the 32 federal entities (states): names, short names and keys."""

from __future__ import annotations

import csv
import io
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
