"""The delivery worker: sends pending messages, one row lock per message.

A message is sent while its row is locked and marked sent in the same transaction. A crash after
the SMTP server accepted it but before the commit leaves it pending, so it is sent again, with
the same Message-ID, which lets the receiving side recognise the duplicate.

A backlog is drained batch after batch without pausing; an idle worker sleeps until a
transaction that recorded a message commits (see `wakeup`), or until the next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.notifications.channels import (
    Channel,
    DeliveryConfigurationError,
    OutgoingMessage,
    PermanentDeliveryError,
    RecipientRefusedError,
)
from closeout.notifications.domain.backoff import next_attempt_at
from closeout.notifications.live_links import with_live_links
from closeout.notifications.notification_events import notification_event
from closeout.notifications.services import SUPPRESSED
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.notifications.wakeup import wake_on_commit
from closeout.shared.db.outbox import enqueue
from closeout.shared.ids import utcnow

log = logging.getLogger(__name__)


def outgoing(row: RowMapping) -> OutgoingMessage:
    return OutgoingMessage(
        notification_id=row["id"],
        channel=row["channel"],
        recipient=row["recipient"],
        subject=row["subject"],
        text=row["body_text"],
        html=row["body_html"],
        message_id=row["message_id"],
        sender_name=row["sender_name"],
        reply_to=row["reply_to"],
    )


class DeliveryWorker:
    def __init__(self, settings: NotificationsSettings, channels: dict[str, Channel]) -> None:
        self.settings = settings
        self.channels = channels
        self.wakeup = asyncio.Event()

    async def run(
        self, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        engine = sessionmaker.kw["bind"]
        stop_waking = wake_on_commit(engine, self.wakeup) if engine is not None else None
        try:
            while not stop.is_set():
                self.wakeup.clear()  # before claiming, so a commit during the round is not missed
                try:
                    handled = await self.deliver_due(sessionmaker)
                except Exception:
                    log.exception("delivery round failed")
                    handled = 0
                if handled >= self.settings.delivery_batch_size:
                    continue  # a full batch: more may be due, take the next at once
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        _first(stop, self.wakeup), self.settings.delivery_poll_seconds
                    )
        finally:
            if stop_waking is not None:
                stop_waking()
            for channel in self.channels.values():
                with contextlib.suppress(Exception):
                    await channel.close()

    async def deliver_due(self, sessionmaker: async_sessionmaker[AsyncSession]) -> int:
        """Send what is due, up to a batch; stop early when the channel seems down."""
        handled = 0
        for _ in range(self.settings.delivery_batch_size):
            async with sessionmaker() as session, session.begin():
                rows = await repo.claim_due(session, 1)
                if not rows:
                    break
                ok = await self._deliver(session, rows[0])
            handled += 1
            if not ok:
                break
        return handled

    async def _deliver(self, session: AsyncSession, row: RowMapping) -> bool:
        """Deliver one locked row; False if it failed transiently (stop this round)."""
        nid, attempts = row["id"], row["attempts"] + 1
        if await repo.is_suppressed(session, row["business_id"], row["recipient"]):
            await repo.update_notification(session, nid, status="suppressed", last_error=SUPPRESSED)
            return True
        channel = self.channels.get(row["channel"])
        if channel is None:
            await self._fail(session, row, attempts, f"channel {row['channel']!r} is not enabled")
            return True
        try:
            await channel.send(with_live_links(outgoing(row), self.settings.link_secret))
        except PermanentDeliveryError as exc:
            log.warning("message %s failed for good: %s", nid, exc)
            if row["channel"] == "email" and isinstance(exc, RecipientRefusedError):
                await repo.add_suppression(
                    session, row["business_id"], row["recipient"], "bounced", str(exc)[:500]
                )
            await self._fail(session, row, attempts, str(exc))
            return True
        except Exception as exc:  # transient, or a bug in a channel: retry later, never spin
            if attempts >= self.settings.delivery_max_attempts:
                await self._fail(session, row, attempts, f"gave up after {attempts}: {exc}")
                return False
            s = self.settings
            retry_at = next_attempt_at(
                utcnow(), attempts, s.retry_base_seconds, s.retry_max_seconds
            )
            if isinstance(exc, DeliveryConfigurationError):
                log.error("message %s waits for the SMTP settings to be fixed: %s", nid, exc)
            else:
                log.info("message %s deferred (attempt %d): %s", nid, attempts, exc)
            await repo.update_notification(
                session, nid, attempts=attempts, next_attempt_at=retry_at, last_error=str(exc)
            )
            return False
        await repo.update_notification(
            session, nid, status="sent", attempts=attempts, sent_at=utcnow(), last_error=None
        )
        await enqueue(session, notification_event(row, "notification.sent"))
        return True

    async def _fail(
        self, session: AsyncSession, row: RowMapping, attempts: int, error: str
    ) -> None:
        await repo.update_notification(
            session, row["id"], status="failed", attempts=attempts, last_error=error
        )
        await enqueue(session, notification_event(row, "notification.failed", error))


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
