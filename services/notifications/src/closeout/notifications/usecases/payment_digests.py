"""The owner's daily digest of payments (`BusinessProfile.payment_notice` "daily").

A payment is kept on the business's day it was recorded; once that day is over where the
business is, the worker (`workers.payment_digests`) records one message listing the day's
payments, in the same transaction that marks them sent, so a payment is listed once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.formatting import local_date
from closeout.notifications.domain.outgoing import SUPPRESSED, message_id_for
from closeout.notifications.domain.planning import MessageContext, admin_address
from closeout.notifications.domain.rendering import render_payment_digest
from closeout.notifications.storage import digests
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NewNotification
from closeout.shared.ids import new_id, utcnow
from closeout.shared.observability.tracing import current_traceparent

log = logging.getLogger(__name__)
TEMPLATE = "payment_digest_admin"


async def keep_for_digest(
    session: AsyncSession, event_type: str, ctx: MessageContext, now: datetime | None = None
) -> None:
    """In the consumer's transaction: a recorded payment of a business that wants a digest."""
    payment, business = ctx.applied_payment, ctx.business
    if event_type != "invoice.payment_recorded" or payment is None:
        return
    address = admin_address(business)
    if business.payment_notice != "daily" or not address:
        return
    await digests.add_item(
        session,
        digests.DigestItem(
            fact_key=f"{ctx.invoice.invoice_id}|{payment.payment_id}",
            business_id=business.business_id,
            recipient=address,
            local_day=local_date(now or utcnow(), business.timezone),
            timezone=business.timezone,
            invoice_id=ctx.invoice.invoice_id,
            invoice_number=ctx.invoice.number,
            customer_name=ctx.invoice.customer.name,
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
            reference=payment.reference,
            occurred_at=payment.occurred_at,
        ),
    )


async def send_due_digests(
    session: AsyncSession, now: datetime | None = None, limit: int = 50
) -> int:
    """Record the digests due (as pending messages); returns how many."""
    recorded = 0
    for due in await digests.due_digests(session, now or utcnow(), limit):
        taken = await digests.take_items(session, due)
        if not taken:
            continue  # another worker has them
        rendered = render_payment_digest(due.local_day, [item for _, item in taken])
        notification_id = new_id()
        suppressed = await repo.is_suppressed(session, due.business_id, due.recipient)
        first_id = taken[0][0]
        await repo.insert_notification(
            session,
            NewNotification(
                id=notification_id,
                dedupe_key=f"digest|{due.business_id}|{due.local_day}|{first_id}|{due.recipient}",
                business_id=due.business_id,
                invoice_id=None,
                template=TEMPLATE,
                channel="email",
                recipient=due.recipient,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                reply_to=None,
                sender_name="Closeout",
                cause_event_id=f"digest:{due.business_id}:{due.local_day}",
                cause_event_type="payment_digest",
                correlation_id=None,
                status="suppressed" if suppressed else "pending",
                last_error=SUPPRESSED if suppressed else None,
                message_id=message_id_for(notification_id),
                traceparent=current_traceparent(),
                attachment=None,
            ),
        )
        await digests.mark_sent(session, [item_id for item_id, _ in taken], notification_id)
        recorded += 1
    return recorded
