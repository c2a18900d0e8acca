"""Line and invoice totals in integer minor units.

Rules (per line, then invoice totals are sums of line values):
- amount = round_half_up(quantity * unit_amount)
- exclusive tax: net = amount, tax = round_half_up(net * rate / 100), total = net + tax
- inclusive tax: total = amount (the gross), tax = gross - round_half_up(gross * 100 / (100 + rate))
Half-up rounds ties away from zero, so a negative (discount) line mirrors a positive one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

TaxMode = Literal["exclusive", "inclusive"]
HUNDRED = Decimal(100)


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LineAmounts:
    net: int
    tax: int
    total: int


def line_amounts(
    quantity: Decimal, unit_amount: int, tax_rate: Decimal, mode: TaxMode
) -> LineAmounts:
    amount = round_half_up(quantity * unit_amount)
    if mode == "exclusive":
        tax = round_half_up(amount * tax_rate / HUNDRED)
        return LineAmounts(net=amount, tax=tax, total=amount + tax)
    net = round_half_up(amount * HUNDRED / (HUNDRED + tax_rate))
    return LineAmounts(net=net, tax=amount - net, total=amount)


@dataclass(frozen=True)
class Totals:
    subtotal: int
    tax_total: int
    total: int


def invoice_totals(lines: list[LineAmounts]) -> Totals:
    return Totals(
        subtotal=sum(line.net for line in lines),
        tax_total=sum(line.tax for line in lines),
        total=sum(line.total for line in lines),
    )
