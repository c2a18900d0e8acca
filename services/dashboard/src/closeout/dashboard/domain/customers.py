"""Customers, as the invoices name them: what each owes and has been billed, per currency."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from closeout.dashboard.domain.invoices import InvoiceSummary
from closeout.shared.money import Money


@dataclass
class CustomerFigures:
    key: str
    name: str
    email: str | None
    currency: str
    invoices: int = 0
    billed: int = 0
    owed: int = 0
    overdue: int = 0
    last_invoice_at: datetime | None = None
    numbers: list[str] = field(default_factory=list)

    def money(self, amount: int) -> str:
        return Money(amount, self.currency).format()


def customers_of(invoices: Iterable[InvoiceSummary]) -> list[CustomerFigures]:
    """One row per customer (by email, else name) and currency; who owes most first."""
    found: dict[tuple[str, str], CustomerFigures] = {}
    for invoice in invoices:
        if invoice.status in ("draft", "void"):
            continue
        key = (invoice.customer_email or invoice.customer_name).lower()
        row = found.setdefault(
            (key, invoice.currency),
            CustomerFigures(
                key=key,
                name=invoice.customer_name,
                email=invoice.customer_email,
                currency=invoice.currency,
            ),
        )
        row.invoices += 1
        row.billed += invoice.total
        if invoice.payable:
            row.owed += invoice.amount_due
            if invoice.overdue:
                row.overdue += invoice.amount_due
        if row.last_invoice_at is None or invoice.created_at > row.last_invoice_at:
            row.last_invoice_at = invoice.created_at
    return sorted(found.values(), key=lambda r: (-r.owed, r.name.lower()))
