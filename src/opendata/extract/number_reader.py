"""Read the number expressions of a text, token by token (see numbers.scan).

Digits are grouped in thousands by one separator, decimals allowed only before "mil" or
"millones", words by `WordsGrammar`; digits touching letters are an ordinal ("5ª") or
unreadable ("6O9"); a number glued to a mark ("9'810") or inside a hyphenated word
("veintisiete-y-pico") is unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from opendata.extract.number_fragments import BREAK, is_stem, joins_into_number
from opendata.extract.number_words import (
    CARDINAL_WORDS,
    GLUE,
    INVISIBLE,
    MILLION,
    ORDINAL_FUSED,
    ORDINAL_SUFFIX,
    ORDINAL_TENS,
    ORDINAL_UNITS,
    ORDINAL_WORDS,
    ROMAN,
    SPACES,
    TOKEN,
    Kind,
    NumberExpr,
    WordsGrammar,
    foreign_digit,
    roman,
)
from opendata.extract.spanish import plain as fold


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    kind: Literal["digits", "word", "mark"]
    folded: str


_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)


def _tokens(text: str) -> list[_Token]:
    found = []
    for match in TOKEN.finditer(text):
        value = match[0]
        kind: Literal["digits", "word", "mark"]
        if value.isascii() and value.isdigit():
            kind = "digits"
        elif value[0].isalpha():
            kind = "word"
        else:
            kind = "mark"
        folded = fold(value).translate(_DROP_INVISIBLE)
        found.append(_Token(value, match.start(), match.end(), kind, folded))
    return found


class Reader(WordsGrammar):
    """Reads the expressions of one text, token by token."""

    def __init__(self, text: str, masked: list[tuple[int, int]]) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.masked = masked

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.toks[i - 1].end : self.toks[i].start]

    def spaced(self, i: int) -> bool:
        """Token i follows token i-1 after exactly one space (of any kind)."""
        return 0 < i < len(self.toks) and self.gap(i) in SPACES

    def joined(self, i: int) -> bool:
        """Token i touches token i-1."""
        return 0 < i < len(self.toks) and self.gap(i) == ""

    def is_masked(self, i: int) -> bool:
        tok = self.toks[i]
        return any(start <= tok.start < end for start, end in self.masked)

    def word(self, i: int) -> str | None:
        if i < len(self.toks) and self.toks[i].kind == "word" and not self.is_masked(i):
            return self.toks[i].folded
        return None

    # --- the expressions -----------------------------------------------------------------

    def scan(self) -> list[NumberExpr]:
        found: list[NumberExpr] = []
        i = 0
        while i < len(self.toks):
            if self.is_masked(i):
                i += 1
                continue
            read = self.read(i)
            if read is None:
                i += 1
                continue
            expr, i = read
            first = next(k for k, t in enumerate(self.toks) if t.start >= expr.number_start)
            if (
                first > 0
                and self.toks[first - 1].text in ("-", "−")
                and self.joined(first)
                and (first == 1 or not self.joined(first - 1))
                and expr.kind != "invalid"
            ):
                written = self.text[self.toks[first - 1].start : expr.end]
                expr = replace(
                    expr, kind="invalid", value=None, problem=f"a negative number {written!r}"
                )
            if (
                i + 1 < len(self.toks)
                and self.joined(i)
                and self.toks[i].text in GLUE
                and self.joined(i + 1)
                and self.toks[i + 1].kind == "digits"
            ):
                # "9'810", "9·810", "10:30": digits glued by a mark nobody groups with.
                end = i + 1
                written = self.text[expr.number_start : self.toks[end].end]
                problem = f"unreadable number {written!r}"
                expr = replace(
                    expr, kind="invalid", end=self.toks[end].end, value=None, problem=problem
                )
                i = end + 1
            if self._is(i, "-") and self.joined(i) and self.joined(i + 1):
                # "veintisiete-y-pico": a number inside a hyphenated word is no figure.
                end = i
                while end + 1 < len(self.toks) and self.joined(end + 1):
                    end += 1
                if self.toks[i + 1].kind == "word" and self.toks[i + 1].folded not in (
                    CARDINAL_WORDS
                ):
                    written = self.text[expr.number_start : self.toks[end].end]
                    expr = replace(
                        expr,
                        kind="invalid",
                        end=self.toks[end].end,
                        value=None,
                        problem=f"unreadable number {written!r}",
                    )
                    i = end + 1
            expr = self._whole(expr, first, i)
            if found and expr.start < found[-1].end:
                # "cuatro cientos cincuenta": both sides of the broken word are one number.
                previous = found.pop()
                expr = replace(
                    expr, start=previous.start, number_start=previous.number_start, value=None
                )
                expr = replace(expr, problem=self._longer(expr))
            found.append(expr)
        return found

    # --- a number read whole, or not at all ------------------------------------------------

    def _longer(self, expr: NumberExpr) -> str:
        return f"part of a longer number: {self.text[expr.number_start : expr.end]!r}"

    def _whole(self, expr: NumberExpr, first: int, after: int) -> NumberExpr:
        """`expr` with no value when the words or marks next to it belong to it (its kind is
        kept: "veinti siete por ciento" is still a percentage, only not a readable one)."""
        if expr.value is None:
            return expr
        if self._bare_decimal(first):
            start = self.toks[first - 1].start
            written = self.text[start : expr.end]
            problem = f"a decimal with no digit before its point: {written!r}"
            return replace(expr, start=start, number_start=start, value=None, problem=problem)
        if any(c in INVISIBLE for c in self.text[expr.number_start : expr.end]):
            written = self.text[expr.number_start : expr.end]
            problem = f"a number broken by an invisible character: {written!r}"
            return replace(expr, value=None, problem=problem)
        before = self._piece_next_to(first, -1, expr.kind)
        beyond = self._piece_next_to(after - 1, 1, expr.kind)
        if before is None and beyond is None:
            return expr
        start = self.toks[before].start if before is not None else expr.number_start
        end = self.toks[beyond].end if beyond is not None else expr.end
        broken = replace(
            expr, start=min(start, expr.start), number_start=start, end=end, value=None
        )
        return replace(broken, problem=self._longer(broken), article=False)

    def _bare_decimal(self, first: int) -> bool:
        """ ".5 millones", ",5", "un .30%": the digits before the point are missing."""
        if first == 0 or self.toks[first].kind != "digits" or not self.joined(first):
            return False
        if self.toks[first - 1].text not in ".,":
            return False
        return not self.joined(first - 1) or self.toks[first - 2].kind != "digits"

    def _neighbour(self, k: int, step: int) -> int | None:
        """The word next to token k (step -1 before it, 1 after it) across spaces, line
        breaks and hyphens; None when there is none."""
        j = k + step
        while 0 <= j < len(self.toks) and self.toks[j].kind == "mark":
            if not BREAK.fullmatch(self.toks[j].text):
                return None
            j += step
        return j if 0 <= j < len(self.toks) and self.word(j) is not None else None

    def _piece_next_to(self, edge: int, step: int, kind: Kind) -> int | None:
        """The farthest token beside the number's edge token that is a piece of the number
        ("veinti" of "veinti siete", "seten" of "seten ta y cinco"), or None."""
        k = self._neighbour(edge, step)
        if k is None:
            return None
        inner = self.word(edge)
        if self.toks[k].folded == "y":
            k, inner = self._neighbour(k, step), None
            if k is None:
                return None
        word = self.toks[k].folded
        if self._is_piece(word, kind) or (inner is not None and self._joins(inner, word, step)):
            return k
        far = self._neighbour(k, step)
        if far is not None and self._joins(word, self.toks[far].folded, step):
            return far
        return None

    @staticmethod
    def _joins(near: str, far: str, step: int) -> bool:
        return joins_into_number(far, near) if step < 0 else joins_into_number(near, far)

    @staticmethod
    def _is_piece(word: str, kind: Kind) -> bool:
        """A piece of a number word, or an ordinal word beside an ordinal ("centésima")."""
        return is_stem(word) or (kind == "ordinal" and word in ORDINAL_WORDS)

    def read(self, i: int) -> tuple[NumberExpr, int] | None:
        tok = self.toks[i]
        if tok.kind == "mark" and not foreign_digit(tok.text):
            return None
        run_end = i + 1
        while run_end < len(self.toks) and self.joined(run_end):
            nxt = self.toks[run_end]
            if nxt.kind == "mark" and not foreign_digit(nxt.text):
                break
            run_end += 1
        run = self.toks[i:run_end]
        has_digit = any(t.kind == "digits" or foreign_digit(t.text) for t in run)
        if has_digit and (len(run) > 1 or tok.kind != "digits"):
            return self.mixed(i, run_end)
        if tok.kind == "digits":
            return self.digits(i)
        if tok.kind == "word":
            if tok.folded in CARDINAL_WORDS:
                return self.cardinal_words(i)
            if tok.folded in ORDINAL_WORDS:
                return self.ordinal_words(i)
            if tok.folded == "medio" and self.word(i + 1) == "millon" and self.spaced(i + 1):
                return self.finish(i, i + 2, Fraction(500_000), small=False)
            if ROMAN.match(tok.text) and tok.text and tok.text.isupper():
                return self.expr("ordinal", i, i + 1, roman(tok.text)), i + 1
        return None

    def expr(
        self,
        kind: Kind,
        first: int,
        after: int,
        value: int | None,
        problem: str | None = None,
        article: bool = False,
    ) -> NumberExpr:
        start, end = self.toks[first].start, self.toks[after - 1].end
        return NumberExpr(kind, start, end, start, value, "exacto", problem, article)

    def mixed(self, i: int, run_end: int) -> tuple[NumberExpr, int]:
        """Digits touching letters: an ordinal ("5ª", "4to") or an unreadable token ("6O9")."""
        run = self.toks[i:run_end]
        if (
            len(run) == 2
            and run[0].kind == "digits"
            and ORDINAL_SUFFIX.match(run[1].folded)
            and not run[0].text.startswith("0")
        ):
            after = run_end + 1 if self.joined(run_end) and self._is(run_end, ".") else run_end
            return self.expr("ordinal", i, after, int(run[0].text)), after
        problem = f"unreadable number {self.text[run[0].start : run[-1].end]!r}"
        return self.expr("invalid", i, run_end, None, problem), run_end

    def _is(self, i: int, mark: str) -> bool:
        return i < len(self.toks) and self.toks[i].text == mark

    def digits(self, i: int) -> tuple[NumberExpr, int]:
        """Digits, grouped in thousands or not, perhaps a decimal, a multiplier, a percent."""
        first = self.toks[i]
        j = i + 1
        integer = first.text
        separator: str | None = None
        if len(first.text) <= 3:
            while j < len(self.toks):
                if (
                    self.joined(j)
                    and self.toks[j].text in ",."
                    and j + 1 < len(self.toks)
                    and self.joined(j + 1)
                    and self.toks[j + 1].kind == "digits"
                    and len(self.toks[j + 1].text) == 3
                    and separator in (None, self.toks[j].text)
                    and not self._digit_follows(j + 2)
                ):
                    separator = self.toks[j].text
                    integer += self.toks[j + 1].text
                    j += 2
                elif (
                    self.spaced(j)
                    and separator in (None, " ")
                    and self.toks[j].kind == "digits"
                    and len(self.toks[j].text) == 3
                    and not self._digit_follows(j + 1)
                ):
                    separator = " "
                    integer += self.toks[j].text
                    j += 1
                else:
                    break
        fraction = ""
        if (
            self.joined(j)
            and j + 1 < len(self.toks)
            and self.toks[j].text in ",."
            and self.toks[j].text != separator
            and self.joined(j + 1)
            and self.toks[j + 1].kind == "digits"
        ):
            fraction = self.toks[j + 1].text
            j += 2
            if self.joined(j) and j < len(self.toks) and self.toks[j].kind == "digits":
                return self.expr("invalid", i, j + 1, None, "unreadable number"), j + 1
        number = Fraction(int(integer)) + (
            Fraction(int(fraction), 10 ** len(fraction)) if fraction else 0
        )
        if j < len(self.toks) and self.joined(j) and self.toks[j].text in ("°", "º"):
            return self.expr("ordinal", i, j + 1, int(integer)), j + 1
        if self._is(j, ".") and self.joined(j) and j + 1 < len(self.toks):
            nxt = self.toks[j + 1]
            if self.joined(j + 1) and nxt.text in ("ª", "º"):
                return self.expr("ordinal", i, j + 2, int(integer)), j + 2
        return self.finish(
            i, j, number, small=separator is None and len(integer) <= 3, decimal=bool(fraction)
        )

    def _digit_follows(self, j: int) -> bool:
        """A digit or a group separator plus digit touches position j: the group is longer."""
        if j >= len(self.toks) or not self.joined(j):
            return False
        tok = self.toks[j]
        return tok.kind == "digits" or (tok.kind == "word" and not ORDINAL_SUFFIX.match(tok.folded))

    def cardinal_words(self, i: int) -> tuple[NumberExpr, int] | None:
        parsed = self.words_number(i)
        if parsed is None:
            return None
        value, j = parsed
        article = j == i + 1 and self.toks[i].folded in ("un", "una")
        return self.finish(i, j, Fraction(value), small=value < 1000, article=article)

    def finish(
        self,
        i: int,
        j: int,
        number: Fraction,
        small: bool,
        article: bool = False,
        decimal: bool = False,
    ) -> tuple[NumberExpr, int]:
        """Multipliers ("mil", "millones"), then "%" or "por ciento"."""
        written_decimal = decimal
        if self.word(j) == "mil" and self.spaced(j) and self.toks[i].kind == "digits":
            if not small and number.denominator == 1:
                return self.expr("invalid", i, j + 1, None, "unreadable number"), j + 1
            number, j = self.plus(number * 1000, j + 1, self.below_thousand_mixed)
            written_decimal = article = False
        if self.word(j) in MILLION and self.spaced(j):
            number, j = self.plus(number * 1_000_000, j + 1, self.below_million_mixed)
            written_decimal = article = False
        if self.word(j) == "y" and self.word(j + 1) == "medio" and number >= 1000:
            unit = 1_000_000 if number >= 1_000_000 else 1000
            number += Fraction(unit, 2)
            j += 2
        kind: Kind = "cardinal"
        if self._is(j, "%") and (self.joined(j) or self.spaced(j)):
            kind, j = "percent", j + 1
        elif self.word(j) == "por" and self.word(j + 1) == "ciento":
            kind, j = "percent", j + 2
        elif self.word(j) == "porciento":
            kind, j = "percent", j + 1
        if kind == "percent":
            article = False
        if number.denominator != 1 or written_decimal:
            written = self.text[self.toks[i].start : self.toks[j - 1].end]
            return self.expr(kind, i, j, None, f"not a whole number: {written!r}"), j
        return self.expr(kind, i, j, int(number), article=article), j

    def below_thousand_mixed(self, j: int) -> tuple[int, int] | None:
        """After "mil": digits up to 999, or words below a thousand."""
        if not self.spaced(j):
            return None
        tok = self.toks[j]
        if (
            tok.kind == "digits"
            and len(tok.text) <= 3
            and not self._digit_follows(j + 1)
            and not (self.joined(j + 1) and self.toks[j + 1].text in ",.")
        ):
            return int(tok.text), j + 1
        if tok.kind == "word":
            return self.below_thousand(j)
        return None

    def below_million_mixed(self, j: int) -> tuple[int, int] | None:
        """After "millones": "300 mil", "trescientos mil quinientos", or below a thousand."""
        head = self.below_thousand_mixed(j)
        if head is None:
            if self.word(j) == "mil" and self.spaced(j):
                return self.plus(1000, j + 1, self.below_thousand_mixed)
            return None
        value, k = head
        if self.word(k) == "mil" and self.spaced(k):
            return self.plus(value * 1000, k + 1, self.below_thousand_mixed)
        return value, k

    # --- words: a small grammar of Spanish cardinals -------------------------------------

    def folded_at(self, i: int) -> str:
        return self.toks[i].folded

    def ordinal_words(self, i: int) -> tuple[NumberExpr, int]:
        word = self.toks[i].folded
        if word in ORDINAL_TENS:
            unit = self.word(i + 1)
            if unit in ORDINAL_UNITS and self.spaced(i + 1):
                value = ORDINAL_TENS[word] + ORDINAL_UNITS[unit]
                return self.expr("ordinal", i, i + 2, value), i + 2
            return self.expr("ordinal", i, i + 1, ORDINAL_TENS[word]), i + 1
        value = ORDINAL_UNITS.get(word) or ORDINAL_FUSED[word]
        return self.expr("ordinal", i, i + 1, value), i + 1
