"""Pruning deletes published outbox rows and inbox rows past their retention, and nothing else:
an unpublished or parked outbox row and a recent inbox row stay (real PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from closeout.shared.db.pruning import Retention, prune_once

DAY, HOUR = timedelta(days=1), timedelta(hours=1)

_OUTBOX_ROW = text(
    "INSERT INTO outbox (event_id, event_type, topic, payload, published_at, parked_at)"
    " VALUES (:id, 'job.cancelled', 'job.cancelled', '\\x7b7d',"
    " now() - CAST(:published_ago AS interval), now() - CAST(:parked_ago AS interval))"
)
_INBOX_ROW = text(
    "INSERT INTO inbox (consumer, event_key, event_type, processed_at)"
    " VALUES ('c', :key, 'job.cancelled', now() - CAST(:ago AS interval))"
)


_LEFT = {
    "outbox": text("SELECT event_id FROM outbox ORDER BY event_id"),
    "inbox": text("SELECT event_key FROM inbox ORDER BY event_key"),
}


async def remaining(engine: AsyncEngine, table: str) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.execute(_LEFT[table])).scalars())


async def test_only_rows_past_their_retention_are_deleted(
    plumbing_db: tuple[str, AsyncEngine],
) -> None:
    _, engine = plumbing_db
    async with engine.begin() as conn:
        for n in range(5):  # more than one chunk
            await conn.execute(
                _OUTBOX_ROW, {"id": f"old-{n}", "published_ago": DAY * 2, "parked_ago": None}
            )
        await conn.execute(_OUTBOX_ROW, {"id": "recent", "published_ago": HOUR, "parked_ago": None})
        await conn.execute(
            _OUTBOX_ROW, {"id": "pending", "published_ago": None, "parked_ago": None}
        )
        await conn.execute(
            _OUTBOX_ROW, {"id": "parked", "published_ago": None, "parked_ago": DAY * 30}
        )
        for n in range(3):
            await conn.execute(_INBOX_ROW, {"key": f"old-{n}", "ago": DAY * 15})
        await conn.execute(_INBOX_ROW, {"key": "recent", "ago": DAY * 13})

    retention = Retention(outbox=timedelta(hours=24), inbox=timedelta(days=14), chunk=2)
    deleted = await prune_once(create_sessionmaker(engine), retention)

    assert deleted == {"outbox": 5, "inbox": 3}
    assert await remaining(engine, "outbox") == ["parked", "pending", "recent"]
    assert await remaining(engine, "inbox") == ["recent"]
    assert await prune_once(create_sessionmaker(engine), retention) == {"outbox": 0, "inbox": 0}
