"""Admin alerts for dead-lettered events: at most one mail per recipient per time window.

Reads every `<topic>.dlq` with its own consumer group. Each dead letter is claimed in the inbox
(by topic, partition and offset) in the same transaction as its alert, and offsets are committed
afterwards, so a redelivered letter adds nothing. An event storm yields one mail per window.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.notifications.channels import message_id_for
from closeout.notifications.domain.planning import admin_address
from closeout.notifications.rendering import render_dead_letter_alert
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.shared.contracts.invoices import BusinessProfile
from closeout.shared.db import inbox
from closeout.shared.events import InvalidEventError, dead_letter_topic, peek_envelope
from closeout.shared.events.catalogue import CATALOGUE, JOBS_INBOUND_TOPIC
from closeout.shared.ids import new_id
from closeout.shared.kafka.dead_letters import CONSUMER, ORIGIN_TOPIC, REASON

log = logging.getLogger(__name__)

OPS_BUSINESS = "ops"


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
        recipient, owner = await self._recipient(session, business_id)
        origin = _header(record, ORIGIN_TOPIC).removeprefix(self.settings.kafka_topic_prefix)
        reason = _header(record, REASON)
        if recipient is None:
            log.warning("dead letter on %s with nobody to alert: %s", origin, reason)
            return
        window = self.settings.alert_window_seconds
        bucket = int(time.time() // window)
        rendered = render_dead_letter_alert(
            topic=origin,
            consumer=_header(record, CONSUMER),
            event_type=event_type,
            event_id=event_id,
            reason=reason,
            window_minutes=max(window // 60, 1),
        )
        notification_id = new_id()
        suppressed = await repo.is_suppressed(session, owner, recipient)
        recorded = await repo.insert_notification(
            session,
            {
                "id": notification_id,
                "dedupe_key": f"dead-letters|{owner}|{recipient.lower()}|{bucket}",
                "business_id": owner,
                "invoice_id": None,
                "template": "dead_letter_admin",
                "channel": "email",
                "recipient": recipient,
                "subject": rendered.subject,
                "body_text": rendered.text,
                "body_html": rendered.html,
                "sender_name": "Closeout",
                "cause_event_id": event_id or key,
                "cause_event_type": "dead_letter",
                "status": "suppressed" if suppressed else "pending",
                "message_id": message_id_for(notification_id),
            },
        )
        if not recorded:
            log.info("dead letter on %s: alert already sent this window", origin)

    async def _recipient(
        self, session: AsyncSession, business_id: str | None
    ) -> tuple[str | None, str]:
        """The business's admin if we know the business, else the operators' address."""
        if business_id is not None:
            profile = await repo.latest_business_profile(session, business_id)
            if profile is not None:
                address = admin_address(BusinessProfile.model_validate(profile))
                if address:
                    return address, business_id
        return self.settings.ops_email, OPS_BUSINESS
