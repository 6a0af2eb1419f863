"""Small helpers for Spanish text: folding for comparisons, plain enumerations."""

from __future__ import annotations

import re
import unicodedata


def plain(text: str) -> str:
    """Lowercase without accents; the length of precomposed text is kept."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lowercase without accents or punctuation, for matching names written in several ways."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain(text)).split())


_LIST_SPLIT = re.compile(r"\s*,\s*(?:y\s+)?|\s+y\s+")


def split_list(text: str) -> list[str]:
    """Split a plain Spanish enumeration: "Centro, Centro-Occidente, Sureste y Norte"."""
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]
