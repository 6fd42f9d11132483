"""Danish numbers: '1.259' is 1259, '0,59' is 0.59, '-' in a quota cell is 0, 'mio. kr.' scales money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import parse_amount_dkk, parse_int, parse_number, parse_quota_cell


def danish(value: int | Decimal, sep: str = ".") -> str:
    """Format the Danish way, independently of the parser: groups of three, ',' for decimals."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    groups = []
    while True:
        whole, rest = divmod(whole, 1000)
        groups.append(f"{rest:03d}" if whole else str(rest))
        if not whole:
            break
    text = sep.join(reversed(groups))
    if isinstance(value, Decimal) and value != value.to_integral_value():
        frac = str(value.quantize(Decimal("0.01"))).split(".")[1]
        text += "," + frac
    return sign + text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.259", 1259), ("0,59", 0.59), ("-1.363,5", -1363.5), ("6.000", 6000), ("2,50", 2.5),
        ("10.135", 10135), ("1.000.000", 1_000_000), (" 64 ", 64), ("1 259", 1259), ("\u22125", -5),
    ],
)
def test_parse_number_reads_danish_notation(text, expected):
    assert parse_number(text) == expected


def test_whole_numbers_come_back_as_int_so_counts_stay_counts():
    assert isinstance(parse_number("6.000"), int)
    assert isinstance(parse_number("2,50"), float)


@pytest.mark.parametrize("text", ["1.5", "12.34", "1.2345", "1,2,3", "abc", "", "kr.", "5 %", None])
def test_malformed_or_non_numbers_give_none(text):
    assert parse_number(text) is None


def test_parse_int_refuses_decimals():
    assert parse_int("1.038") == 1038
    assert parse_int("2,5") is None
    assert parse_int("-") is None


@pytest.mark.parametrize(("text", "expected"), [("-", 0), ("\u2013", 0), ("\u2014", 0), ("64", 64), ("1.259", 1259)])
def test_quota_cell_reads_a_dash_as_zero(text, expected):
    assert parse_quota_cell(text) == expected


@pytest.mark.parametrize("text", ["", "x", "2,5", None])
def test_quota_cell_rejects_non_counts(text):
    assert parse_quota_cell(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,2 mio. kr.", 1_200_000), ("kr. 100.000", 100_000), ("0,2 mia. kr.", 200_000_000),
        ("7,4 mio.kr.", 7_400_000), ("1.363 mio.kr.", 1_363_000_000), ("2,50 mio. kr.", 2_500_000),
        ("2.500 kr. pr. person", 2_500), ("0,59 kr./indbygger", 0.59), ("0,127 mio. kr.", 127_000),
        ("3 millioner kroner", 3_000_000), ("500 t.kr.", 500_000), ("DKK 1.000", 1_000),
    ],
)
def test_amount_phrases_in_kroner(text, expected):
    assert parse_amount_dkk(text) == pytest.approx(expected, rel=0, abs=1e-9)


@pytest.mark.parametrize("text", ["21,6 %", "50 pct.", "40 deltagere", "2,6 mio.", "102 enkeltadresser", "", "kr."])
def test_percentages_counts_and_bare_millions_are_not_money(text):
    assert parse_amount_dkk(text) is None


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_any_integer_formatted_danish_reads_back(n):
    text = danish(n)
    assert parse_number(text) == n
    assert parse_int(text) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_space_as_thousands_separator_reads_back(n):
    assert parse_number(danish(n, sep=" ")) == n
    assert parse_number(danish(n, sep="\u00a0")) == n


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_decimal_formatted_danish_reads_back(d):
    text = danish(d)
    expected = int(d) if d == d.to_integral_value() else float(d)
    assert parse_number(text) == expected


@given(st.integers(min_value=1000, max_value=10**9))
def test_a_thousands_dot_is_never_a_decimal_point(n):
    text = danish(n)
    assert "." in text
    assert parse_number(text) == n  # never n / 1000


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("mio. kr.", 10**6), ("mio.kr.", 10**6), ("mia. kr.", 10**9), ("kr.", 1)]),
)
def test_money_phrases_scale_by_their_unit(d, unit):
    word, factor = unit
    assert parse_amount_dkk(f"{danish(d)} {word}") == float(d * factor)
