"""After a card payment: refunds and disputes from Stripe's charge events, each fact once.

Like `card_payments`, every function runs in the caller's transaction, locks the invoice first
and relies on unique ledger keys, so a repeated report changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.stripe_objects import ChargeFacts, DisputeFacts, Ownership
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import PaymentRecord
from closeout.payments.usecases.card_payments import (
    NotOurs,
    NotYetKnown,
    Rejected,
    check_payment_account,
    ledger_entry,
    reload_payment,
)
from closeout.payments.usecases.partner_payouts import hold_for_dispute, reverse_shares
from closeout.payments.usecases.publishing import publish_payment


async def confirmed_payment_for_intent(
    session: AsyncSession,
    owner: Ownership,
    intent_id: str | None,
    account: str | None,
    currency: str | None,
) -> PaymentRecord:
    """The confirmed card payment a charge, refund or dispute is about, from the account it
    was made on and in its currency; not confirmed yet: waits for that confirmation."""
    if intent_id is None:
        raise NotOurs("no payment intent on the object")
    candidates = await repo.payments_by_intent(session, intent_id, owner.invoice_id)
    confirmed = [p for p in candidates if p.status == "confirmed"]
    if not confirmed:
        raise NotYetKnown(
            f"no confirmed payment for payment intent {intent_id} yet", waiting_for=intent_id
        )
    payment = confirmed[-1]
    await check_payment_account(session, payment, account)
    if currency != payment.currency:
        raise Rejected(f"amounts in {currency}, the payment is in {payment.currency}")
    return payment


def refund_key(refund_id: str) -> str:
    """The ledger key of a Stripe refund applied from `charge.refunded`."""
    return f"refund:{refund_id}"


def refund_failed_key(refund_id: str) -> str:
    return f"refund_failed:{refund_id}"


async def apply_refunds(
    session: AsyncSession, facts: ChargeFacts, occurred_at: datetime, account: str | None
) -> str:
    """`charge.refunded`: one `payment.refunded` per refund, never more than Stripe's total."""
    payment = await confirmed_payment_for_intent(
        session, facts.owner, facts.payment_intent_id, account, facts.currency
    )
    await repo.lock_invoice(session, payment.invoice_id)
    payment = await reload_payment(session, payment.payment_id)
    room = facts.amount_refunded - payment.amount_refunded
    new: list[tuple[str, int]] = []
    for refund in facts.refunds:
        if room <= 0:
            break
        if await repo.has_entry(session, refund_key(refund.refund_id)):
            continue
        if await repo.has_entry(session, refund_failed_key(refund.refund_id)):
            continue  # Stripe reported it failed (in another event): no money moved
        amount = min(refund.amount, room)
        new.append((refund.refund_id, amount))
        room -= amount
    if not facts.refunds and room > 0:
        # Without the refund list, the cumulative amount identifies the refund.
        new.append((f"{facts.charge_id}:{facts.amount_refunded}", room))
    total = 0
    for refund_id, amount in new:
        entry = replace(
            ledger_entry(payment, "refunded", refund_key(refund_id), occurred_at, detail=refund_id),
            amount=amount,
        )
        if await repo.add_entry(session, entry):
            refunded = payment.amount_refunded + total
            await reverse_shares(
                session, payment, refund_key(refund_id), refunded, refunded + amount
            )
            total += amount
            await publish_payment(
                session,
                "payment.refunded",
                payment,
                occurred_at=occurred_at,
                amount=amount,
                refund_id=refund_id,
            )
    if total:
        await repo.update_payment(
            session, payment.payment_id, amount_refunded=payment.amount_refunded + total
        )
    return f"refunded {total}" if total else "no new refund"


async def apply_dispute(
    session: AsyncSession,
    facts: DisputeFacts,
    occurred_at: datetime,
    account: str | None,
    *,
    closed: bool,
) -> str:
    payment = await confirmed_payment_for_intent(
        session, Ownership(None, None, None), facts.payment_intent_id, account, facts.currency
    )
    await repo.lock_invoice(session, payment.invoice_id)
    opened_key = f"dispute:{facts.dispute_id}:opened"
    closed_key = f"dispute:{facts.dispute_id}:closed"
    if not closed and await repo.has_entry(session, closed_key):
        return "dispute already closed"
    kind, key, event_type = (
        ("dispute_closed", closed_key, "payment.dispute_closed")
        if closed
        else ("disputed", opened_key, "payment.disputed")
    )
    detail = f"{facts.dispute_id} {facts.status} {facts.reason or ''}".strip()
    entry = replace(
        ledger_entry(payment, kind, key, occurred_at, detail=detail), amount=facts.amount
    )
    if not await repo.add_entry(session, entry):
        return f"{kind} already recorded"
    await publish_payment(
        session,
        event_type,
        payment,
        occurred_at=occurred_at,
        amount=facts.amount,
        dispute_id=facts.dispute_id,
        dispute_status=facts.status,
    )
    await hold_for_dispute(session, payment, facts.dispute_id, closed=closed, status=facts.status)
    return kind
