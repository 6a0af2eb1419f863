"""Bind a figure to the one number a careful reader would: by what it counts, never by luck.

A pipeline declares what a figure counts (its head noun: "entidades federativas") and, where the
section uses that noun for more than one figure, the words that single it out ("registr" for
the people who registered). Every number expression of the section that the noun could take is
a candidate:
- a number right before the noun ("30 entidades federativas", "30 nuevas entidades");
- a number after the noun and a link ("las entidades participantes fueron 30");
- a number that counts nothing of its own in a sentence that names the noun ("609 de las 1,150
  instituciones públicas", "de 1,150 instituciones convocadas, participaron 609").
The words that single a figure out belong to the number nearest to them. One value among the
candidates left is the figure; several values are an ambiguity, quoted, never a pick; a
candidate that is no whole number (a range, a decimal, two numbers run together) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from opendata.extract.numbers import SIGNS, TRAILING_QUALIFIERS, NumberExpr, Qualifier, scan
from opendata.extract.sections import Section, Sentence
from opendata.extract.spanish import plain

FigureKind = Literal["cardinal", "ordinal", "percent"]


@dataclass(frozen=True)
class Find:
    """What a figure is: the noun it counts, the words that single it out, its kind."""

    noun: str | None = None  # regular expression, case-insensitive; None for percentages
    context: str | None = None  # regular expression that must be nearest to this number
    kind: FigureKind = "cardinal"
    # The report may not state it (an edition before or after the figure was reported): when
    # no number at all stands for it, it has no row; a number that might be it still fails.
    optional: bool = False

    def describe(self) -> str:
        parts = [f"a {self.kind}"]
        if self.noun:
            parts.append(f"counting /{self.noun}/")
        if self.context:
            parts.append(f"near /{self.context}/")
        return " ".join(parts)


@dataclass(frozen=True)
class Bound:
    """The figure read: its value and qualifier, the text as written, where it stands."""

    value: int
    qualifier: Qualifier
    text: str  # as written: "más de 500", "12 480", "cuarta", "70%"
    start: int
    end: int
    sentence: Sentence


class BindingError(ValueError):
    """The figure cannot be read with certainty; the message says what stood there."""


class NotStated(BindingError):
    """No number of the section stands for the figure, readable or not."""


@dataclass(frozen=True)
class _Candidate:
    expr: NumberExpr
    end: int  # end of the figure's text (the number, or up to a trailing qualifier)
    qualifier: Qualifier
    how: Literal["noun", "link", "bare"]
    sentence: Sentence
    problem: str | None = None


_STOP = (
    "y|e|o|u|ni|de|del|con|en|para|por|a|al|que|se|su|sus|los|las|el|la|lo|le|les|un|una|como"
    "|mas|más|menos|sin|sobre|entre|cada|ya|no|es|son|fue|fueron|ha|han|hay|este|esta|estos"
    "|estas|ese|esa|dicho|dicha"
)
_GAP_WORD = rf"(?!(?:{_STOP})\b)[^\W\d_]+"
_LINK = (
    r"(?::|\b(?:son|fueron|suman|sumaron|sumó|suma|asciende\s+a|ascienden\s+a|ascendió\s+a"
    r"|ascendieron\s+a|alcanzó|alcanzaron|alcanza|alcanzan|llegó\s+a|llegaron\s+a|es\s+de"
    r"|fue\s+de|fueron\s+de|totalizaron|totalizó|un\s+total\s+de|en\s+total))"
)
# Words before a number that make it a label, not a quantity: "página 7", "artículo 70".
_LABEL_BEFORE = re.compile(
    r"(?<!\w)(?:p[aá]gina|p[aá]g\.?|art[ií]culos?|art\.|fracci[oó]n|secci[oó]n|apartado"
    r"|cap[ií]tulo|numeral|inciso|anexo|punto|n[uú]mero|n[uú]m\.?|no\.|eje|tomo|volumen"
    r"|versi[oó]n|edici[oó]n|lineamiento|regla|folio|clave|c[oó]digo)\s*$",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"^(?:19|20)[0-9]{2}$")
_PARTITIVE = re.compile(r"\s+de\s+(?:los|las|cada|un\s+total\s+de)\s+", re.IGNORECASE)
_TRAILING = re.compile(
    r"\s*,?\s*(?:"
    + "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(TRAILING_QUALIFIERS))
    + r")(?!\w)",
    re.IGNORECASE,
)
# "9,810 visitas al sitio de internet, aproximadamente": a few words of the noun's complement
# may stand between the noun and its qualifier.
_TRAILING_AFTER_WORDS = re.compile(r"(?:\s+[^\W\d_]+){1,4}?" + _TRAILING.pattern, re.IGNORECASE)
_FOLLOWING_WORD = re.compile(r"\s*(?P<word>[^\W_]+)")
# Words after a trailing qualifier that go on with the figure's clause.
_CLAUSE_WORDS = frozenset(
    ["que", "quienes", "y", "e", "en", "con", "durante", "para", "a", "al", "desde", "entre"]
)
# Words after a trailing qualifier that start a phrase of the qualifier's own.
_OWN_PHRASE_WORDS = frozenset(
    ["el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "bien", "su"]
)


def bind(section: Section, find: Find, other_nouns: list[str]) -> Bound:
    """The one number of `section` that `find` describes, or a BindingError saying why not."""
    noun = re.compile(find.noun, re.IGNORECASE) if find.noun else None
    nouns = [n for n in other_nouns if n != find.noun]
    candidates = _candidates(section, find, noun, nouns)
    chosen = candidates
    if find.context:
        chosen = _nearest_to(section, re.compile(find.context, re.IGNORECASE), candidates)
    strong = [c for c in chosen if c.how != "bare"]
    if not strong:
        why = _not_found(section, find, noun, candidates)
        raise (NotStated if why.startswith("not found (") else BindingError)(why)
    for candidate in chosen:
        problem = candidate.problem or candidate.expr.problem
        if problem or candidate.expr.value is None:
            detail = problem or "not a number"
            why = "" if detail.startswith("unreadable number") else f": {detail}"
            raise BindingError(
                f"unreadable figure {_quote(section, candidate)} in "
                f"{_fragment(section, candidate)!r}{why}"
            )
    values = {(c.expr.value, c.qualifier) for c in chosen}
    if len(values) > 1:
        listed = "; ".join(
            f"{_quote(section, c)} in {_fragment(section, c)!r}" for c in _unique(chosen)
        )
        raise BindingError(f"ambiguous, several numbers could be this figure: {listed}")
    first = strong[0]
    assert first.expr.value is not None
    return Bound(
        first.expr.value,
        first.qualifier,
        section.body[first.expr.start : first.end],
        first.expr.start,
        first.end,
        first.sentence,
    )


def _candidates(
    section: Section, find: Find, noun: re.Pattern[str] | None, nouns: list[str]
) -> list[_Candidate]:
    prose = section.body
    exprs = section.numbers
    found: list[_Candidate] = []
    other = [re.compile(n, re.IGNORECASE) for n in nouns]
    for position, expr in enumerate(exprs):
        if expr.kind == "ordinal" and find.kind != "ordinal":
            continue
        if expr.kind in ("cardinal", "percent") and expr.kind != find.kind:
            continue
        if find.kind == "ordinal" and expr.kind not in ("ordinal", "invalid"):
            continue
        if _is_label(prose, expr):
            continue
        sentence = section.sentence_of(expr.number_start)
        previous_end = exprs[position - 1].end if position else 0
        limit = exprs[position + 1].start if position + 1 < len(exprs) else len(prose)
        if find.kind == "percent":
            if expr.kind == "percent" or _touches_percent(prose, expr):
                found.append(_candidate(prose, expr, expr.end, "noun", sentence, limit))
            continue
        assert noun is not None
        after = _noun_after(prose, expr.end, noun, other)
        start = max(previous_end, sentence.start)
        if after is not None:
            candidate = _candidate(prose, expr, after, "noun", sentence, limit)
            if _label_before(prose, start, expr, [noun, *other]):
                # "Entidades activas 27 Redes instaladas 20": a table read as text; which
                # label a number belongs to cannot be told.
                candidate = replace(candidate, problem="a number between two labels, as in a table")
            found.append(candidate)
            continue
        if _counts_other(prose, expr, other) or any(
            _linked_before(prose, start, expr, o, [noun]) for o in other
        ):
            continue  # "estos planes suman 164 compromisos": 164 counts something else
        if _linked_before(prose, start, expr, noun, other):
            found.append(_candidate(prose, expr, expr.end, "link", sentence, limit))
            continue
        if find.kind != "cardinal" or expr.kind != "cardinal" or not _is_bare(prose, expr):
            continue
        partitive = _PARTITIVE.match(prose, expr.end)
        if partitive and position + 1 < len(exprs) and exprs[position + 1].start == partitive.end():
            # "30 de las 32 entidades": a candidate for what the next number counts, only.
            if _noun_after(prose, exprs[position + 1].end, noun, other) is not None:
                found.append(_candidate(prose, expr, expr.end, "bare", sentence, limit))
        elif noun.search(sentence.text):
            found.append(_candidate(prose, expr, expr.end, "bare", sentence, limit))
    return found


def _candidate(
    prose: str,
    expr: NumberExpr,
    end: int,
    how: Literal["noun", "link", "bare"],
    sentence: Sentence,
    limit: int,
) -> _Candidate:
    """A trailing qualifier ("500 personas aproximadamente", "9,810 visitas al sitio,
    aproximadamente.") belongs to the figure when it closes the figure's phrase; one that
    starts a phrase of its own ("aproximadamente la mitad de ellas") does not. `limit` is
    where the next number starts."""
    if how != "bare" and end != expr.end and prose[end : end + 1] in SIGNS:
        # "668 personas+": a sign on the noun qualifies the figure in a way nobody can tell.
        return _Candidate(expr, end + 1, expr.qualifier, how, sentence, "a sign after the noun")
    plain_candidate = _Candidate(expr, expr.end, expr.qualifier, how, sentence)
    if how == "bare":
        return plain_candidate
    trailing = _TRAILING.match(prose, end)
    if trailing is None and end != expr.end:
        trailing = _TRAILING_AFTER_WORDS.match(prose, end)
    if trailing is None:
        return plain_candidate
    index = int(next(n for n, v in trailing.groupdict().items() if v and n[0] == "t")[1:])
    if trailing.start(f"t{index}") == limit:
        # "20 redes impactando aproximadamente a 670 personas": the next number's own qualifier
        return plain_candidate
    qualifier = TRAILING_QUALIFIERS[index][1]
    follows = _trailing_follows(prose, trailing, TRAILING_QUALIFIERS[index][0])
    if follows == "other":
        return plain_candidate
    written = prose[expr.start : trailing.end()]
    if follows == "unknown":
        problem = f"a qualifier after the figure that may start another phrase: {written!r}"
        return _Candidate(expr, trailing.end(), expr.qualifier, how, sentence, problem)
    if trailing.start(f"t{index}") > limit:
        problem = f"a qualifier after another number: {written!r}"
        return _Candidate(expr, trailing.end(), expr.qualifier, how, sentence, problem)
    if qualifier is None:
        return _Candidate(expr, trailing.end(), expr.qualifier, how, sentence, "an average")
    if expr.qualifier != "exacto" and expr.qualifier != qualifier:
        problem = "qualified twice"
        return _Candidate(expr, trailing.end(), expr.qualifier, how, sentence, problem)
    return _Candidate(expr, trailing.end(), qualifier, how, sentence)


def _trailing_follows(
    prose: str, trailing: re.Match[str], phrase: str
) -> Literal["figure", "other", "unknown"]:
    """Whose a trailing qualifier is, by what follows it: the end of the phrase or a word that
    goes on with the clause ("que", "en"): the figure's; an article, a number, "de" or
    "bien" ("o más bien"): a phrase of its own; any other word cannot be told."""
    written = trailing[0].rstrip()
    if written.endswith((".", ")")):
        return "figure"  # "(aprox.)", "aprox."
    rest = _FOLLOWING_WORD.match(prose, trailing.end())
    if rest is None:
        return "figure"  # punctuation or the end of the text
    word = plain(rest["word"])
    if phrase.startswith("y"):
        return "other"  # "500 personas y más instituciones": "y más" closes a phrase only
    if word in _CLAUSE_WORDS:
        return "figure"
    if word in _OWN_PHRASE_WORDS or word[0].isdigit() or _is_number_word(word):
        return "other"
    return "unknown"


def _is_number_word(word: str) -> bool:
    found = scan(word)
    return len(found) == 1 and found[0].kind == "cardinal"


def _noun_after(
    prose: str, position: int, noun: re.Pattern[str], other: list[re.Pattern[str]], gaps: int = 2
) -> int | None:
    """Where the noun ends, when it follows the number (up to `gaps` describing words)."""
    rest = prose[position : position + 200]
    # "un millón de personas", "1.2 millones de visualizaciones"
    million = re.search(r"(?:millón|millon|millones)$", prose[max(0, position - 8) : position])
    head = re.match(r"[\s*«\"“_]*(?:de\s+)?" if million else r"[\s*«\"“_]*", rest)
    offset = head.end() if head else 0
    for _ in range(gaps + 1):
        partitive = re.match(r"de\s+(?:los|las)\s+", rest[offset:], re.IGNORECASE)
        start = offset + (partitive.end() if partitive else 0)
        match = noun.match(rest, start)
        if match and (match.end() == len(rest) or not rest[match.end()].isalnum()):
            return position + match.end()
        if any(o.match(rest, offset) for o in other):
            return None
        gap = re.match(rf"{_GAP_WORD}\s+", rest[offset:], re.IGNORECASE)
        if not gap:
            return None
        offset += gap.end()
    return None


def _linked_before(
    prose: str,
    start: int,
    expr: NumberExpr,
    noun: re.Pattern[str],
    other: list[re.Pattern[str]],
) -> bool:
    """The noun, then a link, then the number: "las entidades participantes fueron 30"."""
    before = prose[start : expr.start]
    for match in noun.finditer(before):
        between = before[match.end() :]
        if len(between) > 60 or re.search(r"[.;]", between):
            continue
        if any(o.search(between) for o in other):
            continue
        if re.search(rf"{_LINK}\s*$", between, re.IGNORECASE):
            return True
    return False


def _label_before(prose: str, start: int, expr: NumberExpr, nouns: list[re.Pattern[str]]) -> bool:
    """A declared noun (and up to two describing words) right before the number, nothing
    between: the number may be that noun's value."""
    before = prose[max(start, expr.start - 100) : expr.start]
    for noun in nouns:
        for match in noun.finditer(before):
            rest = before[match.end() :]
            # Describing words of a label are plural adjectives ("activas", "instaladas");
            # a verb ("suman", "fueron") makes it a sentence.
            if re.fullmatch(rf"(?:\s+(?=\w*s\b){_GAP_WORD}){{0,2}}\s*", rest, re.IGNORECASE):
                return True
    return False


def _is_label(prose: str, expr: NumberExpr) -> bool:
    return bool(_LABEL_BEFORE.search(prose[max(0, expr.start - 20) : expr.start]))


def _touches_percent(prose: str, expr: NumberExpr) -> bool:
    return expr.kind == "invalid" and bool(re.match(r"\s*(?:%|por\s+ciento)", prose[expr.end :]))


def _counts_other(prose: str, expr: NumberExpr, other: list[re.Pattern[str]]) -> bool:
    """A noun of another figure, or any plural noun, follows the number: it counts that."""
    if any(_noun_after(prose, expr.end, o, []) is not None for o in other):
        return True
    word = re.match(r"[\s*«\"“_]*([^\W\d_]+)", prose[expr.end : expr.end + 60])
    if word is None:
        return False
    following = plain(word[1])
    return not re.fullmatch(_STOP, following) and following.endswith("s")


def _is_bare(prose: str, expr: NumberExpr) -> bool:
    """A number that counts nothing of its own ("609 de las ...", "participaron 609.").
    Years and the article "un"/"una" are not."""
    written = prose[expr.number_start : expr.end]
    if expr.article or expr.value is None or plain(written) == "uno":
        return False
    return not _YEARLIKE.match(written)


def _nearest_to(
    section: Section, context: re.Pattern[str], candidates: list[_Candidate]
) -> list[_Candidate]:
    """The candidates each match of `context` belongs to: those of its own clause, else the
    nearest ones of its sentence ("el 70% fue incorporado y un 30% no aplicaba")."""
    chosen: list[_Candidate] = []
    for match in context.finditer(section.body):
        sentence = section.sentence_of(match.start())
        here = [c for c in candidates if c.sentence == sentence]
        if not here:
            continue
        start, end = _clause_of(section.body, sentence, match.start())
        same = [c for c in here if start <= c.expr.number_start < end]
        if same:
            here = same
        distances = [_distance(match.start(), match.end(), c.expr.start, c.end) for c in here]
        nearest = min(distances)
        chosen.extend(c for c, d in zip(here, distances, strict=True) if d == nearest)
    return _unique(chosen)


_CLAUSE_EDGE = re.compile(r"[,;:()]|\s(?:y|e|o|u|pero|mientras\s+que)\s", re.IGNORECASE)


def _clause_of(prose: str, sentence: Sentence, position: int) -> tuple[int, int]:
    start, end = sentence.start, sentence.end
    for edge in _CLAUSE_EDGE.finditer(prose, sentence.start, sentence.end):
        if edge.end() <= position:
            start = edge.end()
        elif edge.start() >= position:
            end = edge.start()
            break
    return start, end


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)


def _unique(candidates: list[_Candidate]) -> list[_Candidate]:
    seen: set[int] = set()
    unique = []
    for candidate in sorted(candidates, key=lambda c: c.expr.start):
        if candidate.expr.start not in seen:
            seen.add(candidate.expr.start)
            unique.append(candidate)
    return unique


def _quote(section: Section, candidate: _Candidate) -> str:
    text = section.body[candidate.expr.start : candidate.expr.end]
    value = candidate.expr.value
    return f"{text!r}" + (f" ({value})" if value is not None and str(value) != text else "")


def _fragment(section: Section, candidate: _Candidate, width: int = 50) -> str:
    """The words around a number, enough to find it in the report."""
    prose = section.body
    start = max(candidate.sentence.start, candidate.expr.start - width)
    end = min(candidate.sentence.end, candidate.end + width)
    while start > candidate.sentence.start and prose[start - 1].isalnum():
        start -= 1
    while end < candidate.sentence.end and prose[end].isalnum():
        end += 1
    return " ".join(prose[start:end].split())


def _not_found(
    section: Section, find: Find, noun: re.Pattern[str] | None, candidates: list[_Candidate]
) -> str:
    """Why nothing was bound: what stands before the noun, if anything numeric does."""
    if noun is not None:
        for match in noun.finditer(section.body):
            before = section.body[max(0, match.start() - 40) : match.start()].split()
            if before and re.search(r"[0-9]|[^\x00-\x7f]\d", before[-1]):
                chunk = before[-1]
                return f"unreadable figure {chunk!r} in {chunk + ' ' + match[0]!r}"
    if candidates and find.context:
        near = "; ".join(f"{_quote(section, c)}" for c in _unique(candidates))
        return f"not found with the words /{find.context}/ (numbers of /{find.noun}/: {near})"
    return f"not found (looked for {find.describe()})"
