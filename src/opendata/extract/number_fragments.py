"""Words next to a number that could be part of it: the number is then no figure.

"veinti siete", "cuatro cientos cincuenta", "docientos cincuenta y dos", "seten ta y cinco",
"vein te mil", "dos mil docientas": the reader recognises only the tail (or the head) of what
was written as one number. A word that is a piece of a number word, a misspelt number word,
or that makes a number word when joined to its neighbour, means the number is not read whole.
"""

from __future__ import annotations

import re

from opendata.extract.number_words import CARDINAL_WORDS, INVISIBLE, ORDINAL_WORDS

# What may separate two pieces of one broken number word: spaces, line breaks, hyphens.
BREAK = re.compile(rf"[\s\-‐‑–{INVISIBLE}]+")
NUMBER_WORDS = CARDINAL_WORDS | ORDINAL_WORDS
# Pieces and misspellings of number words: "veinti", "dieci", "cientos", "docientas",
# "sietecientos", "-ésima" ordinals that the reader does not know ("centésima").
_STEM = re.compile(r"^(?:veinti|vienti|dieci|diesi)\w*$|^\w*cient[oa]s?$|^\w+esim[oa]s?$")


def is_stem(word: str) -> bool:
    """A piece or a misspelling of a number word (folded), not a number word itself."""
    return word not in NUMBER_WORDS and bool(_STEM.match(word))


def joins_into_number(left: str, right: str) -> bool:
    """Two folded words that make one number word when written together ("seten" "ta")."""
    joined = left + right
    return len(joined) >= 5 and joined in NUMBER_WORDS  # "se is", "un a": common words
