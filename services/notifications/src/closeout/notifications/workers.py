"""Background loops: the delivery worker, the owners' daily payment digests and the dead-letter
alerts.

The delivery worker runs `NOTIFICATIONS_DELIVERY_CONNECTIONS` lanes side by side, each with its
own channels (so its own SMTP connection); lanes claim due messages with SKIP LOCKED, so each
message is taken by one lane only. A lane drains a backlog batch after batch without pausing;
idle, it sleeps until a transaction that recorded a message commits (see `adapters.wakeup`), or
until the next poll. Each message is delivered in a transaction of its own (`usecases.delivery`).

The dead-letter alerts read every `<topic>.dlq` with their own consumer group; offsets are
committed after the alerts' transactions (`usecases.dead_letter_alerts`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.notifications.adapters.wakeup import wake_on_commit
from closeout.notifications.domain.outgoing import Channel
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.notifications.usecases.dead_letter_alerts import DeadLetter, alert_once
from closeout.notifications.usecases.delivery import deliver
from closeout.notifications.usecases.payment_digests import send_due_digests
from closeout.shared.events.catalogue import DLQ_SUFFIX, all_topics
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime

log = logging.getLogger(__name__)


class DeliveryWorker:
    """`channels` serve the first lane; `more_channels` makes a fresh set (own connections) for
    each further lane. Without it the worker has one lane (channels that cannot be shared)."""

    def __init__(
        self,
        settings: NotificationsSettings,
        channels: Mapping[str, Channel],
        *,
        more_channels: Callable[[], Mapping[str, Channel]] | None = None,
    ) -> None:
        self.settings = settings
        self.channels = channels
        self.more_channels = more_channels

    @property
    def lanes(self) -> int:
        return self.settings.delivery_connections if self.more_channels is not None else 1

    async def run(
        self, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        channel_sets = [self.channels]
        if self.more_channels is not None:
            channel_sets += [self.more_channels() for _ in range(self.lanes - 1)]
        await asyncio.gather(*(self._lane(sessionmaker, stop, each) for each in channel_sets))

    async def _lane(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        stop: asyncio.Event,
        channels: Mapping[str, Channel],
    ) -> None:
        wakeup = asyncio.Event()
        engine = sessionmaker.kw["bind"]
        stop_waking = wake_on_commit(engine, wakeup) if engine is not None else None
        try:
            while not stop.is_set():
                wakeup.clear()  # before claiming, so a commit during the round is not missed
                try:
                    handled = await self.deliver_due(sessionmaker, channels)
                except Exception:
                    log.exception("delivery round failed")
                    handled = 0
                if handled >= self.settings.delivery_batch_size:
                    continue  # a full batch: more may be due, take the next at once
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        _first(stop, wakeup), self.settings.delivery_poll_seconds
                    )
        finally:
            if stop_waking is not None:
                stop_waking()
            for channel in channels.values():
                with contextlib.suppress(Exception):
                    await channel.close()

    async def deliver_due(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        channels: Mapping[str, Channel] | None = None,
    ) -> int:
        """Send what is due, up to a batch; stop early when the channel seems down."""
        channels = self.channels if channels is None else channels

        async def record_acceptance(notification_id: str, provider_message_id: str) -> None:
            # Its own transaction, committed before the send is: see usecases.delivery.
            async with sessionmaker() as session, session.begin():
                await repo.record_acceptance(session, notification_id, provider_message_id)

        handled = 0
        for _ in range(self.settings.delivery_batch_size):
            async with sessionmaker() as session, session.begin():
                due = await repo.claim_due(session, 1)
                if not due:
                    break
                ok = await deliver(session, due[0], channels, self.settings, record_acceptance)
            handled += 1
            if not ok:
                break
        return handled


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


def dead_letter_topics(prefix: str) -> list[str]:
    """Every dead-letter topic of the catalogue, under this deployment's prefix."""
    return sorted(prefix + topic for topic in all_topics() if topic.endswith(DLQ_SUFFIX))


def _letter(record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
    headers: dict[str, str] = {}
    for name, value in record.headers or ():
        headers.setdefault(name, bytes(value).decode(errors="replace"))
    return DeadLetter(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        value=record.value or b"",
        headers=headers,
    )


class DeadLetterAlerts:
    def __init__(self, settings: NotificationsSettings) -> None:
        self.settings = settings
        self.group = f"{settings.kafka_topic_prefix}notifications-dlq"

    async def run(
        self, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        """Keep reading dead letters until stopped, reconnecting after a failure."""
        while not stop.is_set():
            try:
                await self._consume(sessionmaker, stop)
            except Exception:
                log.exception("dead-letter alerts failed; restarting")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 5)

    async def _consume(
        self, sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event
    ) -> None:
        s = self.settings
        consumer = AIOKafkaConsumer(
            *dead_letter_topics(s.kafka_topic_prefix),
            bootstrap_servers=s.kafka_bootstrap_servers,
            group_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        async with sessionmaker() as session, session.begin():
                            await alert_once(session, s, _letter(record), group=self.group)
                if batch:
                    await consumer.commit()
        finally:
            await consumer.stop()


async def digest_loop(
    sessionmaker: async_sessionmaker[AsyncSession], poll_seconds: float, stop: asyncio.Event
) -> None:
    """Record the owners' daily payment digests whose day is over, one pass per poll."""
    while not stop.is_set():
        try:
            async with sessionmaker() as session, session.begin():
                await send_due_digests(session)
        except Exception:
            log.exception("payment digest pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll_seconds)


def background_tasks(
    settings: NotificationsSettings, worker: DeliveryWorker
) -> list[BackgroundTask]:
    """The delivery worker, and the dead-letter alerts unless they are turned off."""

    async def delivery_worker(
        runtime: ServiceRuntime[NotificationsSettings], stop: asyncio.Event
    ) -> None:
        await worker.run(runtime.sessionmaker, stop)

    async def payment_digests(
        runtime: ServiceRuntime[NotificationsSettings], stop: asyncio.Event
    ) -> None:
        await digest_loop(runtime.sessionmaker, settings.payment_digest_poll_seconds, stop)

    tasks: list[BackgroundTask] = [delivery_worker, payment_digests]
    if settings.dead_letter_alerts_enabled:
        alerts = DeadLetterAlerts(settings)

        async def dead_letter_alerts(
            runtime: ServiceRuntime[NotificationsSettings], stop: asyncio.Event
        ) -> None:
            await alerts.run(runtime.sessionmaker, stop)

        tasks.append(dead_letter_alerts)
    return tasks
