"""What a customer link shows: the invoice, a short paid confirmation, or nothing.

DESIGN: a link is disabled once the invoice is paid or voided. Paid: the customer still sees
that it was paid (and when) for a limited time, not the invoice; void: the link is gone, the
same as one that never existed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from closeout.shared.contracts.invoices import InvoiceStatus

LinkPage = Literal["invoice", "paid", "gone"]


def link_page(
    status: InvoiceStatus, paid_at: datetime | None, now: datetime, paid_days: int
) -> LinkPage:
    if status == "void":
        return "gone"
    if status == "paid":
        if paid_at is not None and now - paid_at > timedelta(days=paid_days):
            return "gone"
        return "paid"
    return "invoice"
