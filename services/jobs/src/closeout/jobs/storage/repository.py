"""Reads and writes of jobs and payment facts (SQLAlchemy Core on the caller's session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.storage.tables import jobs, payment_facts

JobRow = dict[str, Any]


async def lock_external_id(session: AsyncSession, business_id: str, external_id: str) -> None:
    """Serialise reports of one (business, external id), including the first insert."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
        {"k": f"{business_id}\x1f{external_id}"},
    )


async def by_external_id(
    session: AsyncSession, business_id: str, external_id: str, *, for_update: bool = False
) -> JobRow | None:
    query = select(jobs).where(jobs.c.business_id == business_id, jobs.c.external_id == external_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def by_id(
    session: AsyncSession, business_id: str, job_id: str, *, for_update: bool = False
) -> JobRow | None:
    query = select(jobs).where(jobs.c.business_id == business_id, jobs.c.job_id == job_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def by_invoice_id(
    session: AsyncSession, business_id: str, invoice_id: str, *, for_update: bool = False
) -> JobRow | None:
    query = select(jobs).where(jobs.c.business_id == business_id, jobs.c.invoice_id == invoice_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def insert_job(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(jobs).values(**values))


async def update_job(session: AsyncSession, job_id: str, values: dict[str, Any]) -> None:
    await session.execute(
        update(jobs).where(jobs.c.job_id == job_id).values(**values, updated_at=func.now())
    )


@dataclass(frozen=True)
class JobFilter:
    business_id: str
    status: str | None = None
    billing_status: str | None = None
    customer: str | None = None
    external_id: str | None = None
    completed_from: datetime | None = None
    completed_to: datetime | None = None


async def list_jobs(
    session: AsyncSession, where: JobFilter, *, limit: int, offset: int
) -> tuple[list[JobRow], int]:
    conditions = [jobs.c.business_id == where.business_id]
    if where.status:
        conditions.append(jobs.c.status == where.status)
    if where.billing_status:
        conditions.append(jobs.c.billing_status == where.billing_status)
    if where.external_id:
        conditions.append(jobs.c.external_id == where.external_id)
    if where.customer:
        pattern = "%" + where.customer.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        pattern += "%"
        conditions.append(
            or_(jobs.c.customer_name.ilike(pattern), jobs.c.customer_email.ilike(pattern))
        )
    if where.completed_from:
        conditions.append(jobs.c.completed_at >= where.completed_from)
    if where.completed_to:
        conditions.append(jobs.c.completed_at < where.completed_to)
    total = (await session.execute(select(func.count()).where(*conditions))).scalar_one()
    query = (
        select(jobs)
        .where(*conditions)
        .order_by(jobs.c.created_at.desc(), jobs.c.job_id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.execute(query)).mappings().all()
    return [dict(r) for r in rows], int(total)


async def add_payment_fact(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Record a payment fact once; False when the same fact was already known."""
    statement = (
        pg_insert(payment_facts)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["business_id", "payment_id", "kind", "fact_key"])
        .returning(payment_facts.c.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def payments_of_invoice(
    session: AsyncSession, business_id: str, invoice_id: str
) -> list[dict[str, Any]]:
    query = (
        select(payment_facts)
        .where(payment_facts.c.business_id == business_id, payment_facts.c.invoice_id == invoice_id)
        .order_by(payment_facts.c.occurred_at, payment_facts.c.id)
    )
    return [dict(r) for r in (await session.execute(query)).mappings().all()]
