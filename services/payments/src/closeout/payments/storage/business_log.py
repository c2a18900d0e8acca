"""The ledger of one business across its invoices, newest first, for the payment log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage.tables import invoices, ledger


@dataclass(frozen=True)
class LogFilter:
    business_id: str
    kinds: tuple[str, ...]
    method: str | None = None
    invoice_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class LogRow:
    id: int
    invoice_id: str
    invoice_number: str | None
    payment_id: str | None
    kind: str
    amount: int | None
    currency: str | None
    method: str | None
    reference: str | None
    detail: str | None
    actor: str | None
    occurred_at: datetime


def _where(query: Select[Any], f: LogFilter) -> Select[Any]:
    query = query.where(ledger.c.business_id == f.business_id, ledger.c.kind.in_(f.kinds))
    if f.method is not None:
        query = query.where(ledger.c.method == f.method)
    if f.invoice_id is not None:
        query = query.where(ledger.c.invoice_id == f.invoice_id)
    if f.since is not None:
        query = query.where(ledger.c.occurred_at >= f.since)
    if f.until is not None:
        query = query.where(ledger.c.occurred_at < f.until)
    return query


async def log_page(
    session: AsyncSession, f: LogFilter, *, limit: int, offset: int
) -> tuple[list[LogRow], int]:
    """One page of the business's log, newest first, and how many entries match in all."""
    query = _where(
        select(
            ledger.c.id,
            ledger.c.invoice_id,
            invoices.c.number.label("invoice_number"),
            ledger.c.payment_id,
            ledger.c.kind,
            ledger.c.amount,
            ledger.c.currency,
            ledger.c.method,
            ledger.c.reference,
            ledger.c.detail,
            ledger.c.actor,
            ledger.c.occurred_at,
        ).outerjoin(invoices, invoices.c.invoice_id == ledger.c.invoice_id),
        f,
    )
    query = query.order_by(ledger.c.occurred_at.desc(), ledger.c.id.desc()).limit(limit)
    rows = (await session.execute(query.offset(offset))).mappings().all()
    total = await session.scalar(_where(select(func.count()).select_from(ledger), f))
    return [LogRow(**row) for row in rows], int(total or 0)
