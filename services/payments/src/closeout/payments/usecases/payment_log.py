"""Payment logs for a business's admin: one invoice's (payments, ledger entries, refunds), and
the business's across its invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.business_log import LogCategory, kinds_for
from closeout.payments.domain.refund_log import RefundState, refund_states
from closeout.payments.storage import partners as partner_store
from closeout.payments.storage import repository as repo
from closeout.payments.storage.business_log import LogFilter, LogRow, log_page
from closeout.payments.storage.records import LedgerEntry, PaymentRecord
from closeout.shared.auth import Principal
from closeout.shared.errors import NotFoundError


@dataclass(frozen=True)
class PaymentLog:
    payments: list[PaymentRecord]
    entries: list[LedgerEntry]
    refunds: list[RefundState]
    # Beside each payment (by payment id): the platform fee and the partners' payouts.
    fees: dict[str, int]
    partner_shares: dict[str, int]


async def payment_log(session: AsyncSession, principal: Principal, invoice_id: str) -> PaymentLog:
    """Whose invoice it is comes from the projection, else from its ledger (a payment can be
    recorded before invoicing's event reaches us); another business's invoice is not found."""
    invoice = await repo.get_invoice(session, invoice_id)
    entries = await repo.entries_of_invoice(session, invoice_id)
    owner = invoice.business_id if invoice is not None else None
    owner = owner or (entries[0].business_id if entries else None)
    if owner is None or not principal.can_act_for(owner):
        raise NotFoundError("invoice not found")
    payments = await repo.payments_of_invoice(session, invoice_id)
    fees = {
        e.payment_id: e.amount or 0
        for e in entries
        if e.kind == "application_fee" and e.payment_id is not None
    }
    shares: dict[str, int] = {}
    for payment in payments:
        payouts = await partner_store.payouts_of_payment(session, payment.payment_id)
        shares[payment.payment_id] = sum(p.amount for p in payouts if p.status != "cancelled")
    return PaymentLog(payments, entries, refund_states(entries), fees, shares)


@dataclass(frozen=True)
class BusinessLogPage:
    rows: list[LogRow]
    total: int


async def business_log(
    session: AsyncSession,
    business_id: str,
    *,
    category: LogCategory | None = None,
    method: str | None = None,
    invoice_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> BusinessLogPage:
    """The business's payment log across invoices, newest first: one category of facts
    (payments, failed, refunds, disputes, claims) or all of them. A window whose `until` is
    not after its `since` holds nothing."""
    found = LogFilter(
        business_id=business_id,
        kinds=kinds_for(category),
        method=method,
        invoice_id=invoice_id,
        since=since,
        until=until,
    )
    rows, total = await log_page(session, found, limit=limit, offset=offset)
    return BusinessLogPage(rows, total)
