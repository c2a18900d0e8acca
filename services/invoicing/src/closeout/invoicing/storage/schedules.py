"""Queries of reminder schedules and recurring invoice schedules. Callers own the transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.storage.records import Invoice, RecurringInvoice
from closeout.invoicing.storage.tables import (
    invoice_reminders,
    invoices,
    recurring_invoices,
    recurring_periods,
)

# Reminders


async def record_reminder_once(
    session: AsyncSession, invoice_id: str, day: int, number: int, at: datetime
) -> bool:
    """True if this step of the invoice was not recorded before (then it is sent now)."""
    result = await session.execute(
        insert(invoice_reminders)
        .values(invoice_id=invoice_id, day=day, number=number, sent_at=at)
        .on_conflict_do_nothing(index_elements=["invoice_id", "day"])
        .returning(invoice_reminders.c.day)
    )
    return result.scalar_one_or_none() is not None


async def recheck_collectable(session: AsyncSession, business_id: str, at: datetime) -> int:
    """Every invoice the business still collects is looked at by the next scheduler pass
    (its reminder schedule changed): one statement however many invoices there are."""
    result = await session.execute(
        update(invoices)
        .where(
            invoices.c.business_id == business_id,
            invoices.c.status.in_(COLLECTABLE),
            invoices.c.due_date.is_not(None),
        )
        .values(next_action_at=at)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def scheduled_collectable(session: AsyncSession, business_id: str) -> list[Invoice]:
    """The business's collectable invoices with work ahead, locked (in id order) until the
    caller's commit; a scheduler holding one is waited for."""
    query = (
        select(invoices)
        .where(
            invoices.c.business_id == business_id,
            invoices.c.status.in_(COLLECTABLE),
            invoices.c.next_action_at.is_not(None),
        )
        .order_by(invoices.c.invoice_id)
        .with_for_update()
    )
    return [Invoice.from_row(row) for row in (await session.execute(query)).mappings().all()]


# Recurring invoices


async def insert_recurring(session: AsyncSession, **values: object) -> RecurringInvoice:
    row = (
        (
            await session.execute(
                insert(recurring_invoices).values(**values).returning(recurring_invoices)
            )
        )
        .mappings()
        .one()
    )
    return RecurringInvoice.from_row(row)


async def get_recurring(
    session: AsyncSession, schedule_id: str, *, for_update: bool = False
) -> RecurringInvoice | None:
    query = select(recurring_invoices).where(recurring_invoices.c.schedule_id == schedule_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return RecurringInvoice.from_row(row) if row else None


async def list_recurring(
    session: AsyncSession, business_id: str, limit: int, offset: int
) -> list[RecurringInvoice]:
    query = (
        select(recurring_invoices)
        .where(recurring_invoices.c.business_id == business_id)
        .order_by(recurring_invoices.c.created_at.desc(), recurring_invoices.c.schedule_id)
        .limit(limit)
        .offset(offset)
    )
    return [RecurringInvoice.from_row(r) for r in (await session.execute(query)).mappings()]


async def update_recurring(
    session: AsyncSession, schedule_id: str, **values: Any
) -> RecurringInvoice:
    row = (
        (
            await session.execute(
                update(recurring_invoices)
                .where(recurring_invoices.c.schedule_id == schedule_id)
                .values(**values, updated_at=func.now())
                .returning(recurring_invoices)
            )
        )
        .mappings()
        .one()
    )
    return RecurringInvoice.from_row(row)


async def recurring_due(
    session: AsyncSession, now: datetime, after: tuple[datetime, str] | None, limit: int
) -> list[tuple[datetime, str]]:
    """One keyset page of (next_run_at, schedule_id) with a period due by `now`."""
    query = select(recurring_invoices.c.next_run_at, recurring_invoices.c.schedule_id).where(
        recurring_invoices.c.next_run_at <= now
    )
    if after is not None:
        query = query.where(
            tuple_(recurring_invoices.c.next_run_at, recurring_invoices.c.schedule_id) > after
        )
    query = query.order_by(
        recurring_invoices.c.next_run_at, recurring_invoices.c.schedule_id
    ).limit(limit)
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def lock_recurring_if_due(
    session: AsyncSession, schedule_id: str, now: datetime
) -> RecurringInvoice | None:
    """The schedule, locked, if a period is still due; None if not, or if another worker
    holds it (SKIP LOCKED: that one makes the invoices)."""
    query = (
        select(recurring_invoices)
        .where(
            recurring_invoices.c.schedule_id == schedule_id,
            recurring_invoices.c.next_run_at <= now,
        )
        .with_for_update(skip_locked=True)
    )
    row = (await session.execute(query)).mappings().first()
    return RecurringInvoice.from_row(row) if row else None


async def record_period_once(
    session: AsyncSession, schedule_id: str, period_date: date, invoice_id: str
) -> bool:
    result = await session.execute(
        insert(recurring_periods)
        .values(schedule_id=schedule_id, period_date=period_date, invoice_id=invoice_id)
        .on_conflict_do_nothing(index_elements=["schedule_id", "period_date"])
        .returning(recurring_periods.c.period_date)
    )
    return result.scalar_one_or_none() is not None


async def periods_of(session: AsyncSession, schedule_id: str) -> list[tuple[date, str, str]]:
    """(period date, invoice id, invoice status) of every period made, oldest first."""
    query = (
        select(recurring_periods.c.period_date, invoices.c.invoice_id, invoices.c.status)
        .join(invoices, invoices.c.invoice_id == recurring_periods.c.invoice_id)
        .where(recurring_periods.c.schedule_id == schedule_id)
        .order_by(recurring_periods.c.period_date)
    )
    return [(r[0], r[1], r[2]) for r in (await session.execute(query)).all()]
