"""The outbox relay: publishes committed outbox rows to Kafka and marks them sent.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several relays can run side by side. The
relay wakes on `NOTIFY closeout_outbox` (sent when an event is enqueued) and polls as a
fallback. A row is marked sent only after Kafka acknowledged it (idempotent producer,
acks=all); a crash in between re-publishes it, and consumers drop the duplicate by event id.

Each row's outcome is recorded on its own: rows Kafka acknowledged are marked sent even when
another row of the batch failed, and `attempts` counts the times a row was handed to Kafka.
A row Kafka refuses for what it is (too large, an invalid topic) can never be sent: it is
parked (`parked_at` set, the reason in `last_error`, logged at ERROR) and no longer claimed,
so it cannot stall the rows behind it. An outage (Kafka unreachable, timeouts) is no reason
to park anything: the rows stay pending and are retried, with backoff, for as long as it lasts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    CorruptRecordException,
    InvalidTopicError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
)
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.shared.db.engine import asyncpg_dsn
from closeout.shared.db.outbox import NOTIFY_CHANNEL
from closeout.shared.observability.metrics import EVENTS_PUBLISHED, event_type_label

log = logging.getLogger(__name__)

_CLAIM = text(
    "SELECT id, event_id, event_type, topic, key, payload, attempts FROM outbox"
    " WHERE published_at IS NULL AND parked_at IS NULL"
    " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_MARK_SENT = text(
    "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(:ids)"
)
_MARK_FAILED = text("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id")
_PARK = text(
    "UPDATE outbox SET attempts = attempts + 1, parked_at = now(), last_error = :error"
    " WHERE id = :id"
)

_TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)
# Kafka refuses these records for what they are; resending the same bytes cannot help.
_UNSENDABLE = (*_TOO_LARGE, InvalidTopicError, CorruptRecordException)


def is_row_fault(exc: BaseException) -> bool:
    """The row itself cannot be sent (as opposed to Kafka or the network being unwell)."""
    if isinstance(exc, _UNSENDABLE):
        return True
    return not isinstance(exc, KafkaError | OSError | TimeoutError)


class OutboxRelay:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        database_url: str,
        producer_factory: Callable[[], AIOKafkaProducer],
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 10.0,
        park_after_attempts: int = 5,
        topic_prefix: str = "",
        service: str = "closeout",
    ) -> None:
        """`park_after_attempts`: a row failing this often for reasons of its own is parked
        (one that is too large is parked at once)."""
        self._sessionmaker = sessionmaker
        self._dsn = asyncpg_dsn(database_url)
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.park_after_attempts = park_after_attempts
        self.topic_prefix = topic_prefix
        self.service = service
        self._wakeup = asyncio.Event()
        self.published = 0
        self.parked = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; Kafka or database outages are retried with backoff."""
        listener = await self._listen()
        backoff = 0.2
        try:
            while not stop.is_set():
                self._wakeup.clear()
                try:
                    sent = await self.publish_pending()
                    backoff = 0.2
                except Exception as exc:
                    log.warning("outbox relay failed, retrying in %.1fs: %r", backoff, exc)
                    await self._reset_producer()
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(backoff * 2, self.max_backoff_seconds)
                    continue
                if sent < self.batch_size:
                    await self._wait_for_work(stop)
        finally:
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.close()
            await self._reset_producer()

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; returns how many Kafka acknowledged.

        Every outcome is committed first; then an outage (if one interrupted the batch) is
        raised, so that `run` backs off and starts a new producer."""
        producer = await self._ensure_producer()
        async with self._sessionmaker() as session, session.begin():
            rows = (await session.execute(_CLAIM, {"limit": self.batch_size})).all()
            if not rows:
                return 0
            outcomes, outage = await self._send(producer, rows)
            sent = [row.id for row, error in outcomes if error is None]
            if sent:
                await session.execute(_MARK_SENT, {"ids": sent})
            for row, error in outcomes:
                if error is not None:
                    await self._record_failure(session, row, error)
        self.published += len(sent)
        for row, error in outcomes:
            if error is None:
                EVENTS_PUBLISHED.labels(self.service, event_type_label(row.event_type)).inc()
        if outage is not None:
            raise outage
        return len(sent)

    async def _send(
        self, producer: AIOKafkaProducer, rows: Sequence[Row[Any]]
    ) -> tuple[list[tuple[Row[Any], BaseException | None]], BaseException | None]:
        """Hand each row to Kafka and wait for every acknowledgement. Sending stops at the
        first outage; the rows after it are not attempted (and keep their `attempts`)."""
        outcomes: list[tuple[Row[Any], BaseException | None]] = []
        pending: list[tuple[Row[Any], asyncio.Future[Any]]] = []
        outage: BaseException | None = None
        for row in rows:
            try:
                future = await producer.send(
                    self.topic_prefix + row.topic,
                    row.payload,
                    key=row.key.encode() if row.key is not None else None,
                    headers=[
                        ("ce_type", row.event_type.encode()),
                        ("ce_id", row.event_id.encode()),
                    ],
                )
            except Exception as exc:
                outcomes.append((row, exc))
                if not is_row_fault(exc):
                    outage = exc
                    break
            else:
                pending.append((row, future))
        results = await asyncio.gather(*(future for _, future in pending), return_exceptions=True)
        for (row, _), result in zip(pending, results, strict=True):
            error = result if isinstance(result, BaseException) else None
            outcomes.append((row, error))
            if error is not None and outage is None and not is_row_fault(error):
                outage = error
        return outcomes, outage

    async def _record_failure(
        self, session: AsyncSession, row: Row[Any], error: BaseException
    ) -> None:
        reason = f"{type(error).__name__}: {error}"
        attempts = row.attempts + 1
        if is_row_fault(error) and (
            isinstance(error, _TOO_LARGE) or attempts >= self.park_after_attempts
        ):
            self.parked += 1
            log.error(
                "outbox row %d parked, it can never be sent (event %s %s, %d bytes,"
                " %d attempts): %s",
                row.id,
                row.event_type,
                row.event_id,
                len(row.payload),
                attempts,
                reason,
            )
            parked = f"parked after {attempts} attempts ({len(row.payload)} bytes): {reason}"
            await session.execute(_PARK, {"id": row.id, "error": parked[:2000]})
        else:
            await session.execute(_MARK_FAILED, {"id": row.id, "error": reason[:2000]})

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            await producer.start()
            self._producer = producer
        return self._producer

    async def _reset_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()

    async def _listen(self) -> Any:
        try:
            connection = await asyncpg.connect(self._dsn)
            await connection.add_listener(NOTIFY_CHANNEL, lambda *_: self._wakeup.set())
            return connection
        except Exception as exc:  # polling still works without notifications
            log.warning("outbox relay cannot LISTEN, polling only: %r", exc)
            return None

    async def _wait_for_work(self, stop: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(self._wakeup.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waiters, timeout=self.poll_seconds, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
