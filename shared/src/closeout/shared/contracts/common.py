"""Value types shared by several contracts."""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from closeout.shared.money import CurrencyCode

MAX_AMOUNT = 10**12

MinorUnits = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, strict=True)]
"""An amount in the currency's minor unit (cents). Never a float."""

PositiveMinorUnits = Annotated[int, Field(gt=0, le=MAX_AMOUNT, strict=True)]

TaxRate = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
"""A tax rate as a percentage, sent as a decimal string: "10" means 10 %."""

Quantity = Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=12, decimal_places=3)]

LineKind = Literal["labour", "materials", "fee", "other"]

PaymentMethod = Literal["card", "cash", "bank_transfer", "other"]


class Contract(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class Customer(Contract):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(
        None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="Where invoices go"
    )
    phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=500)


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
    "LineItem",
    "LineKind",
    "MinorUnits",
    "PaymentMethod",
    "PositiveMinorUnits",
    "Quantity",
    "TaxRate",
]
