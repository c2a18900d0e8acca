"""Alerts for dead-lettered events, rate limited (see `usecases.alerts`): the full detail to
the operators, a short notice without it to the admin of the business the event belonged to.

Each dead letter is claimed in the inbox (by topic, partition and offset) in the same
transaction as its alert, so a redelivered letter adds nothing. An event storm yields one mail
per window. The loop that reads every `<topic>.dlq` is `workers.DeadLetterAlerts`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.rendering import (
    RenderedMessage,
    render_dead_letter_alert,
    render_dead_letter_notice,
)
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.usecases.alerts import Alert, record_alert, window_minutes
from closeout.shared.db import inbox
from closeout.shared.events import InvalidEventError, peek_envelope
from closeout.shared.kafka.dead_letters import CONSUMER, ORIGIN_TOPIC, REASON

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadLetter:
    """One record read from a dead-letter topic."""

    topic: str
    partition: int
    offset: int
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)  # the first value of each name

    @property
    def key(self) -> str:
        return f"{self.topic}|{self.partition}|{self.offset}"

    def header(self, name: str) -> str:
        return self.headers.get(name, "unknown")


async def alert_once(
    session: AsyncSession, settings: NotificationsSettings, letter: DeadLetter, *, group: str
) -> None:
    """Record the alert for a dead letter unless `group` has already claimed it."""
    if await inbox.claim(session, consumer=group, event_key=letter.key, event_type="dlq"):
        await _record_alert(session, settings, letter)


async def _record_alert(
    session: AsyncSession, settings: NotificationsSettings, letter: DeadLetter
) -> None:
    try:
        header = peek_envelope(letter.value)
        business_id, event_type, event_id = header.business_id, header.type, header.id
    except InvalidEventError:
        business_id, event_type, event_id = None, "unreadable", None
    origin = letter.header(ORIGIN_TOPIC).removeprefix(settings.kafka_topic_prefix)
    reason = letter.header(REASON)
    consumer = letter.header(CONSUMER)

    minutes = window_minutes(settings)
    position = f"{letter.topic} partition {letter.partition} offset {letter.offset}"

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
        cause_event_id=event_id or letter.key,
        cause_event_type="dead_letter",
        render=render,
        render_notice=render_notice,
        notice_template="dead_letter_notice",
    )
    if not await record_alert(session, settings, alert):
        log.info("dead letter on %s: %s (no new alert mail)", origin, reason)
