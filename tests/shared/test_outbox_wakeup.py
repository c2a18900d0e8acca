"""The relay is woken once per transaction that enqueues events, not once per event (each
wake-up is a round trip), and still once in every such transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from closeout.shared.db.outbox import enqueue
from shared.messaging_app import cancelled


async def test_one_wakeup_per_transaction(plumbing_db: tuple[str, AsyncEngine]) -> None:
    _, engine = plumbing_db
    notifies: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "pg_notify" in statement:
            notifies.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with create_sessionmaker(engine)() as session:
            async with session.begin():
                for n in range(3):
                    await enqueue(session, cancelled(n))
            assert len(notifies) == 1
            async with session.begin():
                await enqueue(session, cancelled(3))
            assert len(notifies) == 2, "the next transaction wakes the relay again"
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
