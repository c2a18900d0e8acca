"""Open Checkout sessions of an invoice that was paid, voided or whose balance changed are
expired at Stripe, so nobody pays a stale amount.

The request is recorded with the invoice projection (`request_expiry`, in the consumer's
transaction); this worker calls Stripe with no transaction open, then records the expiry.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway, StripeRefused
from closeout.payments.domain.invoices import CLOSED_INVOICE_STATUSES
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import AttemptRecord, InvoiceRecord
from closeout.payments.usecases.card_payments import expire_attempt, owner_of_attempt
from closeout.payments.usecases.reconcile import as_event_type
from closeout.payments.usecases.stripe_events import apply_checkout_session
from closeout.shared.ids import utcnow

log = logging.getLogger(__name__)

BATCH = 50
RETRY_AFTER = timedelta(minutes=1)


async def request_expiry(session: AsyncSession, invoice: InvoiceRecord) -> int:
    """Mark the invoice's open sessions that no longer fit it (in the caller's transaction)."""
    if invoice.status in CLOSED_INVOICE_STATUSES:
        return await repo.request_expiry(
            session, invoice.invoice_id, keep_amount=None, reason=f"invoice {invoice.status}"
        )
    return await repo.request_expiry(
        session,
        invoice.invoice_id,
        keep_amount=invoice.amount_due,
        reason=f"balance changed to {invoice.amount_due}",
    )


async def _settle_at_stripe(
    sessionmaker: async_sessionmaker[AsyncSession], gateway: StripeGateway, attempt: AttemptRecord
) -> str:
    """Stripe would not expire it: the session is no longer open there (paid or expired).
    Apply what it is, as the reconciler would."""
    obj = await gateway.retrieve_checkout_session(
        attempt.session_id, stripe_account=attempt.stripe_account_id
    )
    event_type = as_event_type(obj.get("status"))
    if event_type is None:
        raise RuntimeError(f"session {attempt.checkout_session_id} is still open")
    async with sessionmaker() as session, session.begin():
        return await apply_checkout_session(
            session, event_type, obj, utcnow(), owner_of_attempt(attempt)
        )


async def expire_once(
    sessionmaker: async_sessionmaker[AsyncSession], gateway: StripeGateway
) -> int:
    """Expire a batch of due sessions; returns how many were due. Takes the sessionmaker: each
    Stripe call is made with no transaction open, and its outcome recorded in one of its own."""
    async with sessionmaker() as session:
        due = await repo.attempts_to_expire(session, limit=BATCH)
    for attempt in due:
        try:
            try:
                await gateway.expire_checkout_session(
                    attempt.session_id, stripe_account=attempt.stripe_account_id
                )
            except StripeRefused:
                await _settle_at_stripe(sessionmaker, gateway, attempt)
                continue
            async with sessionmaker() as session, session.begin():
                await expire_attempt(
                    session, owner_of_attempt(attempt), utcnow(), detail=attempt.expire_reason
                )
        except Exception:
            log.exception("expiring checkout session of attempt %s failed", attempt.attempt_id)
            async with sessionmaker() as session, session.begin():
                await repo.postpone_expiry(session, attempt.attempt_id, RETRY_AFTER)
    return len(due)
