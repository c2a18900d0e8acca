"""Map one Stripe event to its effect. Used by the webhook worker and the reconciler."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.stripe_objects import (
    charge_facts,
    dispute_facts,
    from_unix,
    intent_failure,
    refund_facts,
    session_facts,
    stripe_object_of,
)
from closeout.payments.usecases import card_payments as cards
from closeout.payments.usecases import charge_events
from closeout.payments.usecases.card_payments import NotOurs
from closeout.payments.usecases.connect import apply_account_updated
from closeout.payments.usecases.refund_failures import apply_refund_update
from closeout.shared.ids import utcnow

SESSION_EVENTS = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
)
# One refund's state change: charge.refund.updated, and since API version 2024-10-28 also
# refund.updated / refund.failed for every refund. Recorded once, whichever arrives.
REFUND_EVENTS = ("charge.refund.updated", "refund.updated", "refund.failed")


async def apply_checkout_session(
    session: AsyncSession,
    event_type: str,
    obj: dict[str, Any],
    occurred_at: datetime,
    owner: cards.Owner | None = None,
    account: str | None = None,
) -> str:
    """A checkout session's state, reported by a webhook (from `account`) or retrieved by the
    reconciler (which knows the owner: the attempt it asked about)."""
    facts = session_facts(obj)
    owner = owner or await cards.resolve_owner(session, facts.owner, account)
    if event_type == "checkout.session.completed":
        if facts.payment_status in ("paid", "no_payment_required"):
            return await cards.confirm_session(session, facts, owner, occurred_at)
        # An asynchronous method (bank debit) is under way: not money yet.
        return await cards.mark_processing(session, facts, owner, occurred_at)
    if event_type == "checkout.session.async_payment_succeeded":
        return await cards.confirm_session(session, facts, owner, occurred_at)
    if event_type == "checkout.session.async_payment_failed":
        return await cards.fail_payment(
            session,
            owner,
            session_id=facts.session_id,
            intent_id=facts.payment_intent_id,
            reason="asynchronous payment failed",
            method=facts.method,
            occurred_at=occurred_at,
            closes_attempt=True,
        )
    if event_type == "checkout.session.expired":
        return await cards.expire_attempt(session, owner, occurred_at)
    raise ValueError(f"not a checkout session event: {event_type}")


async def apply_stripe_event(session: AsyncSession, event: dict[str, Any]) -> str | None:
    """Apply the event; returns what happened, or None for event types we do not handle."""
    event_type = str(event.get("type"))
    obj = stripe_object_of(event)
    if obj is None:
        raise NotOurs("event without data.object")
    occurred_at = from_unix(event.get("created")) or utcnow()
    # A Connect account's event names the account; the platform's own events do not.
    account = event.get("account") if isinstance(event.get("account"), str) else None
    if event_type == "account.updated":
        return await apply_account_updated(session, obj, account)
    if event_type in SESSION_EVENTS:
        return await apply_checkout_session(session, event_type, obj, occurred_at, None, account)
    if event_type == "payment_intent.payment_failed":
        return await cards.fail_intent(session, intent_failure(obj), occurred_at, account)
    if event_type == "charge.refunded":
        return await charge_events.apply_refunds(session, charge_facts(obj), occurred_at, account)
    if event_type in REFUND_EVENTS:
        return await apply_refund_update(session, refund_facts(obj), occurred_at, account)
    if event_type in ("charge.dispute.created", "charge.dispute.closed"):
        closed = event_type == "charge.dispute.closed"
        return await charge_events.apply_dispute(
            session, dispute_facts(obj), occurred_at, account, closed=closed
        )
    return None
