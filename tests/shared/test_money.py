from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeout.shared.money import Money, UnknownCurrencyError


def test_formats_with_the_currency_minor_unit() -> None:
    assert Money(123456, "aud").format() == "$1,234.56"
    assert Money(1500, "JPY").format() == "¥1,500"
    assert Money(-1250, "KWD").format() == "-KWD 1.250"


def test_refuses_floats_unknown_currencies_and_mixed_sums() -> None:
    with pytest.raises(TypeError):
        Money(12.5, "AUD")  # type: ignore[arg-type]
    with pytest.raises(UnknownCurrencyError):
        Money(1, "XXX")
    with pytest.raises(ValueError, match="currency mismatch"):
        Money(1, "AUD") + Money(1, "USD")


def test_from_decimal_rounds_half_up() -> None:
    assert Money.from_decimal(Decimal("0.005"), "USD") == Money(1, "USD")
    assert Money.from_decimal("12.344", "EUR") == Money(1234, "EUR")


@given(st.integers(-(10**12), 10**12), st.sampled_from(["AUD", "JPY", "KWD"]))
def test_decimal_round_trip_is_exact(amount: int, currency: str) -> None:
    money = Money(amount, currency)
    assert Money.from_decimal(money.to_decimal(), currency) == money
