"""How to cite a dataset: the Libre Uso MX citation (opendata.metadata.citation), APA 7 and
BibTeX."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from opendata.metadata.citation import acronyms, citation


def libre_uso(descriptor: dict[str, Any], url: str | None) -> str:
    return citation(descriptor, url)


def _author(descriptor: dict[str, Any]) -> str:
    return str((descriptor.get("publisher") or {}).get("title") or acronyms(descriptor))


def apa(descriptor: dict[str, Any], year: int, url: str | None) -> str:
    """APA 7, as for a data set: Autor. (Año). Título (Versión x) [Conjunto de datos]. URL"""
    version = f" (Versión {descriptor['version']})" if descriptor.get("version") else ""
    tail = f" {url}" if url else ""
    title = descriptor.get("title", "")
    return f"{_author(descriptor)}. ({year}). {title}{version} [Conjunto de datos].{tail}"


def bibtex(descriptor: dict[str, Any], year: int, url: str | None) -> str:
    name = str(descriptor.get("name", "datos"))
    key = re.sub(r"[^a-z0-9]+", "_", _ascii(f"{name}_{year}").lower()).strip("_")
    fields = {
        "author": "{" + _braced(_author(descriptor)) + "}",
        "title": "{" + _braced(str(descriptor.get("title", ""))) + "}",
        "year": str(year),
        "version": str(descriptor.get("version", "")),
        "publisher": _braced(acronyms(descriptor)),
        "howpublished": "Conjunto de datos",
        "url": url or "",
        "note": "Licencia: " + str((descriptor.get("licenses") or [{}])[0].get("title", "")),
        "language": "spanish",
    }
    lines = [f"  {k} = {{{v}}}," for k, v in fields.items() if v and v != "{}"]
    return "@misc{" + key + ",\n" + "\n".join(lines) + "\n}"


def _braced(text: str) -> str:
    """BibTeX text: its special characters escaped (accents stay as UTF-8)."""
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
