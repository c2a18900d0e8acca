"""Deliver one message, locked by the worker's transaction, and record what happened.

A message is sent while its row is locked and marked sent in the same transaction. A crash after
the SMTP server accepted it but before the commit leaves it pending, so it is sent again, with
the same Message-ID, which lets the receiving side recognise the duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

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

log = logging.getLogger(__name__)


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
    )


async def deliver(
    session: AsyncSession,
    message: NotificationRecord,
    channels: Mapping[str, Channel],
    settings: NotificationsSettings,
) -> bool:
    """Deliver one locked message; False if it failed transiently (stop this round)."""
    nid, attempts = message.id, message.attempts + 1
    if await repo.is_suppressed(session, message.business_id, message.recipient):
        await repo.mark_suppressed(session, nid, reason=SUPPRESSED)
        return True
    channel = channels.get(message.channel)
    if channel is None:
        await _fail(session, message, attempts, f"channel {message.channel!r} is not enabled")
        return True
    try:
        await channel.send(with_live_links(outgoing(message), settings.link_secret))
    except PermanentDeliveryError as exc:
        log.warning("message %s failed for good: %s", nid, exc)
        if message.channel == "email" and isinstance(exc, RecipientRefusedError):
            await repo.add_suppression(
                session, message.business_id, message.recipient, "bounced", str(exc)[:500]
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
            log.error("message %s waits for the SMTP settings to be fixed: %s", nid, exc)
        else:
            log.info("message %s deferred (attempt %d): %s", nid, attempts, exc)
        await repo.schedule_retry(session, nid, attempts=attempts, at=retry_at, error=str(exc))
        return False
    await repo.mark_sent(session, nid, attempts=attempts)
    await publish_notification(session, message, "notification.sent")
    return True


async def _fail(
    session: AsyncSession, message: NotificationRecord, attempts: int, error: str
) -> None:
    await repo.mark_failed(session, message.id, attempts=attempts, error=error)
    await publish_notification(session, message, "notification.failed", error)
