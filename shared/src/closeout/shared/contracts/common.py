"""Value types shared by several contracts."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from closeout.shared.money import CurrencyCode

MAX_AMOUNT = 10**12


def _whole_number(value: object) -> object:
    """JSON Schema's `integer` includes 12000.0; any other float stays a float (refused)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


WHOLE_NUMBER = BeforeValidator(_whole_number)
"""With `strict=True` on an int: 12000.0 is 12000 (JSON Schema's `integer`), "12000" is refused."""
_INTEGRAL = WHOLE_NUMBER

# The constraints come before the validator, so the OpenAPI states them as minimum/maximum.
MinorUnits = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, strict=True), _INTEGRAL]
"""An amount in the currency's minor unit (cents). Never a fraction."""

PositiveMinorUnits = Annotated[int, Field(gt=0, le=MAX_AMOUNT, strict=True), _INTEGRAL]

NonNegativeMinorUnits = Annotated[int, Field(ge=0, le=MAX_AMOUNT, strict=True), _INTEGRAL]


# Beyond this a float cannot be rounded within Decimal's 28 digits (InvalidOperation).
_ROUNDABLE = 1e15


def _decimal(pattern: str, places: int) -> BeforeValidator:
    """Text must match `pattern` (the OpenAPI states it); a JSON number is rounded half up to
    `places` decimals (a float is an approximation already)."""

    def parse(value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(f"expected a decimal number matching {pattern}")
        if isinstance(value, float) and abs(value) < _ROUNDABLE:
            return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return value  # a float too large to round is left to the bounds, which refuse it

    return BeforeValidator(parse)


TAX_RATE_PATTERN = r"^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$"
TaxRate = Annotated[
    Decimal,
    _decimal(TAX_RATE_PATTERN, 4),
    Field(ge=0, le=100, max_digits=7, decimal_places=4),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "string", "pattern": TAX_RATE_PATTERN},
            ],
            "description": "A percentage, 0 to 100, at most 4 decimals (a number is rounded)",
        }
    ),
]
"""A tax rate as a percentage, sent as a decimal string: "10" means 10 %."""

QUANTITY_PATTERN = r"^(1000000(\.0{1,3})?|[1-9]\d{0,5}(\.\d{1,3})?|0?\.(\d{0,2}[1-9]))$"
Quantity = Annotated[
    Decimal,
    _decimal(QUANTITY_PATTERN, 3),
    Field(gt=0, le=1_000_000, max_digits=12, decimal_places=3),
    WithJsonSchema(
        {
            "anyOf": [
                # 0.0005 is the least number that rounds (half up) to a quantity above zero.
                {"type": "number", "minimum": 0.0005, "maximum": 1_000_000},
                {"type": "string", "pattern": QUANTITY_PATTERN},
            ],
            "description": "More than 0, at most 1,000,000, at most 3 decimals "
            "(a number is rounded)",
        }
    ),
]

_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def refuse_unix_seconds(value: object) -> object:
    """A date-time is RFC 3339 text (what OpenAPI's `date-time` means): pydantic would also
    read a number, or a numeric string, as Unix seconds."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(
            "expected an RFC 3339 date-time with its offset, e.g. 2026-11-21T10:14:00Z"
        )
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(refuse_unix_seconds)]
"""An instant as RFC 3339 text with its UTC offset (`date-time` in the OpenAPI documents)."""

LineKind = Literal["labour", "materials", "fee", "other"]

PaymentMethod = Literal["card", "cash", "bank_transfer", "other"]

# C0/C1 controls (CR, LF, tab, NUL, ...) and the Unicode line and paragraph separators, with
# the spaces around them.
_CONTROL_RUNS = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def clean_display_name(value: str) -> str:
    """A name shown in a mail header or on one line: control characters become one space
    (a CR/LF in a name would otherwise break, or inject, a header)."""
    return _CONTROL_RUNS.sub(" ", value).strip()


# At least one character that cleaning keeps (not a control, not white space), and no NUL:
# a name of nothing else would be empty once cleaned.
VISIBLE_TEXT_PATTERN = (
    r"^[^\x00]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00]*$"
)
DisplayName = Annotated[
    str, Field(pattern=VISIBLE_TEXT_PATTERN), AfterValidator(clean_display_name)
]
"""A person's or business's name: one line, no control characters."""


class Contract(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


# Spelled out rather than `\s`, which JSON Schema's regex dialect and the validator's read apart
# (U+0085, U+FEFF): controls, NUL and every white space are out.
_NOT_IN_ADDRESS = r"@\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
EMAIL_PATTERN = rf"^[^{_NOT_IN_ADDRESS}]+@[^{_NOT_IN_ADDRESS}]+\.[^{_NOT_IN_ADDRESS}]+$"
"""An address with a local part, a domain with a dot, no white space and no NUL."""


class Customer(Contract):
    name: DisplayName = Field(min_length=1, max_length=200)
    email: str | None = Field(
        None,
        max_length=320,
        pattern=EMAIL_PATTERN,
        description="Where invoices go",
    )
    phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=500)
    sms_consent: bool = Field(
        False,
        strict=True,
        description="The customer agreed to get invoice links and reminders by text message "
        "at `phone`; without it nothing goes by SMS (absent in older events: false)",
    )


class LineItem(Contract):
    description: str = Field(min_length=1, max_length=500)
    quantity: Quantity = Decimal(1)
    unit_amount: MinorUnits
    tax_rate: TaxRate = Decimal(0)
    kind: LineKind = "other"


def within_money_cap(items: list[LineItem]) -> list[LineItem]:
    """Refuse lines whose invoice could not be represented: every line amount, its tax and
    the invoice totals must stay within MAX_AMOUNT minor units, whatever the tax mode. The
    bound adds each line's quantity x unit amount and its tax (both rounded up), in size."""
    worst = 0
    for item in items:
        amount = math.ceil(abs(item.quantity * item.unit_amount))
        worst += amount + math.ceil(amount * item.tax_rate / 100)
    if worst > MAX_AMOUNT:
        raise ValueError(
            f"quantity x unit_amount plus tax over all line items comes to {worst} minor"
            f" units, more than the {MAX_AMOUNT} an invoice may total"
        )
    return items


__all__ = [
    "EMAIL_PATTERN",
    "WHOLE_NUMBER",
    "Contract",
    "CurrencyCode",
    "Customer",
    "DisplayName",
    "LineItem",
    "LineKind",
    "MinorUnits",
    "NonNegativeMinorUnits",
    "PaymentMethod",
    "PositiveMinorUnits",
    "Quantity",
    "TaxRate",
    "Timestamp",
    "clean_display_name",
    "refuse_unix_seconds",
    "within_money_cap",
]
