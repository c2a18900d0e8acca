"""An invoice's payment log for its business's admin: payments, ledger entries, refunds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.refund_log import RefundState, refund_states
from closeout.payments.storage import partners as partner_store
from closeout.payments.storage import repository as repo
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
