"""The Spanish parsers: numbers as digits or words, lower bounds, ordinals, dates, lists."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendata.extract.spanish import (
    MONTHS,
    ParseError,
    fold,
    parse_date,
    parse_number,
    parse_ordinal,
    split_list,
)

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
    thousands, rest = divmod(number, 1000)
    head = "mil" if thousands == 1 else f"{spell(thousands)} mil"
    return head + (f" {spell(rest)}" if rest else "")


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_separators(number: int) -> None:
    assert parse_number(f"{number:,}") == (parse_number(str(number)))
    assert parse_number(f"{number:,}").value == number
    assert parse_number(f"{number:,}").qualifier == "exacto"


@given(st.integers(min_value=1, max_value=999_999))
def test_spelled_out_numbers(number: int) -> None:
    assert parse_number(spell(number)).value == number


@given(st.integers(min_value=1, max_value=999_999), st.booleans())
def test_lower_bounds_keep_their_number(number: int, spelled: bool) -> None:
    text = spell(number) if spelled else f"{number:,}"
    quantity = parse_number(f"más de {text}")
    assert (quantity.value, quantity.qualifier) == (number, "mas_de")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("2,000", 2000, "exacto"),
        ("9,810", 9810, "exacto"),
        ("más de 500", 500, "mas_de"),
        ("más de mil", 1000, "mas_de"),
        ("once", 11, "exacto"),
        ("siete", 7, "exacto"),
        ("cuatro", 4, "exacto"),
        ("una", 1, "exacto"),
        ("ciento sesenta y cuatro", 164, "exacto"),
    ],
)
def test_numbers_of_the_report(text: str, value: int, qualifier: str) -> None:
    quantity = parse_number(text)
    assert (quantity.value, quantity.qualifier) == (value, qualifier)


@pytest.mark.parametrize("text", ["", "más de", "3O", "2,00", "doce y", "mil mil mil x", "١٢"])
def test_garbage_is_not_a_number(text: str) -> None:
    with pytest.raises(ParseError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("quinta", 5), ("Sexta", 6), ("cuarta", 4), ("primera", 1), ("VI", 6), ("IX", 9), ("XIV", 14)],
)
def test_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("text", ["IIII", "VX", "sexto grado", ""])
def test_bad_ordinals(text: str) -> None:
    with pytest.raises(ParseError):
        parse_ordinal(text)


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


@given(st.text(max_size=60))
def test_parsers_never_crash(text: str) -> None:
    for parser in (parse_number, parse_ordinal, parse_date):
        with contextlib.suppress(ParseError):
            parser(text)
