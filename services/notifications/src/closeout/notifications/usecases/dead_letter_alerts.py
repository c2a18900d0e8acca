"""Alerts for dead-lettered events, rate limited (see `alert_limits`): the full detail to the
operators, a short notice without it to the admin of the business the event belonged to.

Reads every `<topic>.dlq` with its own consumer group. Each dead letter is claimed in the inbox
(by topic, partition and offset) in the same transaction as its alert, and offsets are committed
afterwards, so a redelivered letter adds nothing. An event storm yields one mail per window.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.notifications.alert_limits import Alert, record_alert, window_minutes
from closeout.notifications.rendering import (
    RenderedMessage,
    render_dead_letter_alert,
    render_dead_letter_notice,
)
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.db import inbox
from closeout.shared.events import InvalidEventError, dead_letter_topic, peek_envelope
from closeout.shared.events.catalogue import CATALOGUE, JOBS_INBOUND_TOPIC
from closeout.shared.kafka.dead_letters import CONSUMER, ORIGIN_TOPIC, REASON

log = logging.getLogger(__name__)


def dead_letter_topics(prefix: str) -> list[str]:
    base = {spec.topic for spec in CATALOGUE.values()} | {JOBS_INBOUND_TOPIC}
    return sorted(prefix + dead_letter_topic(topic) for topic in base)


def _header(record: ConsumerRecord[bytes, bytes], name: str) -> str:
    for key, value in record.headers or ():
        if key == name:
            return bytes(value).decode(errors="replace")
    return "unknown"


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
                        await self._alert_once(sessionmaker, record)
                if batch:
                    await consumer.commit()
        finally:
            await consumer.stop()

    async def _alert_once(
        self, sessionmaker: async_sessionmaker[AsyncSession], record: ConsumerRecord[bytes, bytes]
    ) -> None:
        key = f"{record.topic}|{record.partition}|{record.offset}"
        async with sessionmaker() as session, session.begin():
            if await inbox.claim(session, consumer=self.group, event_key=key, event_type="dlq"):
                await self._record_alert(session, record, key)

    async def _record_alert(
        self, session: AsyncSession, record: ConsumerRecord[bytes, bytes], key: str
    ) -> None:
        try:
            header = peek_envelope(record.value or b"")
            business_id, event_type, event_id = header.business_id, header.type, header.id
        except InvalidEventError:
            business_id, event_type, event_id = None, "unreadable", None
        origin = _header(record, ORIGIN_TOPIC).removeprefix(self.settings.kafka_topic_prefix)
        reason = _header(record, REASON)
        consumer = _header(record, CONSUMER)

        minutes = window_minutes(self.settings)
        position = f"{record.topic} partition {record.partition} offset {record.offset}"

        def render(held_back: int) -> RenderedMessage:
            return render_dead_letter_alert(
                topic=origin,
                consumer=consumer,
                event_type=event_type,
                event_id=event_id,
                reason=reason,
                window_minutes=minutes,
                held_back=held_back,
                business_id=business_id,
                position=position,
            )

        def render_notice(held_back: int) -> RenderedMessage:
            return render_dead_letter_notice(
                event_id=event_id, window_minutes=minutes, held_back=held_back
            )

        alert = Alert(
            kind="dead-letters",
            template="dead_letter_admin",
            business_id=business_id,
            cause_event_id=event_id or key,
            cause_event_type="dead_letter",
            render=render,
            render_notice=render_notice,
            notice_template="dead_letter_notice",
        )
        if not await record_alert(session, self.settings, alert):
            log.info("dead letter on %s: %s (no new alert mail)", origin, reason)
