"""What operators watch in this database: messages by channel and state, and the oldest wait."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# `deferred`: pending after at least one failed try (waiting out SMTP or the provider).
_BY_STATE = text(
    "SELECT channel,"
    " CASE WHEN status = 'pending' AND attempts > 0 THEN 'deferred' ELSE status END AS state,"
    " count(*) AS n,"
    " coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest"
    " FROM notifications GROUP BY 1, 2"
)


@dataclass(frozen=True)
class MessageCount:
    channel: str
    state: str
    count: int
    oldest_seconds: float


async def messages_by_state(conn: AsyncConnection) -> list[MessageCount]:
    rows = (await conn.execute(_BY_STATE)).all()
    return [MessageCount(r.channel, r.state, int(r.n), float(r.oldest)) for r in rows]
