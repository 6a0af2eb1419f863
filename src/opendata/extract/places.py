"""Where a list item happened: its institution, city and federal entity.

The state comes only from the item's place part, the comma-separated parts at its end, matched
whole as an entity's official name, its short name or its INEGI key ("..., Zapopan, Jalisco",
"..., CDMX"); never from a word inside an institution's name ("Universidad Michoacana de San
Nicolás de Hidalgo" is not in Hidalgo). An item that names no state is looked up in the
project's declared list of institutions (`pipelines/sources/sedes.yaml`: institution, state,
reason); otherwise it is an error that names it.

A bare "México" may be the country, the State of México or Mexico City: it is read only as the
country after a state ("..., Zapopan, Jalisco, México"), otherwise it is an error. A place
whose institution or city names another state than the one read is an error, and so is a city
that is not a place name ("en el marco de la Agenda 2030").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError
from opendata.extract.entidades import (
    Entidad,
    entidad_named,
    entidades_mentioned,
    is_ambiguous_mexico,
)
from opendata.extract.spanish import fold
from opendata.files import load_yaml_safely

_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,}$")
# A city's name: capitalised words ("Cd.", "Tuxtla Gutiérrez"), with "de", "la"... between them
# ("San Nicolás de los Garza"); no digits, no lowercase word that would make it a phrase.
_WORD = r"[A-ZÁÉÍÓÚÑÜ](?:[^\W\d_]|['’.-])*"
_PARTICLE = r"(?:de|del|la|las|los|el|y|e)"
_PLACE_NAME = re.compile(rf"^{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD})*$")


@dataclass(frozen=True)
class Place:
    institucion: str
    ciudad: str | None
    entidad: Entidad
    source: str  # "texto", or the declared list's entry and reason


@dataclass(frozen=True)
class Places:
    """The declared list: institution (folded) -> its entity and the reason we know it."""

    declared: tuple[DeclaredPlace, ...]

    def find(self, institution: str) -> DeclaredPlace | None:
        wanted = fold(institution)
        return next((p for p in self.declared if fold(p.institucion) == wanted), None)


@dataclass(frozen=True)
class DeclaredPlace:
    """An institution the list items name without its state: the state, and how we know."""

    institucion: str
    entidad: Entidad
    motivo: str


class PlaceError(ValueError):
    pass


def place_of(text: str, places: Places) -> Place:
    """Split "Universidad del Valle de Atemajac, Zapopan, Jalisco" into its parts."""
    parts = _place_parts(text)
    for part in parts:
        if part[0].islower():
            # "..., en el marco de la Agenda 2030, Nayarit": a phrase, not a name.
            raise PlaceError(f"{part!r} in {text!r} is a phrase, not an institution or a place")
    entidad = _state(parts[-1], text) if len(parts) > 1 else None
    if entidad is not None:
        rest = parts[:-1]
        # The part before the state is the city, unless it is an acronym that belongs to the
        # institution ("Facultad de Derecho, UNAM, CDMX").
        ciudad = rest.pop() if len(rest) >= 2 and not _ACRONYM.match(rest[-1]) else None
        if ciudad is not None and not _PLACE_NAME.match(ciudad):
            raise PlaceError(f"{ciudad!r} in {text!r} is not the name of a city")
        place = Place(", ".join(rest), ciudad, entidad, "texto")
    else:
        place = _declared(text, ", ".join(parts), places)
    _check_named_states(place, text)
    return place


def _place_parts(text: str) -> list[str]:
    """The comma-separated parts, the state in brackets at the end as a part of its own, and
    a country after the state ("..., Zapopan, Jalisco, México") left out."""
    parts = [part.strip() for part in text.strip().rstrip(".").split(",") if part.strip()]
    if not parts:
        raise PlaceError(f"no place in {text!r}")
    bracketed = re.fullmatch(r"(?P<rest>.*\S)\s*\((?P<state>[^()]+)\)", parts[-1])
    if bracketed and (entidad_named(bracketed["state"]) or is_ambiguous_mexico(bracketed["state"])):
        # "Facultad de Derecho, UNAM (CDMX)": the state in brackets at the end.
        parts = [*parts[:-1], bracketed["rest"], bracketed["state"]]
    if len(parts) > 2 and is_ambiguous_mexico(parts[-1]) and _state(parts[-2], text):
        parts.pop()
    return parts


def _state(part: str, text: str) -> Entidad | None:
    """The entity a place part names; a bare "México" may be the country, the State of México
    or Mexico City, and is an error."""
    if is_ambiguous_mexico(part):
        raise PlaceError(
            f"{part!r} in {text!r} may be the country, the State of México or Mexico City: "
            "write the state ('Estado de México', 'Ciudad de México', ...)"
        )
    return entidad_named(part)


def _declared(text: str, institution: str, places: Places) -> Place:
    declared = places.find(institution)
    if declared is None:
        raise PlaceError(
            f"no federal entity in {text!r}: name it after a comma, or declare the institution "
            "in pipelines/sources/sedes.yaml"
        )
    source = f"lista declarada (sedes.yaml): {declared.motivo}"
    return Place(institution, None, declared.entidad, source)


def _check_named_states(place: Place, text: str) -> None:
    """The institution and city must not name another state than the one read
    ("Universidad de las Américas Puebla, San Andrés Cholula, Estado de México")."""
    words = ", ".join(filter(None, (place.institucion, place.ciudad)))
    others = sorted(e.nombre for e in entidades_mentioned(words) if e != place.entidad)
    if others:
        raise PlaceError(
            f"{text!r} names {' and '.join(others)} but its state reads as "
            f"{place.entidad.nombre}: write the place's state unambiguously"
        )


def load_places(path: Path) -> Places:
    """Read the declared list: a YAML list of {institucion, entidad, motivo}."""
    if not path.exists():
        return Places(())
    items = load_yaml_safely(path, "file of declared places")
    if items is None:
        return Places(())
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of institutions")
    declared = []
    for number, item in enumerate(items, start=1):
        keys = ("institucion", "entidad", "motivo")
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
            raise InputError(f"{path}: entry {number} needs text fields {', '.join(keys)}")
        entidad = None if is_ambiguous_mexico(item["entidad"]) else entidad_named(item["entidad"])
        if entidad is None:
            raise InputError(
                f"{path}: entry {number}: unknown or ambiguous federal entity {item['entidad']!r}"
            )
        if not item["motivo"].strip():
            raise InputError(f"{path}: entry {number} needs a reason (motivo)")
        declared.append(DeclaredPlace(item["institucion"].strip(), entidad, item["motivo"].strip()))
    return Places(tuple(declared))
