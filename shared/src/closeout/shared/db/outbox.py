"""Transactional outbox: an event is written in the same transaction as the state change.

The relay (`closeout.shared.kafka.relay`) publishes the rows to Kafka afterwards.
"""

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.shared.events.catalogue import spec_for
from closeout.shared.events.envelope import Envelope, encode_event
from closeout.shared.sizes import MAX_EVENT_BYTES, EventTooLargeError

NOTIFY_CHANNEL = "closeout_outbox"

_INSERT = text(
    "INSERT INTO outbox (event_id, event_type, topic, key, payload)"
    " VALUES (:event_id, :event_type, :topic, :key, :payload)"
)
_NOTIFY = text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')")
_NOTIFIED_IN = "closeout.outbox.notified_in"  # session.info: the transaction that notified


async def enqueue(session: AsyncSession, event: Envelope[Any], *, key: str | None = None) -> None:
    """Add `event` to the outbox inside the caller's transaction, keyed by its subject.

    Raises `EventTooLargeError` for an event no consumer would accept (the caller's
    transaction then fails: nothing is half-done)."""
    spec = spec_for(event.type)
    payload = encode_event(event)
    if len(payload) > MAX_EVENT_BYTES:
        raise EventTooLargeError(event.type, len(payload))
    await session.execute(
        _INSERT,
        {
            "event_id": event.id,
            "event_type": event.type,
            "topic": spec.topic,
            "key": key if key is not None else event.subject,
            "payload": payload,
        },
    )
    # Delivered on commit only, so the relay wakes exactly when the row becomes visible; one
    # per transaction is enough (a batch of events would otherwise pay a round trip each).
    transaction = session.get_transaction()
    if session.info.get(_NOTIFIED_IN) is not transaction:
        await session.execute(_NOTIFY)
        session.info[_NOTIFIED_IN] = transaction
