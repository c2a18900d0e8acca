"""Closeout's amounts (ISO 4217 minor units) to Stripe's amounts and back: the one place.

Stripe takes and reports amounts as integers in *its* unit for the currency, which is not always
the ISO 4217 minor unit (https://docs.stripe.com/currencies#special-cases, #three-decimal):

- ISK and UGX have no minor unit (ISO exponent 0), but Stripe keeps them two-decimal for
  backwards compatibility: 5 ISK is `500`, and the amount must be a multiple of 100.
- HUF and TWD are two-decimal for charges and refunds (only payouts must be whole units).
- BHD, JOD, KWD, OMR and TND are three-decimal, and Stripe's partners need the last digit 0.
- Stripe's amount has at most eight digits.

Every amount sent to Stripe goes through `to_stripe`, every amount read from a Stripe object
through `from_stripe`.
"""

from __future__ import annotations

from dataclasses import dataclass

from closeout.shared.money import exponent


@dataclass(frozen=True)
class StripeUnit:
    decimals: int  # digits after the point in Stripe's integer amount
    multiple: int  # charges and refunds must be a multiple of this (in Stripe's unit)


# Stripe's published special cases; every other currency uses its ISO exponent as is.
SPECIAL_CASES: dict[str, StripeUnit] = {
    "ISK": StripeUnit(decimals=2, multiple=100),
    "UGX": StripeUnit(decimals=2, multiple=100),
    "HUF": StripeUnit(decimals=2, multiple=1),
    "TWD": StripeUnit(decimals=2, multiple=1),
    "BHD": StripeUnit(decimals=3, multiple=10),
    "JOD": StripeUnit(decimals=3, multiple=10),
    "KWD": StripeUnit(decimals=3, multiple=10),
    "OMR": StripeUnit(decimals=3, multiple=10),
    "TND": StripeUnit(decimals=3, multiple=10),
}
MAX_STRIPE_AMOUNT = 99_999_999


class StripeAmountError(ValueError):
    """An amount Stripe cannot take, or a Stripe amount Closeout cannot represent."""


def stripe_unit(currency: str) -> StripeUnit:
    code = currency.strip().upper()
    return SPECIAL_CASES.get(code) or StripeUnit(decimals=exponent(code), multiple=1)


def _factor(currency: str) -> int:
    """Stripe units per ISO minor unit (Stripe's unit is never the coarser one)."""
    shift = stripe_unit(currency).decimals - exponent(currency)
    if shift < 0:
        raise StripeAmountError(f"{currency}: Stripe's unit is coarser than ISO's")
    return (1, 10, 100, 1000)[shift]


def to_stripe(amount: int, currency: str) -> int:
    """The amount to send to Stripe for `amount` ISO minor units; refuses what Stripe refuses."""
    unit = stripe_unit(currency)
    factor = _factor(currency)
    value = amount * factor
    if value % unit.multiple:
        step = max(unit.multiple // factor, 1)
        raise StripeAmountError(
            f"Stripe takes {currency.upper()} amounts only in steps of {step} minor units"
        )
    if not 0 < value <= MAX_STRIPE_AMOUNT:
        raise StripeAmountError(f"Stripe cannot take this {currency.upper()} amount")
    return value


def from_stripe(value: int, currency: str) -> int:
    """ISO minor units for an amount Stripe reports; refuses a fraction Closeout cannot hold."""
    factor = _factor(currency)
    if value % factor:
        raise StripeAmountError(f"Stripe amount {value} is a fraction of a {currency} unit")
    return value // factor
