"""Money as integer minor units with an ISO 4217 currency code. Never floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

# ISO 4217 minor-unit exponents for the currencies Closeout accepts.
CURRENCY_EXPONENTS: dict[str, int] = {
    "AUD": 2, "CAD": 2, "CHF": 2, "CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "HKD": 2,
    "ILS": 2, "INR": 2, "MXN": 2, "NOK": 2, "NZD": 2, "PLN": 2, "SEK": 2, "SGD": 2,
    "USD": 2, "ZAR": 2, "BRL": 2, "AED": 2, "PHP": 2, "MYR": 2, "THB": 2,
    "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0,
    "BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

CURRENCY_SYMBOLS: dict[str, str] = {
    "AUD": "$", "CAD": "$", "NZD": "$", "USD": "$", "SGD": "$", "HKD": "$",
    "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "ZAR": "R",
}  # fmt: skip


class UnknownCurrencyError(ValueError):
    pass


def normalize_currency(code: str) -> str:
    """Upper-case an ISO 4217 code and refuse the ones Closeout does not know."""
    upper = code.strip().upper()
    if upper not in CURRENCY_EXPONENTS:
        raise UnknownCurrencyError(f"unsupported currency {code!r} (ISO 4217 code expected)")
    return upper


def _any_case(code: str) -> str:
    return "".join(f"[{c}{c.lower()}]" for c in code)


# What `normalize_currency` accepts, as the OpenAPI documents state it: a known code in any
# case, with spaces around it.
CURRENCY_PATTERN = r"^\s*(" + "|".join(_any_case(c) for c in sorted(CURRENCY_EXPONENTS)) + r")\s*$"

CurrencyCode = Annotated[
    str,
    AfterValidator(normalize_currency),
    WithJsonSchema({"type": "string", "pattern": CURRENCY_PATTERN, "description": "ISO 4217 code"}),
]
"""A pydantic field type for an ISO 4217 code Closeout knows, validated and upper-cased."""


def exponent(currency: str) -> int:
    return CURRENCY_EXPONENTS[normalize_currency(currency)]


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError("Money.amount must be an int in minor units")
        object.__setattr__(self, "currency", normalize_currency(self.currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal | str, currency: str) -> Money:
        """Major units (e.g. Decimal("12.34")) to minor units, rounding half up."""
        scale = Decimal(10) ** exponent(currency)
        minor = (Decimal(value) * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(minor), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-exponent(self.currency))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def format(self) -> str:
        """Human format, e.g. `$1,234.00`, `¥1,500`, `KWD 1.250`."""
        digits = exponent(self.currency)
        sign = "-" if self.amount < 0 else ""
        number = f"{abs(self.to_decimal()):,.{digits}f}"
        symbol = CURRENCY_SYMBOLS.get(self.currency)
        return f"{sign}{symbol}{number}" if symbol else f"{sign}{self.currency} {number}"

    def __str__(self) -> str:
        return self.format()
