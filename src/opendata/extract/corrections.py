"""The declared list of repairs for text the PDF damaged: original, corrected, reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError
from opendata.files import load_yaml_safely


@dataclass(frozen=True)
class Correction:
    section: str
    original: str
    corrected: str
    reason: str


def load_corrections(path: Path) -> list[Correction]:
    """Read a corrections YAML file: a list of {seccion, original, corregido, motivo}."""
    items = load_yaml_safely(path, "corrections file")
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of corrections")
    corrections = []
    for number, item in enumerate(items, start=1):
        keys = ("seccion", "original", "corregido", "motivo")
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
            raise InputError(f"{path}: correction {number} needs text fields {', '.join(keys)}")
        if not item["motivo"].strip() or item["original"] == item["corregido"]:
            raise InputError(f"{path}: correction {number} needs a reason and a real change")
        corrections.append(
            Correction(
                section=item["seccion"],
                original=" ".join(item["original"].split()),
                corrected=" ".join(item["corregido"].split()),
                reason=item["motivo"].strip(),
            )
        )
    return corrections
