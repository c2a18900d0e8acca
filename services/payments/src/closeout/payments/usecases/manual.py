"""Admin-confirmed cash and bank-transfer payments, and rejected customer claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import (
    InvoiceRecord,
    LedgerEntry,
    NewLedgerEntry,
    NewPayment,
    PaymentRecord,
)
from closeout.payments.usecases.partner_payouts import schedule_payouts
from closeout.payments.usecases.publishing import publish_claim_rejected, publish_payment
from closeout.shared.auth import Principal
from closeout.shared.contracts.invoices import PAYABLE_STATUSES
from closeout.shared.contracts.payments import ClaimRejected
from closeout.shared.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow

# Deliberately wider than invoicing's payable statuses: money an admin received while another
# payment on the invoice is disputed is still a fact to record.
OPEN_STATUSES = PAYABLE_STATUSES | {"disputed"}


@dataclass(frozen=True)
class ManualPayment:
    invoice_id: str
    amount: int
    currency: str
    method: str
    reference: str | None
    claim_id: str | None
    idempotency_key: str | None
    occurred_at: datetime | None


async def _open_invoice(
    session: AsyncSession, principal: Principal, invoice_id: str
) -> InvoiceRecord:
    invoice = await repo.get_invoice(session, invoice_id)
    if invoice is None or not principal.can_act_for(invoice.business_id):
        raise NotFoundError("invoice not found")
    return invoice


async def _claim_resolutions(
    session: AsyncSession, principal: Principal, claim_id: str
) -> tuple[LedgerEntry | None, PaymentRecord | None]:
    """The claim's rejection and its confirmed payment, if any. A claim resolved for another
    business is none of the caller's business: 404, as if it did not exist (never a 409)."""
    rejection = await repo.entry_by_key(session, f"claim_rejected:{claim_id}")
    payment = await repo.payment_for_claim(session, claim_id)
    for resolution in (rejection, payment):
        if resolution is not None and not principal.can_act_for(resolution.business_id):
            raise NotFoundError("claim not found")
    return rejection, payment


async def confirm_manual(
    session: AsyncSession, principal: Principal, req: ManualPayment
) -> tuple[PaymentRecord, bool]:
    """The payment and whether it is new (a repeated request returns the first one)."""
    invoice = await _open_invoice(session, principal, req.invoice_id)  # 404 before all else
    if not (req.idempotency_key or req.claim_id):
        raise BadRequestError("an Idempotency-Key header or a claim_id is required")
    provider_key = f"claim:{req.claim_id}" if req.claim_id else f"key:{req.idempotency_key}"
    await repo.lock_invoice(session, req.invoice_id)
    existing = await repo.find_payment(session, req.invoice_id, provider_key)
    if existing is not None:
        same = (existing.amount, existing.currency, existing.method) == (
            req.amount,
            req.currency,
            req.method,
        )
        if not same:
            raise ConflictError("this payment was already confirmed with other values")
        return existing, False
    if req.claim_id:
        rejection, payment = await _claim_resolutions(session, principal, req.claim_id)
        if rejection is not None:
            raise ConflictError("this claim was rejected")
        if payment is not None:
            raise ConflictError("this claim was already resolved on another invoice")
    if invoice.currency != req.currency:
        raise InvalidInputError(f"the invoice is in {invoice.currency}")
    if invoice.status not in OPEN_STATUSES:
        raise ConflictError(f"the invoice is {invoice.status}")
    # Invoicing's balance may not show a payment recorded here yet: our own confirmed
    # minus refunded sum counts too (read under the lock, so two confirmations serialise).
    net_paid = await repo.net_paid(session, req.invoice_id)
    open_balance = min(invoice.amount_due, invoice.total - net_paid)
    if req.amount > open_balance:
        raise InvalidInputError(f"amount exceeds the open balance ({max(open_balance, 0)})")
    occurred_at = req.occurred_at or utcnow()
    confirmed_by = f"{principal.role}:{principal.key_id}"
    payment = await repo.insert_payment(
        session,
        NewPayment(
            payment_id=new_id(),
            invoice_id=req.invoice_id,
            business_id=invoice.business_id,
            provider="manual",
            provider_key=provider_key,
            method=req.method,
            amount=req.amount,
            currency=req.currency,
            reference=req.reference,
            claim_id=req.claim_id,
            confirmed_by=confirmed_by,
            status="confirmed",
            confirmed_at=occurred_at,
        ),
    )
    await repo.add_entry(
        session,
        NewLedgerEntry(
            invoice_id=req.invoice_id,
            business_id=invoice.business_id,
            payment_id=payment.payment_id,
            kind="confirmed",
            amount=req.amount,
            currency=req.currency,
            method=req.method,
            reference=req.reference,
            actor=confirmed_by,
            dedupe_key=f"confirmed:{payment.payment_id}",
            occurred_at=occurred_at,
        ),
    )
    await publish_payment(session, "payment.confirmed", payment, occurred_at=occurred_at)
    await schedule_payouts(session, payment)
    return payment, True


async def reject_claim(
    session: AsyncSession, principal: Principal, invoice_id: str, claim_id: str, reason: str
) -> bool:
    """True when recorded now; False when this claim was already rejected."""
    invoice = await _open_invoice(session, principal, invoice_id)
    await repo.lock_invoice(session, invoice_id)
    _, payment = await _claim_resolutions(session, principal, claim_id)
    if payment is not None:
        raise ConflictError("this claim was already confirmed as a payment")
    now = utcnow()
    actor = f"{principal.role}:{principal.key_id}"
    recorded = await repo.add_entry(
        session,
        NewLedgerEntry(
            invoice_id=invoice_id,
            business_id=invoice.business_id,
            kind="claim_rejected",
            reference=claim_id,
            detail=reason,
            actor=actor,
            dedupe_key=f"claim_rejected:{claim_id}",
            occurred_at=now,
        ),
    )
    if recorded:
        data = ClaimRejected(
            claim_id=claim_id,
            invoice_id=invoice_id,
            reason=reason,
            rejected_by=actor,
            occurred_at=now,
        )
        await publish_claim_rejected(session, invoice.business_id, data)
    return recorded
