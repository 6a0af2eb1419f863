"""The editions of the report: each year's closing report, declared in
`pipelines/sources/ediciones.yaml` (file, period, title, publication date, address, sha256).

Every dataset is built from every edition: its tables are series, each row naming the
edition it was read from (`periodo_informe`, "2023/2024"). `opendata run --source FILE` reads
one file; its period is the one the report states ("Periodo 2023 - 2024"), checked against
ediciones.yaml when the file is declared there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.files import load_yaml_safely

_PERIOD = re.compile(r"^(\d{4})/(\d{4})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
EDITION_KEYS = ("archivo", "periodo", "titulo", "fecha_publicacion", "url", "sha256")


@dataclass(frozen=True)
class Edition:
    """One report to read: where it is and, when declared, what it is."""

    path: Path
    period: tuple[int, int] | None = None  # as declared; the report's own is checked against it
    title: str | None = None
    published: str | None = None  # ISO 8601 date the body published it, when known
    url: str | None = None
    sha256: str | None = None

    def metadata(self, period: tuple[int, int], sha256: str) -> dict[str, Any]:
        """The edition as a package's `ediciones` and `sources` list it."""
        found: dict[str, Any] = {"periodo": label(period), "archivo": self.path.name}
        found["sha256"] = sha256
        for key, value in (
            ("titulo", self.title),
            ("fecha_publicacion", self.published),
            ("url", self.url),
        ):
            if value:
                found[key] = value
        return found


def label(period: tuple[int, int]) -> str:
    """ "2023/2024": how a row names its edition (ISO 8601's interval of years)."""
    return f"{period[0]}/{period[1]}"


def slug(period: tuple[int, int]) -> str:
    """ "2023-2024": how a file or resource names its edition."""
    return f"{period[0]}-{period[1]}"


def load_editions(path: Path) -> list[Edition]:
    """The declared editions, oldest first; each file must be there, with its sha256."""
    items = load_yaml_safely(path, "editions")
    if not isinstance(items, list) or not items:
        raise InputError(f"{path}: expected a list of editions")
    editions = []
    for number, item in enumerate(items, start=1):
        where = f"{path}: edition {number}"
        if not isinstance(item, dict) or not isinstance(item.get("archivo"), str):
            raise InputError(f"{where} needs archivo (the report's file, beside ediciones.yaml)")
        unknown = sorted(set(item) - set(EDITION_KEYS))
        if unknown:
            raise InputError(f"{where}: unknown keys {unknown} (known: {list(EDITION_KEYS)})")
        file = (path.parent / item["archivo"]).resolve()
        if not file.is_relative_to(path.parent.resolve()) or not file.is_file():
            raise InputError(f"{where}: no such report file {item['archivo']!r} beside {path.name}")
        match = _PERIOD.match(str(item.get("periodo", "")))
        if not match or int(match[1]) > int(match[2]):
            raise InputError(f"{where}: periodo must be AAAA/AAAA, got {item.get('periodo')!r}")
        published = item.get("fecha_publicacion")
        if published is not None:
            try:
                dt.date.fromisoformat(str(published))
            except ValueError:
                raise InputError(f"{where}: fecha_publicacion must be AAAA-MM-DD") from None
        sha256 = item.get("sha256")
        if not isinstance(sha256, str) or not _SHA256.match(sha256):
            raise InputError(f"{where}: sha256 must be the file's 64 hexadecimal digits")
        actual = _digest(file)
        if actual != sha256:
            raise InputError(
                f"{where}: {item['archivo']} has sha256 {actual[:12]}…, ediciones.yaml says "
                f"{sha256[:12]}…: the file changed (a new edition is a new entry)"
            )
        editions.append(
            Edition(
                file,
                (int(match[1]), int(match[2])),
                _text(item.get("titulo")),
                str(published) if published is not None else None,
                _text(item.get("url")),
                sha256,
            )
        )
    periods = [e.period for e in editions]
    if len(set(periods)) != len(periods):
        raise InputError(f"{path}: two editions declare the same periodo")
    return sorted(editions, key=lambda e: e.period or (0, 0))


def _text(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def editions_to_read(declared: Path, bundled: Path, source: Path | None) -> list[Edition]:
    """What a run reads: `source` alone (as declared, if it is), else every declared edition
    (the bundled report when there is no ediciones.yaml)."""
    editions = load_editions(declared) if declared.is_file() else []
    if source is None:
        return editions or [Edition(bundled)]
    wanted = source.resolve()
    digest = _digest(source) if editions and source.is_file() else None
    for edition in editions:
        if edition.path == wanted or edition.sha256 == digest:
            return [Edition(source, *_declared(edition))]
    return [Edition(source)]


def _declared(edition: Edition) -> tuple[Any, ...]:
    return (edition.period, edition.title, edition.published, edition.url, edition.sha256)
