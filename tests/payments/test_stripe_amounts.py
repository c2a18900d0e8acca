"""Closeout's ISO 4217 minor units against Stripe's units, over Stripe's published lists.

The lists below are copied from https://docs.stripe.com/currencies (zero-decimal, special
cases, three-decimal), independently of the implementation, so the two are checked against
each other for every currency Closeout accepts.
"""

import pytest

from closeout.payments.domain.stripe_amounts import (
    MAX_STRIPE_AMOUNT,
    StripeAmountError,
    from_stripe,
    stripe_unit,
    to_stripe,
)
from closeout.payments.domain.stripe_objects import (
    charge_facts,
    dispute_facts,
    intent_failure,
    refund_facts,
    session_facts,
)
from closeout.shared.money import CURRENCY_EXPONENTS

STRIPE_ZERO_DECIMAL = {
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
    "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF",
}  # fmt: skip
# "To maintain backwards compatibility, you must pass in amounts with two decimals": 5 ISK is
# 500, and the amount must be evenly divisible by 100.
STRIPE_TWO_DECIMAL_WHOLE_UNITS = {"ISK", "UGX"}
# Two-decimal for charges; only payouts must be whole units.
STRIPE_TWO_DECIMAL_PAYOUT_WHOLE = {"HUF", "TWD"}
# Three decimals, "the least-significant (last) digit to be 0".
STRIPE_THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}

CLOSEOUT_CURRENCIES = sorted(CURRENCY_EXPONENTS)
CLOSEOUT_SET = set(CURRENCY_EXPONENTS)


def stripe_decimals(currency: str) -> int:
    if currency in STRIPE_ZERO_DECIMAL:
        return 0
    if currency in STRIPE_THREE_DECIMAL:
        return 3
    return 2


@pytest.mark.parametrize("currency", CLOSEOUT_CURRENCIES)
def test_every_closeout_currency_converts_to_stripes_published_unit(currency: str) -> None:
    iso = CURRENCY_EXPONENTS[currency]
    assert stripe_unit(currency).decimals == stripe_decimals(currency)
    one_major_unit = 10**iso
    assert to_stripe(one_major_unit, currency) == 10 ** stripe_decimals(currency)
    assert from_stripe(to_stripe(12 * one_major_unit, currency), currency) == 12 * one_major_unit


@pytest.mark.parametrize(
    "currency", sorted(STRIPE_TWO_DECIMAL_WHOLE_UNITS & set(CURRENCY_EXPONENTS))
)
def test_whole_unit_currencies_are_sent_times_100(currency: str) -> None:
    assert CURRENCY_EXPONENTS[currency] == 0
    # The finding: an ISK 50,000 invoice was charged ISK 500.
    assert to_stripe(50_000, currency) == 5_000_000
    assert from_stripe(5_000_000, currency) == 50_000
    assert to_stripe(1, currency) % 100 == 0
    with pytest.raises(StripeAmountError):
        from_stripe(5_000_050, currency)  # half a krona cannot be an ISO amount


@pytest.mark.parametrize("currency", sorted(STRIPE_THREE_DECIMAL))
def test_three_decimal_amounts_need_a_last_digit_zero(currency: str) -> None:
    assert CURRENCY_EXPONENTS[currency] == 3
    assert to_stripe(5_120, currency) == 5_120
    with pytest.raises(StripeAmountError, match="steps of 10"):
        to_stripe(5_124, currency)


def test_special_cases_closeout_does_not_accept_are_still_described() -> None:
    for currency in STRIPE_TWO_DECIMAL_WHOLE_UNITS | STRIPE_TWO_DECIMAL_PAYOUT_WHOLE:
        assert stripe_unit(currency).decimals == 2
    assert stripe_unit("UGX").multiple == 100
    assert stripe_unit("HUF").multiple == stripe_unit("TWD").multiple == 1


def test_amounts_stripe_cannot_take_are_refused() -> None:
    assert to_stripe(MAX_STRIPE_AMOUNT, "USD") == MAX_STRIPE_AMOUNT
    with pytest.raises(StripeAmountError):
        to_stripe(MAX_STRIPE_AMOUNT + 1, "USD")
    with pytest.raises(StripeAmountError):
        to_stripe(1_000_000, "ISK")  # ISK 1,000,000 is 100,000,000 in Stripe's unit
    with pytest.raises(StripeAmountError):
        to_stripe(0, "USD")


def test_amounts_read_from_stripe_objects_are_iso_minor_units() -> None:
    meta = {"invoice_id": "inv-1", "business_id": "biz-1"}
    session = session_facts(
        {"id": "cs_1", "amount_total": 5_000_000, "currency": "isk", "metadata": meta}
    )
    assert (session.amount_total, session.currency) == (50_000, "ISK")
    charge = charge_facts(
        {
            "id": "ch_1",
            "currency": "isk",
            "amount_refunded": 300_000,
            "refunds": {"data": [{"id": "re_1", "amount": 300_000, "status": "succeeded"}]},
        }
    )
    assert charge.amount_refunded == 3_000
    assert [r.amount for r in charge.refunds] == [3_000]
    assert dispute_facts({"id": "dp_1", "amount": 200_000, "currency": "isk"}).amount == 2_000
    assert refund_facts({"id": "re_2", "amount": 100, "currency": "isk"}).amount == 1
    failure = intent_failure({"id": "pi_1", "amount": 4_200, "currency": "isk"})
    assert (failure.amount, failure.currency) == (42, "ISK")
    assert session_facts({"id": "cs_2", "amount_total": 1_000, "currency": "usd"}).amount_total == (
        1_000
    )
