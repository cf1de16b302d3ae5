"""Numbers and measures: Vietnamese grouping, scale words, units, idempotent normalisation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.extract.entities.numbers import format_number, normalize_measure, parse_measure, parse_number


@pytest.mark.parametrize("text, value", [
    ("5.027", 5027.0), ("92,2", 92.2), ("1.200.000", 1200000.0), ("01", 1.0), ("3.140", 3140.0),
    ("1.234,5", 1234.5), ("2.5", 2.5), ("0", 0.0),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "5,", "-"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text, expected", [
    ("5.027 tỷ đồng", (5027000000000.0, "VND")),
    ("20 tỷ đồng", (20000000000.0, "VND")),
    ("500 triệu đồng", (500000000.0, "VND")),
    ("92,2%", (92.2, "%")),
    ("2.255 nghìn lượt khách", (2255000.0, "lượt khách")),
    ("700m2", (700.0, "m2")),
    ("35/45 nhiệm vụ", (35.0, "nhiệm vụ")),
    ("654,935/871,321 triệu đồng", (654935000.0, "VND")),
    ("9,49/ 9,5", (9.49, "")),
    ("700m²", (700.0, "m2")),
    ("01km", (1.0, "km")),
    ("12.537 hồ sơ", (12537.0, "hồ sơ")),
    ("1.200.000 đồng/người", (1200000.0, "VND/người")),
    ("01 Huy chương Bạc", (1.0, "Huy chương Bạc")),
    ("5 USD", (5.0, "USD")),
])
def test_parse_measure(text, expected):
    assert parse_measure(text) == expected


def test_parse_measure_needs_a_number():
    with pytest.raises(ValueError):
        parse_measure("tỷ đồng")


def test_normalize_measure():
    assert normalize_measure("5.027 tỷ đồng") == "5027000000000 VND"
    assert normalize_measure("92,2%") == "92,2 %"


@given(st.integers(min_value=0, max_value=10**15))
def test_integer_round_trip(n):
    assert parse_number(format_number(float(n), group=True)) == n
    assert parse_number(format_number(float(n))) == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(d):
    x = float(d)
    assert parse_number(format_number(x, group=True)) == x
    assert parse_number(format_number(x)) == x


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99),
       st.sampled_from(["tỷ đồng", "triệu đồng", "nghìn đồng", "%", "m2", "km", "hồ sơ", "lượt khách",
                        "Huy chương Vàng", "đồng/người", ""]))
def test_normalize_measure_idempotent(whole, frac, unit):
    text = f"{format_number(float(whole), group=True)},{frac:02d} {unit}"
    once = normalize_measure(text)
    assert normalize_measure(once) == once
