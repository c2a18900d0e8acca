"""Deliver one message, locked by the worker's transaction, and record what happened.

A message is sent while its row is locked and marked sent in the same transaction. A crash after
the SMTP server accepted it but before the commit leaves it pending, so it is sent again, with
the same Message-ID, which lets the receiving side recognise the duplicate.

SMS has no such header, and Twilio's Messages API takes no idempotency key. So the provider's
`sid` is committed by `record_acceptance`, in a transaction of its own, as soon as the provider
answers, before the message is marked sent; a retry that finds it marks the message sent
without sending it again. What remains is the window between the provider accepting the
message and that commit (the answer lost to a timeout or a dropped connection, which we retry
as transient, or a crash or database failure before the sid is committed): then the text is
sent twice. Nothing on our side can close it without an idempotency key at the provider.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager

from opentelemetry.trace import Span, SpanKind
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.backoff import next_attempt_at
from closeout.notifications.domain.live_links import with_live_links
from closeout.notifications.domain.outgoing import (
    SUPPRESSED,
    Channel,
    DeliveryConfigurationError,
    OutgoingMessage,
    PermanentDeliveryError,
    RecipientRefusedError,
)
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NotificationRecord
from closeout.notifications.usecases.publishing import publish_notification
from closeout.shared.ids import utcnow
from closeout.shared.observability.tracing import continued_span

log = logging.getLogger(__name__)

# Commits (notification id, provider's message id) at once, outside the delivery's transaction.
RecordAcceptance = Callable[[str, str], Awaitable[None]]


def outgoing(message: NotificationRecord) -> OutgoingMessage:
    return OutgoingMessage(
        notification_id=message.id,
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
        message_id=message.message_id,
        sender_name=message.sender_name,
        reply_to=message.reply_to,
        invoice_id=message.invoice_id,
        attachment=message.attachment,
    )


async def deliver(
    session: AsyncSession,
    message: NotificationRecord,
    channels: Mapping[str, Channel],
    settings: NotificationsSettings,
    record_acceptance: RecordAcceptance | None = None,
) -> bool:
    """Deliver one locked message; False if it failed transiently (stop this round).

    Without `record_acceptance` a provider's id is recorded in this transaction only."""
    nid, attempts = message.id, message.attempts + 1
    accepted = await repo.accepted_as(session, nid)
    if accepted is not None:
        log.warning("message %s was accepted as %s before a crash: not sent again", nid, accepted)
        await _sent(session, message, attempts, accepted)
        return True
    if await repo.is_suppressed(session, message.business_id, message.recipient):
        await repo.mark_suppressed(session, nid, reason=SUPPRESSED)
        return True
    channel = channels.get(message.channel)
    if channel is None:
        await _fail(session, message, attempts, f"channel {message.channel!r} is not enabled")
        return True
    try:
        with _delivery_span(message, attempts):
            provider_id = await channel.send(
                with_live_links(outgoing(message), settings.link_secret)
            )
    except PermanentDeliveryError as exc:
        log.warning("message %s failed for good: %s", nid, exc)
        if isinstance(exc, RecipientRefusedError):
            await repo.add_suppression(
                session, message.business_id, message.recipient, exc.reason, str(exc)[:500]
            )
        await _fail(session, message, attempts, str(exc))
        return True
    except Exception as exc:  # transient, or a bug in a channel: retry later, never spin
        if attempts >= settings.delivery_max_attempts:
            await _fail(session, message, attempts, f"gave up after {attempts}: {exc}")
            return False
        retry_at = next_attempt_at(
            utcnow(), attempts, settings.retry_base_seconds, settings.retry_max_seconds
        )
        if isinstance(exc, DeliveryConfigurationError):
            log.error(
                "message %s waits for the %s settings to be fixed: %s", nid, message.channel, exc
            )
        else:
            log.info("message %s deferred (attempt %d): %s", nid, attempts, exc)
        await repo.schedule_retry(session, nid, attempts=attempts, at=retry_at, error=str(exc))
        return False
    if provider_id is not None:
        if record_acceptance is not None:
            await record_acceptance(nid, provider_id)
        else:
            await repo.record_acceptance(session, nid, provider_id)
    await _sent(session, message, attempts, provider_id)
    return True


def _delivery_span(message: NotificationRecord, attempt: int) -> AbstractContextManager[Span]:
    """The send joins the trace of the event that caused the message (kept with it)."""
    carrier = {"traceparent": message.traceparent} if message.traceparent else {}
    return continued_span(
        f"{message.channel} send",
        carrier,
        kind=SpanKind.CLIENT,
        attributes={
            "closeout.notification.template": message.template,
            "closeout.notification.attempt": attempt,
            "closeout.business_id": message.business_id,
        },
    )


async def _sent(
    session: AsyncSession, message: NotificationRecord, attempts: int, provider_id: str | None
) -> None:
    await repo.mark_sent(session, message.id, attempts=attempts, provider_message_id=provider_id)
    await publish_notification(session, message, "notification.sent")


async def _fail(
    session: AsyncSession, message: NotificationRecord, attempts: int, error: str
) -> None:
    await repo.mark_failed(session, message.id, attempts=attempts, error=error)
    await publish_notification(session, message, "notification.failed", error)
