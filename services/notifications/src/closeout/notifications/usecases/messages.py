"""Turn an event into recorded messages, in the transaction of the consumer that took it."""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.attachments import attachment_for
from closeout.notifications.domain.outgoing import SUPPRESSED, message_id_for
from closeout.notifications.domain.planning import (
    Intent,
    MessageContext,
    plan_invoice_event,
    plan_payment_event,
    receipt_fact,
    without_chasing_if_settled,
)
from closeout.notifications.domain.rendering import render
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import DeferredEvent, InvoiceContext, NewNotification
from closeout.notifications.usecases.payment_digests import keep_for_digest
from closeout.notifications.usecases.publishing import publish_notification
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.events import Envelope, decode_event, encode_event
from closeout.shared.events.catalogue import CATALOGUE
from closeout.shared.events.envelope import EnvelopeHeader
from closeout.shared.ids import new_id
from closeout.shared.observability.tracing import current_traceparent

log = logging.getLogger(__name__)


async def record_intents(
    session: AsyncSession, event: EnvelopeHeader, ctx: MessageContext, intents: list[Intent]
) -> int:
    """Render and record each message as `pending` (or `suppressed`); a message whose dedupe
    key is already recorded is skipped. Returns how many were recorded."""
    recorded = 0
    business = ctx.business
    for intent in intents:
        notification_id = new_id()
        suppressed = await repo.is_suppressed(session, business.business_id, intent.recipient)
        to_admin = intent.template.endswith("_admin")
        message = NewNotification(
            id=notification_id,
            dedupe_key=intent.dedupe_key,
            business_id=business.business_id,
            invoice_id=ctx.invoice.invoice_id,
            template=intent.template,
            channel=intent.channel,
            recipient=intent.recipient,
            subject="",
            body_text="",
            body_html=None,
            reply_to=None if to_admin else business.email,
            sender_name="Closeout" if to_admin else business.name,
            cause_event_id=event.id,
            cause_event_type=event.type,
            correlation_id=event.correlation_id,
            status="suppressed" if suppressed else "pending",
            last_error=SUPPRESSED if suppressed else None,
            message_id=message_id_for(notification_id),
            traceparent=current_traceparent(),
            attachment=attachment_for(intent.template, intent.channel, ctx),
        )
        try:
            rendered = render(intent.template, ctx)
        except Exception as exc:  # the same data renders the same way: never retry it
            recorded += await _record_unrenderable(session, message, exc)
            continue
        is_email = intent.channel == "email"
        message = replace(
            message,
            subject=rendered.subject,
            body_text=rendered.text if is_email else rendered.sms,
            body_html=rendered.html if is_email else None,
        )
        recorded += await repo.insert_notification(session, message)
    return recorded


async def _record_unrenderable(
    session: AsyncSession, message: NewNotification, exc: Exception
) -> bool:
    """A message that cannot be rendered is `failed` (and `notification.failed` published) at
    once; the event's other messages, and every later message, go as usual."""
    log.exception("message %s (%s) could not be rendered", message.id, message.template)
    error = f"could not be rendered: {type(exc).__name__}: {exc}"[:1000]
    failed = replace(message, status="failed", last_error=error)
    recorded = await repo.insert_notification(session, failed)
    if recorded:
        await publish_notification(session, failed, "notification.failed", error)
    return recorded


async def _without_double_receipts(
    session: AsyncSession, event_type: str, ctx: MessageContext, intents: list[Intent]
) -> list[Intent]:
    """`invoice.paid` may not say which payment settled the invoice. Then its receipt stands
    for the settling payment: sent only if no receipt went out yet, and the settling payment's
    own receipt is skipped if that one was already recorded."""
    receipts = [i for i in intents if i.template == "receipt"]
    if not receipts:
        return intents
    invoice_id = ctx.invoice.invoice_id
    if ctx.applied_payment is None:
        return [] if await repo.receipts_for(session, invoice_id) else intents
    if ctx.invoice.amount_due <= 0:
        fallback = receipt_fact(invoice_id, None)
        kept = []
        for intent in intents:
            stand_in = intent.dedupe_key.replace(
                receipt_fact(invoice_id, ctx.applied_payment), fallback, 1
            )
            if not await repo.notification_exists(session, stand_in):
                kept.append(intent)
        return kept
    return intents


async def handle_invoice_event(
    session: AsyncSession, event: Envelope[InvoiceEvent], *, sms_enabled: bool
) -> None:
    data = event.data
    invoice = data.invoice
    await repo.upsert_invoice_context(
        session,
        InvoiceContext(
            invoice_id=invoice.invoice_id,
            business_id=event.business_id,
            version=invoice.version,
            invoice=invoice,
            business=data.business,
            payment_url=data.payment_url,
        ),
    )
    ctx = MessageContext(
        business=data.business,
        invoice=invoice,
        payment_url=data.payment_url,
        applied_payment=data.payment,
        claim=data.claim,
        days_overdue=data.days_overdue,
        reminder_number=data.reminder_number,
    )
    intents = plan_invoice_event(event.type, event.dedupe_key, ctx, sms_enabled=sms_enabled)
    latest = await repo.get_invoice_context(session, invoice.invoice_id)
    if latest is not None:
        intents = without_chasing_if_settled(intents, latest.invoice)
    intents = await _without_double_receipts(session, event.type, ctx, intents)
    await record_intents(session, event, ctx, intents)
    await keep_for_digest(session, event.type, ctx)
    for deferred in await repo.take_deferred(session, invoice.invoice_id):
        replay = decode_event(deferred.payload.encode(), _payment_model(deferred.event_type))
        await handle_payment_event(session, replay, sms_enabled=sms_enabled)


def _payment_model(event_type: str) -> type[PaymentEvent]:
    """The payload model the catalogue gives a (deferred) payment event, e.g. `RefundFailed`."""
    model = CATALOGUE[event_type].data_model
    assert issubclass(model, PaymentEvent), event_type
    return model


async def handle_payment_event(
    session: AsyncSession, event: Envelope[PaymentEvent], *, sms_enabled: bool
) -> None:
    data = event.data
    known = await repo.get_invoice_context(session, data.invoice_id)
    if known is None:
        # Cross-topic order is not guaranteed: wait for the invoice's first event.
        log.info("deferring %s until invoice %s is known", event.type, data.invoice_id)
        deferred = DeferredEvent(
            event_key=event.dedupe_key,
            invoice_id=data.invoice_id,
            event_type=event.type,
            payload=encode_event(event).decode(),
        )
        await repo.defer_event(session, deferred)
        return
    if known.business_id != event.business_id:
        log.warning(
            "ignoring %s: invoice %s belongs to another business", event.type, data.invoice_id
        )
        return
    ctx = MessageContext(
        business=known.business,
        invoice=known.invoice,
        payment_url=known.payment_url,
        payment_event=data,
    )
    intents = plan_payment_event(event.type, event.dedupe_key, ctx, sms_enabled=sms_enabled)
    intents = without_chasing_if_settled(intents, ctx.invoice)
    await record_intents(session, event, ctx, intents)
