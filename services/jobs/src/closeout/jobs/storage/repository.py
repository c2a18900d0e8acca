"""Reads and writes of jobs, payment facts and platform grants (SQLAlchemy Core on the
caller's session; the caller owns the transaction)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import RowMapping, delete, exists, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.domain.jobs import JobStatus
from closeout.jobs.storage.records import JobFields, JobRecord, PaymentFact, PlatformGrant
from closeout.jobs.storage.tables import jobs, payment_facts, platform_grants
from closeout.shared.contracts.jobs import BillingStatus


def _job(row: RowMapping) -> JobRecord:
    return JobRecord(**row)


async def lock_external_id(session: AsyncSession, business_id: str, external_id: str) -> None:
    """Serialise reports of one (business, external id), including the first insert."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
        {"k": f"{business_id}\x1f{external_id}"},
    )


async def find_job(
    session: AsyncSession,
    business_id: str,
    *,
    job_id: str | None = None,
    external_id: str | None = None,
    invoice_id: str | None = None,
    for_update: bool = False,
) -> JobRecord | None:
    """The business's job with this id, external id or invoice (exactly one of them)."""
    keys = {
        column: value
        for column, value in (
            ("job_id", job_id),
            ("external_id", external_id),
            ("invoice_id", invoice_id),
        )
        if value is not None
    }
    if len(keys) != 1:
        raise TypeError(f"find_job takes exactly one of job_id, external_id, invoice_id: {keys}")
    [(column, value)] = keys.items()
    query = select(jobs).where(jobs.c.business_id == business_id, jobs.c[column] == value)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return _job(row) if row else None


async def insert_job(session: AsyncSession, job: JobFields) -> JobRecord:
    statement = insert(jobs).values(**asdict(job)).returning(jobs)
    return _job((await session.execute(statement)).mappings().one())


async def update_job(session: AsyncSession, before: JobRecord, after: JobFields) -> JobRecord:
    """Write what `after` changes of `before` (and `updated_at`); the stored job."""
    changes = {
        field.name: getattr(after, field.name)
        for field in fields(JobFields)
        if getattr(after, field.name) != getattr(before, field.name)
    }
    statement = (
        update(jobs)
        .where(jobs.c.job_id == before.job_id)
        .values(**changes, updated_at=func.now())
        .returning(jobs)
    )
    return _job((await session.execute(statement)).mappings().one())


@dataclass(frozen=True)
class JobFilter:
    business_id: str
    status: JobStatus | None = None
    billing_status: BillingStatus | None = None
    customer: str | None = None
    external_id: str | None = None
    completed_from: datetime | None = None
    completed_to: datetime | None = None


async def list_jobs(
    session: AsyncSession, where: JobFilter, *, limit: int, offset: int
) -> tuple[list[JobRecord], int]:
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
    return [_job(r) for r in rows], int(total)


async def add_payment_fact(session: AsyncSession, fact: PaymentFact) -> bool:
    """Record a payment fact once; False when the same fact was already known."""
    statement = (
        pg_insert(payment_facts)
        .values(**asdict(fact))
        .on_conflict_do_nothing(index_elements=["business_id", "payment_id", "kind", "fact_key"])
        .returning(payment_facts.c.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def payments_of_invoice(
    session: AsyncSession, business_id: str, invoice_id: str
) -> list[PaymentFact]:
    """The invoice's payment facts in the order they happened (then were recorded)."""
    query = (
        select(*(payment_facts.c[field.name] for field in fields(PaymentFact)))
        .where(payment_facts.c.business_id == business_id, payment_facts.c.invoice_id == invoice_id)
        .order_by(payment_facts.c.occurred_at, payment_facts.c.id)
    )
    return [PaymentFact(**row) for row in (await session.execute(query)).mappings().all()]


async def add_grant(session: AsyncSession, grant: PlatformGrant) -> bool:
    """True if the grant is new."""
    statement = (
        pg_insert(platform_grants)
        .values(platform=grant.platform, business_id=grant.business_id)
        .on_conflict_do_nothing()
        .returning(platform_grants.c.platform)
    )
    return (await session.execute(statement)).first() is not None


async def delete_grant(session: AsyncSession, grant: PlatformGrant) -> bool:
    """True if there was such a grant."""
    statement = (
        delete(platform_grants)
        .where(
            platform_grants.c.platform == grant.platform,
            platform_grants.c.business_id == grant.business_id,
        )
        .returning(platform_grants.c.platform)
    )
    return (await session.execute(statement)).first() is not None


async def has_grant(session: AsyncSession, grant: PlatformGrant) -> bool:
    query = select(
        exists().where(
            platform_grants.c.platform == grant.platform,
            platform_grants.c.business_id == grant.business_id,
        )
    )
    return bool((await session.execute(query)).scalar())


async def all_grants(session: AsyncSession) -> list[PlatformGrant]:
    query = select(platform_grants.c.platform, platform_grants.c.business_id).order_by(
        platform_grants.c.platform, platform_grants.c.business_id
    )
    return [PlatformGrant(row.platform, row.business_id) for row in await session.execute(query)]
