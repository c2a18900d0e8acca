"""The payments waiting for an owner's daily digest, and the digests due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, cast, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.storage.tables import payment_digest_items as items


@dataclass(frozen=True, kw_only=True)
class DigestItem:
    fact_key: str
    business_id: str
    recipient: str
    local_day: date
    timezone: str
    invoice_id: str
    invoice_number: str | None
    customer_name: str
    amount: int
    currency: str
    method: str
    reference: str | None
    occurred_at: datetime


@dataclass(frozen=True)
class DueDigest:
    business_id: str
    recipient: str
    local_day: date


async def add_item(session: AsyncSession, item: DigestItem) -> bool:
    """Keep a payment for its digest, once (a redelivered event adds nothing)."""
    stmt = (
        insert(items)
        .values(**vars(item))
        .on_conflict_do_nothing(index_elements=["fact_key"])
        .returning(items.c.id)
    )
    return (await session.execute(stmt)).scalar_one_or_none() is not None


async def due_digests(session: AsyncSession, now: datetime, limit: int) -> list[DueDigest]:
    """Digests of days that are over where the business is, not sent yet."""
    today_there = cast(func.timezone(items.c.timezone, now), Date)
    query = (
        select(items.c.business_id, items.c.recipient, items.c.local_day)
        .where(items.c.digest_id.is_(None), items.c.local_day < today_there)
        .group_by(items.c.business_id, items.c.recipient, items.c.local_day)
        .order_by(items.c.local_day)
        .limit(limit)
    )
    return [DueDigest(*row) for row in await session.execute(query)]


async def take_items(session: AsyncSession, due: DueDigest) -> list[tuple[int, DigestItem]]:
    """The digest's unsent payments, locked (another worker skips them)."""
    query = (
        select(items)
        .where(
            items.c.business_id == due.business_id,
            items.c.recipient == due.recipient,
            items.c.local_day == due.local_day,
            items.c.digest_id.is_(None),
        )
        .order_by(items.c.occurred_at, items.c.id)
        .with_for_update(skip_locked=True)
    )
    rows = (await session.execute(query)).mappings().all()
    fields = DigestItem.__dataclass_fields__
    return [(row["id"], DigestItem(**{name: row[name] for name in fields})) for row in rows]


async def mark_sent(session: AsyncSession, item_ids: list[int], digest_id: str) -> None:
    await session.execute(update(items).where(items.c.id.in_(item_ids)).values(digest_id=digest_id))
