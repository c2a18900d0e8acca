"""Refunds Stripe could not complete (`payment.refund_failed`): the money stayed with the
business.

Stripe announces a refund (`charge.refunded`) before it settles, so the refund is often
applied already; then a reversal entry compensates it in the ledger and the status is derived
again. Recorded once per refund, in either order: a `payment.refunded` that arrives after the
failure is never applied.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice, LedgerEntry
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.ledger import recompute
from closeout.shared.contracts.payments import PaymentEvent, RefundFailed
from closeout.shared.ids import new_id


def applied_refund_key(refund_id: str) -> str:
    """The ledger key `payment.refunded` records a refund under."""
    return f"refund:{refund_id}"


async def record_failure(
    session: AsyncSession, invoice: Invoice, fact: RefundFailed, *, actor: str
) -> None:
    """The caller holds the invoice's row lock, which orders this against `payment.refunded`."""
    if not fact.refund_id:
        raise ValueError("payment.refund_failed without a refund_id")
    reason = fact.failure_reason or "unknown"
    # Our ledger, not `refund_was_applied`, says whether this invoice counted the refund.
    applied = await repo.ledger_entry(
        session, invoice.invoice_id, applied_refund_key(fact.refund_id)
    )
    recorded = await repo.insert_refund_failure_once(
        session,
        refund_id=fact.refund_id,
        invoice_id=invoice.invoice_id,
        payment_id=fact.payment_id,
        amount=fact.amount,
        reason=reason[:300],
        reversed_amount=applied.amount if applied else None,
        occurred_at=fact.occurred_at,
    )
    if not recorded:
        return
    data: dict[str, object] = {
        "payment_id": fact.payment_id,
        "refund_id": fact.refund_id,
        "reason": reason,
    }
    if applied is None:
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "refund_failed",
            f"refund of {fact.amount} on payment {fact.payment_id} failed: {reason}"
            " (it had not been applied)",
            actor=actor,
            data=data,
        )
        return
    await _reverse(session, invoice, applied, fact, reason, data, actor=actor)


async def _reverse(
    session: AsyncSession,
    invoice: Invoice,
    applied: LedgerEntry,
    fact: RefundFailed,
    reason: str,
    data: dict[str, object],
    *,
    actor: str,
) -> None:
    amount = applied.amount
    await repo.insert_ledger_entry_once(
        session,
        entry_id=new_id(),
        invoice_id=invoice.invoice_id,
        fact_key=f"refund_reversal:{fact.refund_id}",
        kind="reversal",
        payment_id=applied.payment_id,
        refund_id=fact.refund_id,
        amount=amount,
        currency=applied.currency,
        method=applied.method,
        provider=applied.provider,
        reference=applied.reference,
        occurred_at=fact.occurred_at,
    )
    detail = (
        f"refund of {amount} on payment {fact.payment_id} failed: {reason};"
        " reversed, the money stayed with the business"
    )
    await repo.add_timeline(
        session,
        invoice.invoice_id,
        "refund_failed",
        detail,
        actor=actor,
        data=data | {"reversed": amount},
    )
    before = invoice.status
    invoice = await recompute(session, invoice, actor=actor)
    business = await businesses.load(session, invoice.business_id)
    event_type = "invoice.status_changed" if invoice.status != before else "invoice.updated"
    await publish(session, event_type, invoice, business, reason=detail)


async def refund_failed_earlier(
    session: AsyncSession, invoice: Invoice, fact: PaymentEvent, *, actor: str
) -> bool:
    """Whether `payment.refunded` reports a refund already known to have failed (then it is not
    applied; the first such report is noted on the timeline)."""
    if not fact.refund_id:
        return False
    failure = await repo.refund_failure(session, invoice.invoice_id, fact.refund_id)
    if failure is None:
        return False
    if await repo.note_late_refund(session, fact.refund_id, fact.occurred_at):
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "refund_not_applied",
            f"refund of {fact.amount} on payment {fact.payment_id} reported after it failed"
            f" ({failure.reason}): not applied",
            actor=actor,
            data={"payment_id": fact.payment_id, "refund_id": fact.refund_id},
        )
    return True
