"""A Stripe event the worker gave up on: told to notifications as `payment.webhook_failed`.

Published in the transaction that marks the event failed, with the business and invoice the
event is about when we can tell, so the alert reaches that business's admin (else operators).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.stripe_objects import (
    ownership,
    payment_id_of,
    payment_intent_of,
    stripe_object_of,
)
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import (
    AttemptRecord,
    InvoiceRecord,
    PaymentRecord,
    WebhookEventRecord,
)
from closeout.payments.usecases.publishing import publish_webhook_failed
from closeout.shared.contracts.payments import WebhookFailed
from closeout.shared.ids import utcnow

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000
_ID = re.compile(r"[A-Za-z0-9_.\-]{1,100}")


@dataclass(frozen=True)
class EventOwner:
    business_id: str | None
    invoice_id: str | None


def _of_row(row: AttemptRecord | PaymentRecord | InvoiceRecord | None) -> EventOwner | None:
    return EventOwner(row.business_id, row.invoice_id) if row is not None else None


def _safe(value: str | None) -> str | None:
    """Only plain ids go into an envelope (metadata arrives from outside)."""
    return value if value is not None and _ID.fullmatch(value) else None


async def event_owner(session: AsyncSession, payload: dict[str, Any]) -> EventOwner:
    """Whose event this is: from our own records first, then from the metadata we set."""
    obj = stripe_object_of(payload)
    if obj is None:
        return EventOwner(None, None)
    meta = ownership(obj)
    found: EventOwner | None = None
    if meta.attempt_id:
        found = _of_row(await repo.get_attempt(session, meta.attempt_id))
    payment_id = payment_id_of(obj)
    if found is None and payment_id:
        found = _of_row(await repo.get_payment(session, payment_id))
    if found is None and meta.invoice_id:
        found = _of_row(await repo.get_invoice(session, meta.invoice_id))
    intent = payment_intent_of(obj)
    if found is None and intent:
        known = await repo.payments_by_intent(session, intent)
        found = _of_row(known[-1]) if known else None
    if found is None:
        found = EventOwner(meta.business_id, meta.invoice_id)
    return EventOwner(_safe(found.business_id), _safe(found.invoice_id))


async def report_failed_event(
    session: AsyncSession, row: WebhookEventRecord, *, error: str, attempts: int
) -> None:
    """Enqueue `payment.webhook_failed` in the caller's transaction (the one marking it failed)."""
    try:
        async with session.begin_nested():
            owner = await event_owner(session, row.payload)
    except Exception:
        # Not knowing the owner must not stop the report: operators get it instead.
        log.exception("could not tell whose Stripe event %s is", row.event_id)
        owner = EventOwner(None, None)
    data = WebhookFailed(
        stripe_event_id=row.event_id,
        stripe_event_type=row.event_type,
        error=error[:MAX_ERROR_CHARS],
        attempts=attempts,
        account=row.account,
        business_id=owner.business_id,
        invoice_id=owner.invoice_id,
        occurred_at=utcnow(),
    )
    await publish_webhook_failed(session, data)
