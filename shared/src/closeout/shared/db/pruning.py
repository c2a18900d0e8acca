"""Pruning: published outbox rows and old inbox rows are deleted, so neither table grows forever.

An outbox row is only needed until Kafka acknowledged it; it is kept `outbox_retention` longer
for inspection. An inbox row must outlive every redelivery of its event, so the inbox's
retention must be longer than Kafka keeps records (7 days by default). Rows go in bounded
chunks, each its own short transaction, so pruning never holds locks a consumer waits on long.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)

_PRUNE_OUTBOX = text(
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at IS NOT NULL"
    " AND published_at < now() - CAST(:age AS interval) LIMIT :limit)"
)
_PRUNE_INBOX = text(
    "DELETE FROM inbox WHERE (consumer, event_key) IN (SELECT consumer, event_key FROM inbox"
    " WHERE processed_at < now() - CAST(:age AS interval) LIMIT :limit)"
)


@dataclass(frozen=True)
class Retention:
    """How long rows are kept (the settings say how long by default)."""

    outbox: timedelta
    inbox: timedelta
    chunk: int = 5_000


async def prune_once(
    sessionmaker: async_sessionmaker[AsyncSession], retention: Retention
) -> dict[str, int]:
    """Delete every row past its retention, chunk by chunk; the counts deleted, by table."""
    deleted = {"outbox": 0, "inbox": 0}
    for table, statement, age in (
        ("outbox", _PRUNE_OUTBOX, retention.outbox),
        ("inbox", _PRUNE_INBOX, retention.inbox),
    ):
        while True:
            async with sessionmaker() as session, session.begin():
                result = await session.execute(statement, {"age": age, "limit": retention.chunk})
            count = int(getattr(result, "rowcount", 0) or 0)
            deleted[table] += count
            if count < retention.chunk:
                break
    return deleted


async def prune_forever(
    sessionmaker: async_sessionmaker[AsyncSession],
    retention: Retention,
    stop: asyncio.Event,
    *,
    every_seconds: float,
) -> None:
    """`prune_once` every `every_seconds` until `stop`; a database outage waits for the next."""
    while not stop.is_set():
        try:
            deleted = await prune_once(sessionmaker, retention)
        except Exception as exc:
            log.warning("pruning the outbox and inbox failed, next try later: %r", exc)
        else:
            if any(deleted.values()):
                log.info("pruned %d outbox and %d inbox rows", deleted["outbox"], deleted["inbox"])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every_seconds)
