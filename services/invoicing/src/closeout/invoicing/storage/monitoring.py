"""What operators watch in this database: invoices by status."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# A scan of the invoices table per scrape: milliseconds for hundreds of thousands of rows.
_BY_STATUS = text("SELECT status, count(*) AS n FROM invoices GROUP BY status")


async def invoices_by_status(conn: AsyncConnection) -> dict[str, int]:
    return {row.status: int(row.n) for row in (await conn.execute(_BY_STATUS)).all()}
