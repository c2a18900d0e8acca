"""Price job line items into invoice lines (stored as JSON on the invoice)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict, cast

from closeout.invoicing.domain.totals import TaxMode, Totals, invoice_totals, line_amounts
from closeout.shared.contracts.common import LineItem


class PricedLine(TypedDict):
    """An invoice line as the invoice stores it (JSON): decimals as strings, amounts in minor
    units."""

    description: str
    kind: str
    quantity: str
    unit_amount: int
    tax_rate: str
    net_amount: int
    tax_amount: int
    total_amount: int


def price_lines(items: Sequence[LineItem], mode: str) -> tuple[list[PricedLine], Totals]:
    tax_mode = cast(TaxMode, mode)
    lines: list[PricedLine] = []
    amounts = []
    for item in items:
        amount = line_amounts(item.quantity, item.unit_amount, item.tax_rate, tax_mode)
        amounts.append(amount)
        lines.append(
            {
                "description": item.description,
                "kind": item.kind,
                "quantity": str(item.quantity),
                "unit_amount": item.unit_amount,
                "tax_rate": str(item.tax_rate),
                "net_amount": amount.net,
                "tax_amount": amount.tax,
                "total_amount": amount.total,
            }
        )
    return lines, invoice_totals(amounts)
