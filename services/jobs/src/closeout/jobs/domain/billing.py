"""The job's billing mirror: which invoice snapshot wins, and the billing status it shows.

Invoice snapshots are ordered by `version`, so a late event never moves the mirror back.
"Viewed" is a fact about the invoice (not a snapshot status): it shows while the invoice is
open, whatever order the view and the other events arrive in.
"""

from __future__ import annotations

from typing import TypeGuard, get_args

from closeout.shared.contracts.jobs import BillingStatus, MirroredInvoiceStatus

# The invoice statuses shown as they are; the others ("draft", "open") are translated below.
PASSTHROUGH: frozenset[MirroredInvoiceStatus] = frozenset(get_args(MirroredInvoiceStatus))


def shown_as_is(invoice_status: str) -> TypeGuard[MirroredInvoiceStatus]:
    return invoice_status in PASSTHROUGH


def billing_status(invoice_status: str | None, *, viewed: bool) -> BillingStatus:
    if invoice_status is None:
        return "unbilled"
    if invoice_status == "draft":
        return "invoiced"
    if invoice_status == "open":
        return "viewed" if viewed else "sent"
    if shown_as_is(invoice_status):
        return invoice_status
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
