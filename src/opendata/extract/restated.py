"""A figure stated again outside its section: in a summary ("Presentación", "Resumen
ejecutivo") or in another section's sentence that names the same subject.

A sentence is about the subject when it names every word of the title its pipeline finds the
section by ("PlanDAI"), or the acronym the section's text gives that title ("Conferencia
Nacional de Datos Abiertos (DATACON)"). A sentence naming a year outside the report's period
speaks of another edition, not this one; a sentence whose numbers cannot be read as this one
figure with certainty (a comparison, several candidates) is not taken as a restatement. A
summary's sentence may speak of several subjects: each clause (up to a ";") is read apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from opendata.extract.binding import BindingError, Bound, Find, bind
from opendata.extract.sections import Section, Sentence
from opendata.extract.spanish import fold, plain

# A sentence of a summary may speak of several subjects, one after the other.
_CLAUSE_END = re.compile(r"\s*;\s*")
_YEAR = re.compile(r"(?<![0-9/.,])(?:19|20)[0-9]{2}(?![0-9/])")


@dataclass(frozen=True)
class Restatement:
    section: Section
    bound: Bound
    fragment: str  # the words around the number, as the other section says them


def subject_names(section: Section, title: str) -> list[list[str]]:
    """The words of `title`, and the acronym the section's text gives it ("(DATACON)")."""
    names = [_words(title)]
    named = re.search(re.escape(plain(title)) + r"\s*\(\s*([a-z]{3,})\s*\)", plain(section.body))
    if named:
        names.append([named[1]])
    return names


def restatements(
    sections: Sequence[Section],
    own: Section,
    names: list[list[str]],
    find: Find,
    nouns: list[str],
    period: tuple[int, int],
) -> list[Restatement]:
    """The figure `find` describes, as stated of this subject by sections other than `own`."""
    found = []
    for section in sections:
        if section is own:
            continue
        clauses = [c for s in section.sentences() for c in _CLAUSE_END.split(s)]
        about = [c for c in clauses if _about(c, names, period)]
        if not about:
            continue
        said = section.of_text(about)
        try:
            bound = bind(said, find, nouns)
        except BindingError:
            continue
        fragment = words_around(said.body, bound.start, bound.end, bound.sentence)
        found.append(Restatement(section, bound, fragment))
    return found


def words_around(body: str, first: int, last: int, sentence: Sentence) -> str:
    """The whole words of `sentence` within some 50 characters before `body[first:last]` and
    30 after it: to quote a number in a one-line message."""
    start = max(sentence.start, body.rfind(" ", sentence.start, max(0, first - 50)) + 1)
    end = body.find(" ", min(last + 30, sentence.end), sentence.end)
    return " ".join(body[start : end if end != -1 else sentence.end].split())


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) > 2]


def _about(sentence: str, names: list[list[str]], period: tuple[int, int]) -> bool:
    words = set(fold(sentence).split())
    if not any(name and all(w in words for w in name) for name in names):
        return False
    return all(period[0] <= int(y) <= period[1] for y in _YEAR.findall(sentence))
