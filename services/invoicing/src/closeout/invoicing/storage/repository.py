"""Queries of the invoicing database. Callers own the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, exists, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage.records import (
    Business,
    Claim,
    Invoice,
    LedgerEntry,
    Link,
    Receipt,
    RefundFailure,
    TimelineRecord,
)
from closeout.invoicing.storage.tables import (
    CURRENT_JOB_INVOICE,
    businesses,
    claims,
    disputes,
    invoice_counters,
    invoice_requests,
    invoices,
    job_cancellations,
    ledger,
    payment_links,
    receipt_counters,
    receipts,
    refund_failures,
    timeline,
)
from closeout.shared.contracts.invoices import PaymentClaim
from closeout.shared.errors import ConflictError


async def get_business(session: AsyncSession, business_id: str) -> Business | None:
    row = (
        (await session.execute(select(businesses).where(businesses.c.business_id == business_id)))
        .mappings()
        .first()
    )
    return Business.from_row(row) if row else None


async def ensure_business(session: AsyncSession, business_id: str, **defaults: object) -> bool:
    """Create the business with `defaults` unless it exists; True if created."""
    result = await session.execute(
        insert(businesses)
        .values(business_id=business_id, **defaults)
        .on_conflict_do_nothing(index_elements=["business_id"])
        .returning(businesses.c.business_id)
    )
    return result.scalar_one_or_none() is not None


async def update_business(session: AsyncSession, business_id: str, **values: object) -> None:
    await session.execute(
        update(businesses)
        .where(businesses.c.business_id == business_id)
        .values(**values, updated_at=func.now())
    )


async def insert_invoice_once(session: AsyncSession, **values: object) -> bool:
    """Insert unless this business already has an invoice for the job (concurrency-safe)."""
    result = await session.execute(
        insert(invoices)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["business_id", "job_id"], index_where=text(CURRENT_JOB_INVOICE)
        )
        .returning(invoices.c.invoice_id)
    )
    return result.scalar_one_or_none() is not None


async def insert_invoice(session: AsyncSession, **values: object) -> None:
    """Insert an invoice; a number the business already uses is a conflict."""
    try:
        async with session.begin_nested():
            await session.execute(insert(invoices).values(**values))
    except IntegrityError as error:
        if "uq_invoices_business_id_number" in str(error.orig):
            raise ConflictError(
                f"invoice number {values.get('number')!r} is already used"
            ) from None
        raise


async def number_taken(session: AsyncSession, business_id: str, number: str) -> bool:
    taken = exists().where(invoices.c.business_id == business_id, invoices.c.number == number)
    return bool((await session.execute(select(taken))).scalar_one())


async def get_invoice(
    session: AsyncSession, invoice_id: str, *, for_update: bool = False
) -> Invoice | None:
    query = select(invoices).where(invoices.c.invoice_id == invoice_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return Invoice.from_row(row) if row else None


async def invoice_id_for_job(session: AsyncSession, business_id: str, job_id: str) -> str | None:
    result = await session.execute(
        select(invoices.c.invoice_id).where(
            invoices.c.business_id == business_id,
            invoices.c.job_id == job_id,
            invoices.c.reissued_as.is_(None),
        )
    )
    return result.scalar_one_or_none()


async def update_invoice(session: AsyncSession, invoice_id: str, **values: object) -> Invoice:
    row = (
        (
            await session.execute(
                update(invoices)
                .where(invoices.c.invoice_id == invoice_id)
                .values(**values, updated_at=func.now())
                .returning(invoices)
            )
        )
        .mappings()
        .one()
    )
    return Invoice.from_row(row)


# Jobs


async def lock_job(session: AsyncSession, business_id: str, job_id: str) -> None:
    """Serialise the job's billing and cancellation until the caller's commit.

    They arrive on different topics, possibly at different consumer instances; without this,
    a cancellation could miss an invoice being created in a concurrent transaction.
    """
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"invoicing-job:{business_id}:{job_id}"},
    )


async def record_cancellation_once(
    session: AsyncSession,
    *,
    business_id: str,
    job_id: str,
    external_id: str,
    revision: int,
    cancelled_at: datetime,
    actor: str,
) -> bool:
    """Record a job's cancellation; False if it was recorded before."""
    result = await session.execute(
        insert(job_cancellations)
        .values(
            business_id=business_id,
            job_id=job_id,
            external_id=external_id,
            revision=revision,
            cancelled_at=cancelled_at,
            actor=actor,
        )
        .on_conflict_do_nothing(index_elements=["business_id", "job_id"])
        .returning(job_cancellations.c.job_id)
    )
    return result.scalar_one_or_none() is not None


async def job_is_cancelled(session: AsyncSession, business_id: str, job_id: str) -> bool:
    cancelled = exists().where(
        job_cancellations.c.business_id == business_id, job_cancellations.c.job_id == job_id
    )
    return bool((await session.execute(select(cancelled))).scalar_one())


@dataclass(frozen=True)
class InvoiceFilter:
    business_id: str | None
    status: str | None = None
    overdue: bool | None = None
    customer: str | None = None
    job_external_id: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    needs_review: bool | None = None
    limit: int = 50
    offset: int = 0


async def list_invoices(session: AsyncSession, f: InvoiceFilter) -> list[Invoice]:
    conditions = []
    if f.business_id is not None:
        conditions.append(invoices.c.business_id == f.business_id)
    if f.status:
        conditions.append(invoices.c.status == f.status)
    if f.overdue is not None:
        conditions.append(
            invoices.c.overdue_at.is_not(None)
            & invoices.c.status.in_(["overdue", "partially_paid"])
            if f.overdue
            else ~(
                invoices.c.overdue_at.is_not(None)
                & invoices.c.status.in_(["overdue", "partially_paid"])
            )
        )
    if f.customer:
        pattern = f"%{f.customer}%"
        conditions.append(
            invoices.c.customer_name.ilike(pattern) | invoices.c.customer_email.ilike(pattern)
        )
    if f.job_external_id:
        conditions.append(invoices.c.job_external_id == f.job_external_id)
    if f.created_from:
        conditions.append(invoices.c.created_at >= f.created_from)
    if f.created_to:
        conditions.append(invoices.c.created_at < f.created_to)
    if f.needs_review is not None:
        conditions.append(invoices.c.needs_review.is_(f.needs_review))
    query = (
        select(invoices)
        .where(and_(True, *conditions))
        .order_by(invoices.c.created_at.desc(), invoices.c.invoice_id.desc())
        .limit(f.limit)
        .offset(f.offset)
    )
    rows = (await session.execute(query)).mappings().all()
    return [Invoice.from_row(r) for r in rows]


async def next_number(session: AsyncSession, business_id: str, year: int) -> int:
    """The next sequence number, locking the counter row until the caller's commit."""
    return await _bump(session, invoice_counters, business_id=business_id, year=year)


async def add_timeline(
    session: AsyncSession,
    invoice_id: str,
    kind: str,
    detail: str,
    *,
    actor: str,
    data: dict[str, Any] | None = None,
) -> None:
    await session.execute(
        timeline.insert().values(
            invoice_id=invoice_id, kind=kind, detail=detail, actor=actor, data=data
        )
    )


async def get_timeline(session: AsyncSession, invoice_id: str) -> list[TimelineRecord]:
    rows = await session.execute(
        select(timeline).where(timeline.c.invoice_id == invoice_id).order_by(timeline.c.id)
    )
    return [TimelineRecord.from_row(r) for r in rows.mappings().all()]


# Payment links


async def insert_link(
    session: AsyncSession,
    *,
    link_id: str,
    invoice_id: str,
    token_hash: str,
    purpose: str,
    expires_at: datetime,
) -> None:
    await session.execute(
        payment_links.insert().values(
            link_id=link_id,
            invoice_id=invoice_id,
            token_hash=token_hash,
            purpose=purpose,
            expires_at=expires_at,
        )
    )


async def find_link(session: AsyncSession, token_hash: str) -> Link | None:
    row = (
        (
            await session.execute(
                select(payment_links).where(payment_links.c.token_hash == token_hash)
            )
        )
        .mappings()
        .first()
    )
    return Link.from_row(row) if row else None


async def links_of(session: AsyncSession, invoice_id: str) -> list[Link]:
    rows = await session.execute(
        select(payment_links)
        .where(payment_links.c.invoice_id == invoice_id)
        .order_by(payment_links.c.created_at)
    )
    return [Link.from_row(r) for r in rows.mappings().all()]


async def revoke_links(session: AsyncSession, invoice_id: str, link_id: str | None = None) -> int:
    condition = (payment_links.c.invoice_id == invoice_id) & payment_links.c.revoked_at.is_(None)
    if link_id is not None:
        condition &= payment_links.c.link_id == link_id
    result = await session.execute(
        update(payment_links).where(condition).values(revoked_at=func.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def count_link_view(session: AsyncSession, link_id: str) -> None:
    await session.execute(
        update(payment_links)
        .where(payment_links.c.link_id == link_id)
        .values(view_count=payment_links.c.view_count + 1, last_viewed_at=func.now())
    )


# Ledger, disputes, claims


async def insert_ledger_entry_once(
    session: AsyncSession,
    *,
    entry_id: str,
    invoice_id: str,
    fact_key: str,
    kind: str,
    payment_id: str,
    amount: int,
    currency: str,
    method: str,
    provider: str,
    occurred_at: datetime,
    refund_id: str | None = None,
    reference: str | None = None,
    claim_id: str | None = None,
) -> bool:
    """Record a fact in the ledger once by its `fact_key`; False if it was recorded before."""
    result = await session.execute(
        insert(ledger)
        .values(
            entry_id=entry_id,
            invoice_id=invoice_id,
            fact_key=fact_key,
            kind=kind,
            payment_id=payment_id,
            refund_id=refund_id,
            amount=amount,
            currency=currency,
            method=method,
            provider=provider,
            reference=reference,
            claim_id=claim_id,
            occurred_at=occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["fact_key"])
        .returning(ledger.c.entry_id)
    )
    return result.scalar_one_or_none() is not None


async def ledger_of(session: AsyncSession, invoice_id: str) -> list[LedgerEntry]:
    rows = await session.execute(
        select(ledger).where(ledger.c.invoice_id == invoice_id).order_by(ledger.c.occurred_at)
    )
    return [LedgerEntry.from_row(r) for r in rows.mappings().all()]


@dataclass(frozen=True)
class LedgerFacts:
    paid: int
    refunded: int  # refunds less their reversals
    last_paid_at: datetime | None
    open_dispute: bool


async def ledger_facts(session: AsyncSession, invoice_id: str) -> LedgerFacts:
    """What the ledger and the disputes say of an invoice, in one round trip."""
    paid_sum = func.coalesce(func.sum(ledger.c.amount).filter(ledger.c.kind == "payment"), 0)
    refund_sum = func.coalesce(func.sum(ledger.c.amount).filter(ledger.c.kind == "refund"), 0)
    reversed_sum = func.coalesce(func.sum(ledger.c.amount).filter(ledger.c.kind == "reversal"), 0)
    last_paid = func.max(ledger.c.occurred_at).filter(ledger.c.kind == "payment")
    open_dispute = exists().where(
        disputes.c.invoice_id == invoice_id,
        disputes.c.opened.is_(True),
        disputes.c.closed_status.is_(None),
    )
    query = select(paid_sum, refund_sum - reversed_sum, last_paid, open_dispute).where(
        ledger.c.invoice_id == invoice_id
    )
    row = (await session.execute(query)).one()
    return LedgerFacts(int(row[0]), int(row[1]), row[2], bool(row[3]))


async def ledger_entry(session: AsyncSession, invoice_id: str, fact_key: str) -> LedgerEntry | None:
    query = select(ledger).where(ledger.c.invoice_id == invoice_id, ledger.c.fact_key == fact_key)
    row = (await session.execute(query)).mappings().first()
    return LedgerEntry.from_row(row) if row is not None else None


async def insert_refund_failure_once(
    session: AsyncSession,
    *,
    refund_id: str,
    invoice_id: str,
    payment_id: str,
    amount: int,
    reason: str,
    reversed_amount: int | None,
    occurred_at: datetime,
) -> bool:
    result = await session.execute(
        insert(refund_failures)
        .values(
            refund_id=refund_id,
            invoice_id=invoice_id,
            payment_id=payment_id,
            amount=amount,
            reason=reason,
            reversed_amount=reversed_amount,
            occurred_at=occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["refund_id"])
        .returning(refund_failures.c.refund_id)
    )
    return result.scalar_one_or_none() is not None


async def refund_failure(
    session: AsyncSession, invoice_id: str, refund_id: str
) -> RefundFailure | None:
    query = select(refund_failures).where(
        refund_failures.c.invoice_id == invoice_id, refund_failures.c.refund_id == refund_id
    )
    row = (await session.execute(query)).mappings().first()
    return RefundFailure.from_row(row) if row is not None else None


async def note_late_refund(session: AsyncSession, refund_id: str, at: datetime) -> bool:
    """Mark that the failed refund was reported as refunded later; False if already marked."""
    result = await session.execute(
        update(refund_failures)
        .where(refund_failures.c.refund_id == refund_id, refund_failures.c.late_refund_at.is_(None))
        .values(late_refund_at=at)
        .returning(refund_failures.c.refund_id)
    )
    return result.scalar_one_or_none() is not None


async def record_dispute(
    session: AsyncSession,
    *,
    dispute_key: str,
    invoice_id: str,
    payment_id: str,
    amount: int,
    opened: bool,
    closed_status: str | None,
) -> bool:
    """Merge what is known about a dispute; True if anything changed. Order-independent:
    an `opened` fact arriving after the close never reopens it."""
    existing = (
        (
            await session.execute(
                select(disputes).where(disputes.c.dispute_key == dispute_key).with_for_update()
            )
        )
        .mappings()
        .first()
    )
    if existing is None:
        await session.execute(
            disputes.insert().values(
                dispute_key=dispute_key,
                invoice_id=invoice_id,
                payment_id=payment_id,
                amount=amount,
                opened=opened,
                closed_status=closed_status,
            )
        )
        return True
    new_opened = bool(existing["opened"]) or opened
    new_closed = existing["closed_status"] or closed_status
    if new_opened == existing["opened"] and new_closed == existing["closed_status"]:
        return False
    await session.execute(
        update(disputes)
        .where(disputes.c.dispute_key == dispute_key)
        .values(opened=new_opened, closed_status=new_closed)
    )
    return True


async def insert_claim(session: AsyncSession, invoice_id: str, claim: PaymentClaim) -> None:
    await session.execute(claims.insert().values(invoice_id=invoice_id, **claim.model_dump()))


async def resolve_claim(
    session: AsyncSession, claim_id: str, invoice_id: str, status: str, resolution: str
) -> bool:
    result = await session.execute(
        update(claims)
        .where(
            claims.c.claim_id == claim_id,
            claims.c.invoice_id == invoice_id,
            claims.c.status == "pending",
        )
        .values(status=status, resolution=resolution, resolved_at=func.now())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def claims_of(session: AsyncSession, invoice_id: str) -> list[Claim]:
    rows = await session.execute(
        select(claims).where(claims.c.invoice_id == invoice_id).order_by(claims.c.claimed_at)
    )
    return [Claim.from_row(r) for r in rows.mappings().all()]


async def due_for_action(
    session: AsyncSession, now: datetime, after: tuple[datetime, str] | None, limit: int
) -> list[tuple[datetime, str]]:
    """One keyset page of (next_action_at, invoice_id) with work due by `now`, in that order."""
    query = select(invoices.c.next_action_at, invoices.c.invoice_id).where(
        invoices.c.next_action_at <= now
    )
    if after is not None:
        query = query.where(tuple_(invoices.c.next_action_at, invoices.c.invoice_id) > after)
    query = query.order_by(invoices.c.next_action_at, invoices.c.invoice_id).limit(limit)
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def lock_if_due(session: AsyncSession, invoice_id: str, now: datetime) -> Invoice | None:
    """The invoice, locked, if it still has work due; None if it has not, or if another
    scheduler holds it (SKIP LOCKED: that one does the work)."""
    query = (
        select(invoices)
        .where(invoices.c.invoice_id == invoice_id, invoices.c.next_action_at <= now)
        .with_for_update(skip_locked=True)
    )
    row = (await session.execute(query)).mappings().first()
    return Invoice.from_row(row) if row else None


async def receipt_for_entry(session: AsyncSession, entry_id: str) -> Receipt | None:
    query = select(receipts).where(receipts.c.entry_id == entry_id)
    row = (await session.execute(query)).mappings().first()
    return Receipt.from_row(row) if row is not None else None


async def next_receipt_sequence(session: AsyncSession, business_id: str) -> int:
    return await bump_counter(session, receipt_counters, business_id)


async def bump_counter(session: AsyncSession, counters: Table, business_id: str) -> int:
    """The business's next number in `counters` (a per-business `last_number` table); the
    counter row stays locked until the caller's commit, so numbers are unique and gap-free."""
    return await _bump(session, counters, business_id=business_id)


async def _bump(session: AsyncSession, counters: Table, **key: object) -> int:
    """One round trip: the first number is 1; after that, the row's `last_number` + 1, the row
    locked (a concurrent bump waits for this transaction, then counts on from its number)."""
    statement = insert(counters).values(**key, last_number=1)
    bumped = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={"last_number": counters.c.last_number + 1},
    ).returning(counters.c.last_number)
    return int((await session.execute(bumped)).scalar_one())


async def insert_receipt(session: AsyncSession, **values: object) -> Receipt:
    row = (await session.execute(insert(receipts).values(**values).returning(receipts))).mappings()
    return Receipt.from_row(row.one())


async def receipts_of(session: AsyncSession, invoice_id: str) -> list[Receipt]:
    rows = await session.execute(
        select(receipts)
        .where(receipts.c.invoice_id == invoice_id)
        .order_by(receipts.c.paid_at, receipts.c.receipt_number)
    )
    return [Receipt.from_row(r) for r in rows.mappings().all()]


async def get_receipt(
    session: AsyncSession, invoice_id: str, receipt_number: str
) -> Receipt | None:
    query = select(receipts).where(
        receipts.c.invoice_id == invoice_id, receipts.c.receipt_number == receipt_number
    )
    row = (await session.execute(query)).mappings().first()
    return Receipt.from_row(row) if row is not None else None


# Idempotency keys of `POST /v1/invoices`


@dataclass(frozen=True)
class StoredRequest:
    request_hash: str
    invoice_id: str


async def claim_request(
    session: AsyncSession, business_id: str, key: str, request_hash: str, invoice_id: str
) -> StoredRequest | None:
    """Record the key for `invoice_id`; if the key was used before (also by a concurrent
    request, once it commits), what it was used for."""
    result = await session.execute(
        insert(invoice_requests)
        .values(
            business_id=business_id,
            idempotency_key=key,
            request_hash=request_hash,
            invoice_id=invoice_id,
        )
        .on_conflict_do_nothing(index_elements=["business_id", "idempotency_key"])
        .returning(invoice_requests.c.invoice_id)
    )
    if result.scalar_one_or_none() is not None:
        return None
    row = (
        await session.execute(
            select(invoice_requests.c.request_hash, invoice_requests.c.invoice_id).where(
                invoice_requests.c.business_id == business_id,
                invoice_requests.c.idempotency_key == key,
            )
        )
    ).one()
    return StoredRequest(request_hash=row.request_hash, invoice_id=row.invoice_id)
