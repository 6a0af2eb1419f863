"""The Spanish readers: numbers as whole expressions in every style, ordinals, dates, lists."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendata.extract.dates import MONTHS, parse_date, scan_dates
from opendata.extract.numbers import ParseError, read_number, read_ordinal, scan
from opendata.extract.spanish import fold, split_list
from opendata.validate.figure_text import read_figure

_UNITS = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
_TENS = dict(
    enumerate(["treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"], 3)
)
_HUNDREDS = dict(
    enumerate(
        [
            "ciento",
            "doscientos",
            "trescientos",
            "cuatrocientos",
            "quinientos",
            "seiscientos",
            "setecientos",
            "ochocientos",
            "novecientos",
        ],
        1,
    )
)
_MONTH_NAMES = [name for name in MONTHS if name != "setiembre"]


def spell(number: int) -> str:
    """An independent speller of Spanish cardinals (0..999,999), the test's oracle."""
    if number < 30:
        return _UNITS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        return _TENS[tens] + (f" y {_UNITS[unit]}" if unit else "")
    if number < 1000:
        if number == 100:
            return "cien"
        hundreds, rest = divmod(number, 100)
        return _HUNDREDS[hundreds] + (f" {spell(rest)}" if rest else "")
    if number < 1_000_000:
        thousands, rest = divmod(number, 1000)
        head = "mil" if thousands == 1 else f"{spell(thousands)} mil"
        return head + (f" {spell(rest)}" if rest else "")
    millions, rest = divmod(number, 1_000_000)
    head = "un millón" if millions == 1 else f"{spell(millions)} millones"
    return head + (f" {spell(rest)}" if rest else "")


_GROUPS = [",", ".", " ", "\u00a0", "\u202f", "\u2009"]


def grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def styles(number: int) -> list[str]:
    """Every way a Spanish report writes `number`."""
    written = [str(number), spell(number)]
    if number >= 1000:
        written.extend(grouped(number, separator) for separator in _GROUPS)
        thousands, rest = divmod(number, 1000)
        if thousands < 1000:
            written.append(f"{thousands} mil" + (f" {rest}" if rest else ""))
    if number >= 1_000_000 and number % 100_000 == 0:
        written.append(f"{number / 1_000_000:g} millones".replace(".", ","))
        written.append(f"{number / 1_000_000:g} millones")
    return written


@given(st.integers(min_value=0, max_value=10**9))
def test_every_style_reads_back_as_one_whole_number(number: int) -> None:
    for text in styles(number):
        sentence = f"Se registraron {text} visitas al sitio."
        found = scan(sentence)
        assert len(found) == 1, (text, found)
        assert (found[0].value, found[0].kind, found[0].text(sentence)) == (
            number,
            "cardinal",
            text,
        )
        assert read_number(text) == (number, "exacto")
        assert read_figure(text) == (number, "exacto")  # the independent reader agrees


@given(
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from(
        [
            "más de",
            "al menos",
            "alrededor de",
            "casi",
            "menos de",
            "hasta",
            "por lo menos",
            "cerca de",
            "poco más de",
        ]
    ),
)
def test_qualifiers_keep_their_number(number: int, words: str) -> None:
    expected = {
        "más de": "mas_de",
        "al menos": "mas_de",
        "por lo menos": "mas_de",
        "poco más de": "mas_de",
        "menos de": "menos_de",
        "hasta": "menos_de",
        "alrededor de": "aproximado",
        "casi": "aproximado",
        "cerca de": "aproximado",
    }
    for text in (f"{number:,}", spell(number)):
        assert read_number(f"{words} {text}") == (number, expected[words])
        assert read_figure(f"{words} {text}") == (number, expected[words])


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_two_numbers_that_run_together_are_never_read_as_one_or_as_pieces(a: int, b: int) -> None:
    """ "12 48", "veintisiete (28)", "20-30": one expression that cannot be read."""
    for text in (
        f"{a} {b % 100:02d}",
        f"{spell(a)} ({b})" if a != b else f"{a} ({a + 1})",
        f"{a}-{b}",
        f"entre {a} y {b}",
        f"{a} a {b}",
    ):
        found = scan(f"con {text} personas")
        assert len(found) == 1 and found[0].value is None, (text, found)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("2,000", 2000, "exacto"),
        ("9,810", 9810, "exacto"),
        ("12 480", 12480, "exacto"),
        ("9 mil 810", 9810, "exacto"),
        ("20 mil", 20000, "exacto"),
        ("1.5 millones", 1_500_000, "exacto"),
        ("un millón y medio", 1_500_000, "exacto"),
        ("más de 500", 500, "mas_de"),
        ("más de mil", 1000, "mas_de"),
        ("no menos de 30", 30, "mas_de"),
        ("no más de 30", 30, "menos_de"),
        ("más o menos 30", 30, "aproximado"),
        ("unas 30", 30, "aproximado"),
        ("aprox. 30", 30, "aproximado"),
        ("once", 11, "exacto"),
        ("siete", 7, "exacto"),
        ("cuatro", 4, "exacto"),
        ("una", 1, "exacto"),
        ("ciento sesenta y cuatro", 164, "exacto"),
        ("seiscientas nueve", 609, "exacto"),
        ("dos mil quinientos", 2500, "exacto"),
        ("27 (veintisiete)", 27, "exacto"),
    ],
)
def test_numbers_of_reports(text: str, value: int, qualifier: str) -> None:
    assert read_number(text) == (value, qualifier)
    assert read_figure(text) == (value, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "más de",
        "3O",
        "2,00",
        "doce y",
        "mil mil mil x",
        "١٢",
        "9,8",
        "veintisiete (28)",
        "20 a 30",
        "12-480",
        "un promedio de 30",
        "12 48",
        "ciento",
    ],
)
def test_garbage_is_not_a_number(text: str) -> None:
    with pytest.raises(ParseError):
        read_number(text)


def test_percentages_and_pieces() -> None:
    sentence = "el 70% fue incorporado y un treinta por ciento no aplicaba"
    found = scan(sentence)
    assert [(e.kind, e.value, e.text(sentence)) for e in found] == [
        ("percent", 70, "70%"),
        ("percent", 30, "treinta por ciento"),
    ]
    # A thousands group is never a number of its own.
    assert [e.value for e in scan("12 480 visitas y 20\u202f000 vistas")] == [12480, 20000]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("quinta", 5),
        ("Sexta", 6),
        ("cuarta", 4),
        ("primera", 1),
        ("VI", 6),
        ("IX", 9),
        ("XIV", 14),
        ("4.ª", 4),
        ("5ª", 5),
        ("3er", 3),
        ("décima segunda", 12),
        ("decimotercera", 13),
    ],
)
def test_ordinals(text: str, value: int) -> None:
    assert read_ordinal(text) == value


@pytest.mark.parametrize("text", ["IIII", "VX", "sexto grado", "", "CC"])
def test_bad_ordinals(text: str) -> None:
    with pytest.raises(ParseError):
        read_ordinal(text)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans())
def test_full_dates(day: dt.date, zero_padded: bool) -> None:
    number = f"{day.day:02d}" if zero_padded else str(day.day)
    text = f"{number} de {_MONTH_NAMES[day.month - 1]} de {day.year}"
    parsed = parse_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (day, day, "dia")
    assert parsed.iso() == day.isoformat()


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 30)))
def test_day_spans_take_the_year_from_context(day: dt.date) -> None:
    following = day + dt.timedelta(days=1)
    if following.month != day.month:
        return
    text = f"{day.day} y {following.day} de {_MONTH_NAMES[day.month - 1]}"
    parsed = parse_date(text, year=day.year)
    assert parsed.iso() == f"{day.isoformat()}/{following.isoformat()}"


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12))
def test_month_precision_is_kept(year: int, month: int) -> None:
    parsed = parse_date(f"durante el mes de {_MONTH_NAMES[month - 1]}", year=year)
    assert parsed.precision == "mes"
    assert parsed.iso() == f"{year}-{month:02d}"


def test_dates_of_the_report() -> None:
    assert parse_date("03 de junio de 2024").iso() == "2024-06-03"
    assert parse_date("17 y 18 de octubre", year=2024).iso() == "2024-10-17/2024-10-18"
    assert parse_date("noviembre de 2024").iso() == "2024-11"


@pytest.mark.parametrize(
    "text", ["30 de febrero de 2023", "6 de marzo", "32 de enero de 2024", "5 de brumario de 2024"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(ParseError):
        parse_date(text)


def test_lists_and_folding() -> None:
    assert split_list("Centro, Centro-Occidente, Sureste y Norte") == [
        "Centro",
        "Centro-Occidente",
        "Sureste",
        "Norte",
    ]
    assert fold("Facultad de Derecho, UNAM") == "facultad de derecho unam"
    assert fold("Querétaro") == "queretaro"


def test_dates_are_found_whole_in_prose() -> None:
    text = "Los días 28 y 29 de agosto de 2024, y del 30 de septiembre al 2 de octubre; en mayo."
    assert [d.text for d in scan_dates(text)] == [
        "28 y 29 de agosto de 2024",
        "30 de septiembre al 2 de octubre",
        "en mayo",
    ]
    assert parse_date("30 de septiembre al 2 de octubre", 2024).iso() == "2024-09-30/2024-10-02"
    assert parse_date("en mayo", 2025).iso() == "2025-05"


@given(st.text(max_size=60))
def test_parsers_never_crash(text: str) -> None:
    for parser in (read_number, read_ordinal, parse_date):
        with contextlib.suppress(ParseError):
            parser(text)
    scan(text)
    scan_dates(text)
    with contextlib.suppress(ValueError):
        read_figure(text)
