"""The year of a date written without one, taken only from a source that cannot be misread.

In order: the date's own sentence, when it names one year; the section, when its heading names
one year, or else its prose names exactly one year that is not a comparison ("a diferencia de
la DATACON 2023", "la edición anterior, en 2023", "desde 2018"); the report's period, when it is
one year. A sentence that says "este año" must agree with the last year of the report's period.
"""

from __future__ import annotations

import re

from opendata.extract.sections import Section, Sentence

_YEAR = re.compile(r"(?<![0-9/.,])(?:19|20)[0-9]{2}(?![0-9/])")
_URL = re.compile(r"https?://\S+|www\.\S+")
_COMPARISON_BEFORE = re.compile(
    r"(?:anterior(?:es)?|pasad[oa]s?|previ[oa]s?|a\s+diferencia\s+de|respecto\s+(?:de|a|al)"
    r"|en\s+comparaci[oó]n\s+con|comparad[oa]s?\s+con|frente\s+a|que\s+en|desde|hasta"
    r"|super(?:ó|a|ando)|m[aá]s\s+que|menos\s+que|igual\s+que)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_COMPARISON_AFTER = re.compile(r"^[^.;,]{0,25}\b(?:anterior|pasad[oa]|previ[oa])\b", re.IGNORECASE)
_THIS_YEAR = re.compile(
    r"\b(?:este|el\s+presente|el\s+mismo)\s+(?:año|ejercicio)\b|\beste\s+periodo\b", re.IGNORECASE
)


class YearError(ValueError):
    """No single year can be taken for a date that does not name its own."""


def _years(text: str, offset: int = 0) -> list[tuple[int, int]]:
    clean = _URL.sub(lambda m: " " * len(m[0]), text)
    return [(int(m[0]), m.start() + offset) for m in _YEAR.finditer(clean)]


def _compared(prose: str, position: int) -> bool:
    before = prose[max(0, position - 60) : position]
    after = prose[position + 4 : position + 40]
    return bool(_COMPARISON_BEFORE.search(before) or _COMPARISON_AFTER.search(after))


def year_for(
    section: Section, sentence: Sentence | None, period: tuple[int, int]
) -> tuple[int, str]:
    """(year, where it came from) for a date of `sentence` in `section`."""
    prose = section.body
    found: tuple[int, str] | None = None
    if sentence is not None:
        named = {y for y, p in _years(sentence.text, sentence.start) if not _compared(prose, p)}
        if len(named) == 1:
            year = named.pop()
            found = (year, f"oración: la oración nombra el año {year}")
    if found is None:
        heading = {int(y) for y in _YEAR.findall(section.title)}
        if len(heading) == 1:
            year = heading.pop()
            found = (year, f"sección: su título «{section.title}» nombra el año {year}")
        elif len(heading) > 1:
            raise YearError(f"a date without its year, and the heading names {sorted(heading)}")
    if found is None:
        everything = _years(prose)
        plain = {y for y, p in everything if not _compared(prose, p)}
        if len(plain) == 1:
            year = plain.pop()
            found = (year, f"sección: el único año que nombra el texto de la sección es {year}")
        elif len(plain) > 1:
            raise YearError(
                f"a date without its year, and the section names several years {sorted(plain)}"
            )
        elif period[0] == period[1]:
            found = (period[0], f"periodo: el periodo del informe es {period[0]}")
        else:
            compared = sorted({y for y, _ in everything})
            detail = f" (only in comparisons: {compared})" if compared else ""
            raise YearError(f"a date without its year, and no single year for it{detail}")
    year, source = found
    deictic = _THIS_YEAR.search(sentence.text) if sentence is not None else None
    if deictic and period[0] != period[1] and year != period[1]:
        raise YearError(
            f"the sentence says {deictic[0]!r} in a report of {period[0]}-{period[1]}, "
            f"but the section names {year}"
        )
    return year, source
