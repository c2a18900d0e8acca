"""The outbox relay: publishes committed outbox rows to Kafka and marks them sent.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several relays can run side by side. The
relay wakes on `NOTIFY closeout_outbox` (sent when an event is enqueued) and polls as a
fallback. A row is marked sent only after Kafka acknowledged it (idempotent producer,
acks=all); a crash in between re-publishes it, and consumers drop the duplicate by event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.shared.db.engine import asyncpg_dsn
from closeout.shared.db.outbox import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

_CLAIM = text(
    "SELECT id, event_id, event_type, topic, key, payload FROM outbox"
    " WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_MARK_SENT = text(
    "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(:ids)"
)
_MARK_FAILED = text(
    "UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = ANY(:ids)"
)


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
        topic_prefix: str = "",
    ) -> None:
        self._sessionmaker = sessionmaker
        self._dsn = asyncpg_dsn(database_url)
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.topic_prefix = topic_prefix
        self._wakeup = asyncio.Event()
        self.published = 0

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
        """Publish one batch of unsent rows; returns how many were published."""
        producer = await self._ensure_producer()
        async with self._sessionmaker() as session, session.begin():
            rows = (await session.execute(_CLAIM, {"limit": self.batch_size})).all()
            if not rows:
                return 0
            ids = [row.id for row in rows]
            try:
                sends = [
                    await producer.send(
                        self.topic_prefix + row.topic,
                        row.payload,
                        key=row.key.encode() if row.key is not None else None,
                        headers=[
                            ("ce_type", row.event_type.encode()),
                            ("ce_id", row.event_id.encode()),
                        ],
                    )
                    for row in rows
                ]
                await asyncio.gather(*sends)
            except Exception as exc:
                await session.rollback()
                async with self._sessionmaker() as s2, s2.begin():
                    await s2.execute(_MARK_FAILED, {"ids": ids, "error": repr(exc)[:2000]})
                raise
            await session.execute(_MARK_SENT, {"ids": ids})
        self.published += len(rows)
        return len(rows)

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
