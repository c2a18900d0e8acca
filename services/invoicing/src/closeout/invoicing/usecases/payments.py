"""Payment facts from the payments gateway, and customers' "I have paid" claims.

Each fact is applied once by its identity (payment id, refund id, dispute id), whichever event
reports it and in whatever order; status is derived from the resulting ledger.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.status import ensure_allowed
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases import documents, refund_failures
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import load_for_update
from closeout.invoicing.usecases.ledger import recompute
from closeout.shared.contracts.invoices import AppliedPayment, PaymentClaim
from closeout.shared.contracts.payments import ClaimRejected, PaymentEvent, RefundFailed
from closeout.shared.errors import InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow

MAX_PENDING_CLAIMS = 5


class ForeignFactError(NotFoundError):
    """The fact does not belong to this invoice (other business or unknown invoice)."""


async def _invoice_for(session: AsyncSession, invoice_id: str, business_id: str) -> Invoice:
    invoice = await repo.get_invoice(session, invoice_id, for_update=True)
    if invoice is None or invoice.business_id != business_id:
        raise ForeignFactError(f"invoice {invoice_id} is unknown for business {business_id}")
    return invoice


def _applied(fact: PaymentEvent, receipt_number: str | None = None) -> AppliedPayment:
    return AppliedPayment(
        receipt_number=receipt_number,
        payment_id=fact.payment_id,
        amount=fact.amount,
        currency=fact.currency,
        method=fact.method,
        reference=fact.reference,
        occurred_at=fact.occurred_at,
    )


async def apply_payment_fact(
    session: AsyncSession, event_type: str, fact: PaymentEvent, *, business_id: str, actor: str
) -> None:
    invoice = await _invoice_for(session, fact.invoice_id, business_id)
    if event_type in ("payment.failed", "payment.processing"):
        await _note_attempt(session, invoice, event_type, fact, actor=actor)
        return
    if fact.currency != invoice.currency:
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "flagged",
            f"{event_type} in {fact.currency} on a {invoice.currency} invoice: not applied",
            actor=actor,
            data=fact.model_dump(mode="json"),
        )
        await repo.update_invoice(
            session, invoice.invoice_id, needs_review=True, review_reason="currency mismatch"
        )
        return
    if event_type == "payment.confirmed":
        await _confirmed(session, invoice, fact, actor=actor)
    elif event_type == "payment.refunded":
        await _refunded(session, invoice, fact, actor=actor)
    elif event_type in ("payment.disputed", "payment.dispute_closed"):
        await _dispute(session, invoice, event_type, fact, actor=actor)


async def _note_attempt(
    session: AsyncSession, invoice: Invoice, event_type: str, fact: PaymentEvent, *, actor: str
) -> None:
    if event_type == "payment.failed":
        detail = (
            f"{fact.method} payment of {fact.amount} failed: {fact.failure_reason or 'unknown'}"
        )
        kind = "payment_failed"
    else:
        detail = f"{fact.method} payment of {fact.amount} is processing"
        kind = "payment_processing"
    await repo.add_timeline(
        session, invoice.invoice_id, kind, detail, actor=actor, data=fact.model_dump(mode="json")
    )


async def _confirmed(
    session: AsyncSession, invoice: Invoice, fact: PaymentEvent, *, actor: str
) -> None:
    if fact.amount <= 0:
        raise ValueError("a confirmed payment must be positive")
    entry_id = new_id()
    recorded = await repo.insert_ledger_entry_once(
        session,
        entry_id=entry_id,
        invoice_id=invoice.invoice_id,
        fact_key=f"payment:{fact.payment_id}",
        kind="payment",
        payment_id=fact.payment_id,
        amount=fact.amount,
        currency=fact.currency,
        method=fact.method,
        provider=fact.provider,
        reference=fact.reference,
        claim_id=fact.claim_id,
        occurred_at=fact.occurred_at,
    )
    if not recorded:
        return  # this payment was already applied (reported by another event)
    if fact.claim_id:
        await repo.resolve_claim(
            session, fact.claim_id, invoice.invoice_id, "confirmed", f"payment {fact.payment_id}"
        )
    await repo.add_timeline(
        session,
        invoice.invoice_id,
        "payment_recorded",
        f"{fact.method} payment of {fact.amount} confirmed ({fact.provider})",
        actor=actor,
        data={"payment_id": fact.payment_id, "confirmed_by": fact.confirmed_by},
    )
    before = invoice.status
    invoice = await recompute(session, invoice, actor=actor)
    receipt = await documents.issue_receipt(session, invoice, entry_id, fact)
    if invoice.status in ("void", "draft"):
        await repo.update_invoice(
            session,
            invoice.invoice_id,
            needs_review=True,
            review_reason=f"payment received on a {invoice.status} invoice",
        )
    business = await businesses.load(session, invoice.business_id)
    applied = _applied(fact, receipt.receipt_number)
    invoice = await publish(session, "invoice.payment_recorded", invoice, business, payment=applied)
    if invoice.status == "paid" and before != "paid":
        await publish(session, "invoice.paid", invoice, business, payment=applied)


async def _refunded(
    session: AsyncSession, invoice: Invoice, fact: PaymentEvent, *, actor: str
) -> None:
    if await refund_failures.refund_failed_earlier(session, invoice, fact, actor=actor):
        return
    refund_key = fact.refund_id or f"{fact.payment_id}:{fact.occurred_at.isoformat()}"
    recorded = await repo.insert_ledger_entry_once(
        session,
        entry_id=new_id(),
        invoice_id=invoice.invoice_id,
        fact_key=refund_failures.applied_refund_key(refund_key),
        kind="refund",
        payment_id=fact.payment_id,
        refund_id=fact.refund_id,
        amount=fact.amount,
        currency=fact.currency,
        method=fact.method,
        provider=fact.provider,
        reference=fact.reference,
        occurred_at=fact.occurred_at,
    )
    if not recorded:
        return
    await repo.add_timeline(
        session,
        invoice.invoice_id,
        "refund_recorded",
        f"refund of {fact.amount} on payment {fact.payment_id}",
        actor=actor,
        data={"payment_id": fact.payment_id, "refund_id": fact.refund_id},
    )
    invoice = await recompute(session, invoice, actor=actor)
    business = await businesses.load(session, invoice.business_id)
    await publish(session, "invoice.refunded", invoice, business, payment=_applied(fact))


async def _dispute(
    session: AsyncSession, invoice: Invoice, event_type: str, fact: PaymentEvent, *, actor: str
) -> None:
    opened = event_type == "payment.disputed"
    closed_status = None if opened else (fact.dispute_status or "closed")
    changed = await repo.record_dispute(
        session,
        dispute_key=fact.dispute_id or fact.payment_id,
        invoice_id=invoice.invoice_id,
        payment_id=fact.payment_id,
        amount=fact.amount,
        opened=opened,
        closed_status=closed_status,
    )
    if not changed:
        return
    if closed_status == "lost":  # the card network took the money back: it counts as refunded
        await repo.insert_ledger_entry_once(
            session,
            entry_id=new_id(),
            invoice_id=invoice.invoice_id,
            fact_key=f"dispute_lost:{fact.dispute_id or fact.payment_id}",
            kind="refund",
            payment_id=fact.payment_id,
            amount=fact.amount,
            currency=fact.currency,
            method=fact.method,
            provider=fact.provider,
            occurred_at=fact.occurred_at,
        )
    detail = (
        f"payment {fact.payment_id} disputed ({fact.amount})"
        if opened
        else f"dispute on payment {fact.payment_id} closed: {closed_status}"
    )
    await repo.add_timeline(
        session, invoice.invoice_id, "dispute" if opened else "dispute_closed", detail, actor=actor
    )
    invoice = await recompute(session, invoice, actor=actor)
    business = await businesses.load(session, invoice.business_id)
    await publish(
        session,
        "invoice.disputed" if opened else "invoice.status_changed",
        invoice,
        business,
        payment=_applied(fact),
        reason=detail,
    )


async def apply_refund_failure(
    session: AsyncSession, fact: RefundFailed, *, business_id: str, actor: str
) -> None:
    invoice = await _invoice_for(session, fact.invoice_id, business_id)
    await refund_failures.record_failure(session, invoice, fact, actor=actor)


async def reject_claim(
    session: AsyncSession, fact: ClaimRejected, *, business_id: str, actor: str
) -> None:
    invoice = await _invoice_for(session, fact.invoice_id, business_id)
    if await repo.resolve_claim(
        session, fact.claim_id, invoice.invoice_id, "rejected", fact.reason
    ):
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "claim_rejected",
            f"payment claim rejected by {fact.rejected_by}: {fact.reason}",
            actor=actor,
            data={"claim_id": fact.claim_id},
        )


async def submit_claim(
    session: AsyncSession,
    invoice_id: str,
    *,
    method: str,
    amount: int | None,
    reference: str | None,
    note: str | None,
) -> PaymentClaim:
    """Record the customer's word as a pending claim: it never changes the balance."""
    invoice = await load_for_update(session, invoice_id)
    ensure_allowed("claim", invoice.status)
    if method not in ("cash", "bank_transfer"):
        raise InvalidInputError("method must be cash or bank_transfer")
    if amount is not None and not 0 < amount <= 10**12:
        raise InvalidInputError("amount must be a positive number")
    pending = [c for c in await repo.claims_of(session, invoice_id) if c.status == "pending"]
    if len(pending) >= MAX_PENDING_CLAIMS:
        raise InvalidInputError(
            "too many pending claims on this invoice; the business will be in touch"
        )
    claim = PaymentClaim(
        claim_id=new_id(),
        method=method,
        amount=amount,
        reference=reference,
        note=note,
        claimed_at=utcnow(),
    )
    await repo.insert_claim(session, invoice_id, claim)
    await repo.add_timeline(
        session,
        invoice_id,
        "payment_claimed",
        f"customer says they paid by {method.replace('_', ' ')}"
        + (f" ({amount})" if amount is not None else "")
        + ": pending confirmation",
        actor="customer",
        data={"claim_id": claim.claim_id},
    )
    business = await businesses.load(session, invoice.business_id)
    await publish(session, "invoice.payment_claimed", invoice, business, claim=claim)
    return claim
