"""The job's billing mirror: which invoice snapshot wins, and the billing status it shows.

Invoice snapshots are ordered by `version`, so a late event never moves the mirror back.
"Viewed" is a fact about the invoice (not a snapshot status): it shows while the invoice is
open, whatever order the view and the other events arrive in.
"""

from __future__ import annotations

from typing import Literal

BillingStatus = Literal[
    "unbilled",
    "invoiced",
    "sent",
    "viewed",
    "partially_paid",
    "paid",
    "overdue",
    "void",
    "uncollectible",
    "refunded",
    "partially_refunded",
    "disputed",
]

PASSTHROUGH: frozenset[str] = frozenset(
    {
        "overdue",
        "partially_paid",
        "paid",
        "void",
        "uncollectible",
        "refunded",
        "partially_refunded",
        "disputed",
    }
)


def billing_status(invoice_status: str | None, *, viewed: bool) -> BillingStatus:
    if invoice_status is None:
        return "unbilled"
    if invoice_status == "draft":
        return "invoiced"
    if invoice_status == "open":
        return "viewed" if viewed else "sent"
    if invoice_status in PASSTHROUGH:
        return invoice_status  # type: ignore[return-value]
    raise ValueError(f"unknown invoice status {invoice_status!r}")


def snapshot_wins(
    *,
    stored_invoice_id: str | None,
    stored_status: str | None,
    stored_version: int | None,
    invoice_id: str,
    status: str,
    version: int,
) -> bool:
    """Whether an incoming invoice snapshot replaces what the job mirrors."""
    if stored_invoice_id is None or stored_version is None:
        return True
    if stored_invoice_id == invoice_id:
        return version > stored_version
    # Another invoice for the same job: it replaces a voided one, never a live one.
    return stored_status == "void" and status != "void"
