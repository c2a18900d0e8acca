"""SQL aggregates of one business's invoices and ledger for the overview report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, case, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage.tables import invoices, ledger
from closeout.shared.contracts.invoices import PAYABLE_STATUSES


@dataclass(frozen=True)
class AgingRow:
    currency: str
    bucket: str
    amount: int
    count: int


async def status_counts(session: AsyncSession, business_id: str) -> dict[str, int]:
    query = (
        select(invoices.c.status, func.count())
        .where(invoices.c.business_id == business_id)
        .group_by(invoices.c.status)
    )
    return {status: int(count) for status, count in await session.execute(query)}


async def review_count(session: AsyncSession, business_id: str) -> int:
    query = select(func.count()).where(
        invoices.c.business_id == business_id, invoices.c.needs_review.is_(True)
    )
    return int(await session.scalar(query) or 0)


async def aging(session: AsyncSession, business_id: str, today: date) -> list[AgingRow]:
    """What is unpaid, by currency and days past due on `today` (no due date: current)."""
    days = literal(today, Date) - invoices.c.due_date
    bucket = case(
        (invoices.c.due_date.is_(None), "current"),
        (days <= 0, "current"),
        (days <= 30, "1-30"),
        (days <= 60, "31-60"),
        (days <= 90, "61-90"),
        else_="90+",
    ).label("bucket")
    query = (
        select(
            invoices.c.currency,
            bucket,
            func.sum(invoices.c.amount_due),
            func.count(),
        )
        .where(
            invoices.c.business_id == business_id,
            invoices.c.status.in_(sorted(PAYABLE_STATUSES)),
            invoices.c.amount_due > 0,
        )
        .group_by(invoices.c.currency, bucket)
    )
    return [
        AgingRow(currency, name, int(amount), int(count))
        for currency, name, amount, count in await session.execute(query)
    ]


async def daily_collections(
    session: AsyncSession, business_id: str, timezone: str, since: date
) -> dict[str, list[tuple[date, int]]]:
    """Net cash (payments, less refunds, plus reversed refunds) per currency and local day
    (the business's time zone) from `since` on."""
    local_day = cast(func.timezone(timezone, ledger.c.occurred_at), Date).label("day")
    signed = case(
        (ledger.c.kind == "refund", -ledger.c.amount),
        else_=ledger.c.amount,
    )
    query = (
        select(ledger.c.currency, local_day, func.sum(signed))
        .join(invoices, invoices.c.invoice_id == ledger.c.invoice_id)
        .where(invoices.c.business_id == business_id, local_day >= since)
        .group_by(ledger.c.currency, local_day)
    )
    found: dict[str, list[tuple[date, int]]] = {}
    for currency, day, amount in await session.execute(query):
        found.setdefault(currency, []).append((day, int(amount)))
    return found
