"""What operators watch in this database: Stripe events by status and how long they wait."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# An index-free scan of webhook_events per scrape; processed rows could be pruned if it grows.
_BY_STATUS = text(
    "SELECT status, count(*) AS n,"
    " coalesce(extract(epoch FROM now() - min(received_at)), 0) AS oldest"
    " FROM webhook_events GROUP BY status"
)


@dataclass(frozen=True)
class WebhookCount:
    status: str
    count: int
    oldest_seconds: float


_FAILED_PAYOUTS = text(
    "SELECT (SELECT count(*) FROM partner_payouts WHERE status = 'failed')"
    " + (SELECT count(*) FROM partner_reversals WHERE status = 'failed') AS n"
)


async def failed_partner_payouts(conn: AsyncConnection) -> int:
    """Partner payouts and reversals Stripe refused for good (each needs a person)."""
    return int((await conn.execute(_FAILED_PAYOUTS)).scalar_one())


async def webhook_events_by_status(conn: AsyncConnection) -> list[WebhookCount]:
    rows = (await conn.execute(_BY_STATUS)).all()
    return [WebhookCount(r.status, int(r.n), float(r.oldest)) for r in rows]
