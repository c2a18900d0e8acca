"""Value types shared by several contracts."""

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from closeout.shared.money import CurrencyCode

MAX_AMOUNT = 10**12

MinorUnits = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, strict=True)]
"""An amount in the currency's minor unit (cents). Never a float."""

PositiveMinorUnits = Annotated[int, Field(gt=0, le=MAX_AMOUNT, strict=True)]

TaxRate = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
"""A tax rate as a percentage, sent as a decimal string: "10" means 10 %."""

Quantity = Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=12, decimal_places=3)]

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


DisplayName = Annotated[str, AfterValidator(clean_display_name)]
"""A person's or business's name: one line, no control characters."""


class Contract(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Customer(Contract):
    name: DisplayName = Field(min_length=1, max_length=200)
    email: str | None = Field(
        None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="Where invoices go"
    )
    phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=500)
    sms_consent: bool = Field(
        False,
        description="The customer agreed to get invoice links and reminders by text message "
        "at `phone`; without it nothing goes by SMS (absent in older events: false)",
    )


class LineItem(Contract):
    description: str = Field(min_length=1, max_length=500)
    quantity: Quantity = Decimal(1)
    unit_amount: MinorUnits
    tax_rate: TaxRate = Decimal(0)
    kind: LineKind = "other"


__all__ = [
    "Contract",
    "CurrencyCode",
    "Customer",
    "DisplayName",
    "LineItem",
    "LineKind",
    "MinorUnits",
    "PaymentMethod",
    "PositiveMinorUnits",
    "Quantity",
    "TaxRate",
    "Timestamp",
    "clean_display_name",
    "refuse_unix_seconds",
]
