"""Refunds Stripe could not complete (`charge.refund.updated`, `refund.updated`, `refund.failed`).

A failed refund moved no money. Recorded once per refund, whichever event reports it and in
whatever order: the refund is found through the metadata we set when requesting it (our payment
id), so a failure that arrives before the request is stored is kept, not lost. Stripe announces a
refund with `charge.refunded` before it settles; if that was applied already, it is undone here,
and a `charge.refunded` that comes after the failure does not apply it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.stripe_objects import RefundFacts
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import PaymentRecord
from closeout.payments.usecases.card_payments import (
    NotOurs,
    check_payment_account,
    ledger_entry,
    reload_payment,
)
from closeout.payments.usecases.charge_events import (
    confirmed_payment_for_intent,
    refund_failed_key,
    refund_key,
)
from closeout.payments.usecases.publishing import publish_payment
from closeout.shared.contracts.payments import RefundFailed


async def _refunded_payment(
    session: AsyncSession, facts: RefundFacts, account: str | None
) -> PaymentRecord:
    if facts.payment_id is not None:
        payment = await repo.get_payment(session, facts.payment_id)
        if payment is None:
            raise NotOurs(f"no payment {facts.payment_id}")
        if facts.owner.invoice_id and facts.owner.invoice_id != payment.invoice_id:
            raise NotOurs("metadata invoice_id does not match the payment's invoice")
        await check_payment_account(session, payment, account)
        return payment
    # A refund started elsewhere (e.g. Stripe's dashboard) has no metadata of ours.
    return await confirmed_payment_for_intent(
        session, facts.owner, facts.payment_intent_id, account, facts.currency
    )


async def apply_refund_update(
    session: AsyncSession, facts: RefundFacts, occurred_at: datetime, account: str | None
) -> str:
    """A refund's new state. Only a failure (or cancellation) is news: success is applied from
    `charge.refunded`, which carries the charge's running total."""
    if not facts.undone:
        return f"refund {facts.status}"
    if not facts.refund_id:
        raise NotOurs("refund without an id")
    payment = await _refunded_payment(session, facts, account)
    await repo.lock_invoice(session, payment.invoice_id)
    payment = await reload_payment(session, payment.payment_id)
    reason = facts.failure_reason or "unknown"
    entry = replace(
        ledger_entry(
            payment, "refund_failed", refund_failed_key(facts.refund_id), occurred_at, detail=reason
        ),
        amount=facts.amount,
        reference=facts.refund_id,
    )
    if not await repo.add_entry(session, entry):
        return "refund failure already recorded"
    applied = await repo.entry_amount(session, refund_key(facts.refund_id))
    if applied:
        await repo.update_payment(
            session,
            payment.payment_id,
            amount_refunded=max(payment.amount_refunded - applied, 0),
        )
    await publish_payment(
        session,
        "payment.refund_failed",
        payment,
        occurred_at=occurred_at,
        model=RefundFailed,
        amount=facts.amount,
        refund_id=facts.refund_id,
        failure_reason=reason,
        refund_was_applied=applied is not None,
    )
    return "refund failed" + (" (applied refund undone)" if applied else "")
