"""The declared list of repairs for text the PDF damaged: original, corrected, reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from opendata.errors import InputError


@dataclass(frozen=True)
class Correction:
    section: str
    original: str
    corrected: str
    reason: str


def load_corrections(path: Path) -> list[Correction]:
    """Read a corrections YAML file: a list of {seccion, original, corregido, motivo}."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read corrections ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"{where}: invalid YAML in corrections file") from None
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
