"""Queries over the payments tables. Functions take the caller's session (its transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage.records import (
    AttemptRecord,
    InvoiceRecord,
    LedgerEntry,
    NewAttempt,
    NewLedgerEntry,
    NewPayment,
    PaymentRecord,
    ProjectedInvoice,
    WebhookEventRecord,
    WebhookEventSummary,
)
from closeout.payments.storage.tables import attempts, invoices, ledger, payments, webhook_events

# Every payments transaction that changes money takes the invoice lock first (the webhook
# worker's and the projection's set them too), so these bound it: a stuck lock holder or
# statement fails the transaction (it is retried) instead of piling requests up behind it.
LOCK_TIMEOUT = "10s"
STATEMENT_TIMEOUT = "30s"


async def set_timeouts(session: AsyncSession) -> None:
    """Lock and statement timeouts for the rest of the caller's transaction."""
    await session.execute(
        text(
            "SELECT set_config('lock_timeout', :lock, true),"
            " set_config('statement_timeout', :statement, true)"
        ),
        {"lock": LOCK_TIMEOUT, "statement": STATEMENT_TIMEOUT},
    )


async def lock_invoice(session: AsyncSession, invoice_id: str) -> None:
    """Serialise every money fact about one invoice (held until the transaction ends)."""
    await set_timeouts(session)
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"payments:invoice:{invoice_id}"},
    )


# --- invoice projection ---------------------------------------------------------------


async def get_invoice(session: AsyncSession, invoice_id: str) -> InvoiceRecord | None:
    result = await session.execute(select(invoices).where(invoices.c.invoice_id == invoice_id))
    row = result.mappings().one_or_none()
    return None if row is None else InvoiceRecord(**row)


async def upsert_invoice(session: AsyncSession, invoice: ProjectedInvoice) -> None:
    """Keep the newest snapshot: an older version arriving late never moves it back."""
    values = asdict(invoice)
    stmt = insert(invoices).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[invoices.c.invoice_id],
        set_={
            **{k: stmt.excluded[k] for k in values if k != "invoice_id"},
            "updated_at": func.now(),
        },
        where=invoices.c.version < stmt.excluded.version,
    )
    await session.execute(stmt)


# --- checkout attempts ----------------------------------------------------------------


async def get_attempt(session: AsyncSession, attempt_id: str) -> AttemptRecord | None:
    result = await session.execute(select(attempts).where(attempts.c.attempt_id == attempt_id))
    row = result.mappings().one_or_none()
    return None if row is None else AttemptRecord(**row)


async def reusable_attempt(
    session: AsyncSession,
    invoice_id: str,
    amount: int,
    currency: str,
    valid_until: datetime,
    *,
    statuses: tuple[str, ...],
) -> AttemptRecord | None:
    """A session for the same balance that stays usable for a while yet."""
    result = await session.execute(
        select(attempts)
        .where(
            attempts.c.invoice_id == invoice_id,
            attempts.c.amount == amount,
            attempts.c.currency == currency,
            attempts.c.status.in_(statuses),
            attempts.c.expires_at > valid_until,
            attempts.c.expire_requested_at.is_(None),
        )
        .order_by(attempts.c.attempt_no.desc())
        .limit(1)
    )
    row = result.mappings().first()
    return None if row is None else AttemptRecord(**row)


async def next_attempt_no(session: AsyncSession, invoice_id: str) -> int:
    result = await session.execute(
        select(func.coalesce(func.max(attempts.c.attempt_no), 0)).where(
            attempts.c.invoice_id == invoice_id
        )
    )
    return int(result.scalar_one()) + 1


async def insert_attempt(session: AsyncSession, attempt: NewAttempt) -> None:
    await session.execute(insert(attempts).values(**asdict(attempt)))


async def open_attempt(
    session: AsyncSession, attempt_id: str, session_id: str, url: str | None
) -> bool:
    """Record Stripe's session on a reserved attempt; False when another request did."""
    result = await session.execute(
        update(attempts)
        .where(
            attempts.c.attempt_id == attempt_id,
            attempts.c.status.in_(("creating", "abandoned")),
        )
        .values(
            status="open", checkout_session_id=session_id, checkout_url=url, updated_at=func.now()
        )
        .returning(attempts.c.attempt_id)
    )
    return result.first() is not None


async def request_expiry(
    session: AsyncSession, invoice_id: str, *, keep_amount: int | None, reason: str
) -> int:
    """Mark the invoice's open sessions for expiry: all of them (keep_amount None), or those
    for another amount than `keep_amount`."""
    query = update(attempts).where(
        attempts.c.invoice_id == invoice_id,
        attempts.c.status.in_(("creating", "open")),
        attempts.c.expire_requested_at.is_(None),
    )
    if keep_amount is not None:
        query = query.where(attempts.c.amount != keep_amount)
    result = await session.execute(
        query.values(
            expire_requested_at=func.now(), expire_reason=reason, updated_at=func.now()
        ).returning(attempts.c.attempt_id)
    )
    return len(result.all())


async def attempts_to_expire(session: AsyncSession, *, limit: int) -> list[AttemptRecord]:
    result = await session.execute(
        select(attempts)
        .where(
            attempts.c.status == "open",
            attempts.c.expire_requested_at.is_not(None),
            attempts.c.expire_requested_at <= func.now(),
        )
        .order_by(attempts.c.expire_requested_at)
        .limit(limit)
    )
    return [AttemptRecord(**row) for row in result.mappings()]


async def postpone_expiry(session: AsyncSession, attempt_id: str, delay: timedelta) -> None:
    await session.execute(
        update(attempts)
        .where(attempts.c.attempt_id == attempt_id)
        .values(expire_requested_at=func.now() + delay)
    )


async def set_attempt_status(
    session: AsyncSession, attempt_id: str, status: str, *, only_from: tuple[str, ...]
) -> bool:
    result = await session.execute(
        update(attempts)
        .where(attempts.c.attempt_id == attempt_id, attempts.c.status.in_(only_from))
        .values(status=status, updated_at=func.now())
        .returning(attempts.c.attempt_id)
    )
    return result.first() is not None


async def unsettled_attempts(
    session: AsyncSession, *, created_before: datetime, checked_before: datetime, limit: int
) -> list[AttemptRecord]:
    result = await session.execute(
        select(attempts)
        .where(
            attempts.c.status.in_(("open", "processing")),
            attempts.c.created_at <= created_before,
            (attempts.c.reconciled_at.is_(None)) | (attempts.c.reconciled_at <= checked_before),
        )
        .order_by(attempts.c.created_at)
        .limit(limit)
    )
    return [AttemptRecord(**row) for row in result.mappings()]


async def mark_reconciled(session: AsyncSession, attempt_id: str) -> None:
    await session.execute(
        update(attempts).where(attempts.c.attempt_id == attempt_id).values(reconciled_at=func.now())
    )


# --- payments -------------------------------------------------------------------------


async def get_payment(session: AsyncSession, payment_id: str) -> PaymentRecord | None:
    result = await session.execute(select(payments).where(payments.c.payment_id == payment_id))
    row = result.mappings().one_or_none()
    return None if row is None else PaymentRecord(**row)


async def find_payment(
    session: AsyncSession, invoice_id: str, provider_key: str
) -> PaymentRecord | None:
    result = await session.execute(
        select(payments).where(
            payments.c.invoice_id == invoice_id, payments.c.provider_key == provider_key
        )
    )
    row = result.mappings().one_or_none()
    return None if row is None else PaymentRecord(**row)


async def insert_payment(session: AsyncSession, payment: NewPayment) -> PaymentRecord:
    """Create the payment unless the same (invoice, provider key) exists; return the stored one."""
    await session.execute(
        insert(payments)
        .values(**asdict(payment))
        .on_conflict_do_nothing(index_elements=[payments.c.invoice_id, payments.c.provider_key])
    )
    stored = await find_payment(session, payment.invoice_id, payment.provider_key)
    assert stored is not None
    return stored


async def payment_for_claim(session: AsyncSession, claim_id: str) -> PaymentRecord | None:
    result = await session.execute(select(payments).where(payments.c.claim_id == claim_id))
    row = result.mappings().one_or_none()
    return None if row is None else PaymentRecord(**row)


async def payments_by_intent(
    session: AsyncSession, payment_intent_id: str, invoice_id: str | None = None
) -> list[PaymentRecord]:
    query = select(payments).where(payments.c.payment_intent_id == payment_intent_id)
    if invoice_id is not None:
        query = query.where(payments.c.invoice_id == invoice_id)
    result = await session.execute(query.order_by(payments.c.created_at))
    return [PaymentRecord(**row) for row in result.mappings()]


async def has_confirmed_payment(session: AsyncSession, payment_intent_id: str) -> bool:
    result = await session.execute(
        select(payments.c.payment_id).where(
            payments.c.payment_intent_id == payment_intent_id, payments.c.status == "confirmed"
        )
    )
    return result.first() is not None


async def update_payment(session: AsyncSession, payment_id: str, **values: object) -> None:
    await session.execute(
        update(payments).where(payments.c.payment_id == payment_id).values(**values)
    )


async def net_paid(session: AsyncSession, invoice_id: str) -> int:
    """Confirmed minus refunded, over the invoice's payments recorded here."""
    result = await session.execute(
        select(func.coalesce(func.sum(payments.c.amount - payments.c.amount_refunded), 0)).where(
            payments.c.invoice_id == invoice_id, payments.c.status == "confirmed"
        )
    )
    return int(result.scalar_one())


async def payments_of_invoice(session: AsyncSession, invoice_id: str) -> list[PaymentRecord]:
    result = await session.execute(
        select(payments).where(payments.c.invoice_id == invoice_id).order_by(payments.c.created_at)
    )
    return [PaymentRecord(**row) for row in result.mappings()]


# --- ledger ---------------------------------------------------------------------------


async def add_entry(session: AsyncSession, entry: NewLedgerEntry) -> bool:
    """Record a fact once: False when the same fact (dedupe key) is already in the ledger."""
    result = await session.execute(
        insert(ledger)
        .values(**asdict(entry))
        .on_conflict_do_nothing(index_elements=[ledger.c.dedupe_key])
        .returning(ledger.c.id)
    )
    return result.first() is not None


async def entry_by_key(session: AsyncSession, dedupe_key: str) -> LedgerEntry | None:
    result = await session.execute(select(ledger).where(ledger.c.dedupe_key == dedupe_key))
    row = result.mappings().one_or_none()
    return None if row is None else LedgerEntry(**row)


async def has_entry(session: AsyncSession, dedupe_key: str) -> bool:
    result = await session.execute(select(ledger.c.id).where(ledger.c.dedupe_key == dedupe_key))
    return result.first() is not None


async def entry_amount(session: AsyncSession, dedupe_key: str) -> int | None:
    """The amount of the recorded fact, or None when it is not in the ledger."""
    result = await session.execute(select(ledger.c.amount).where(ledger.c.dedupe_key == dedupe_key))
    row = result.first()
    return None if row is None else int(row.amount or 0)


async def count_entries(session: AsyncSession, payment_id: str, kind: str) -> int:
    result = await session.execute(
        select(func.count()).where(ledger.c.payment_id == payment_id, ledger.c.kind == kind)
    )
    return int(result.scalar_one())


async def entries_of_invoice(session: AsyncSession, invoice_id: str) -> list[LedgerEntry]:
    result = await session.execute(
        select(ledger).where(ledger.c.invoice_id == invoice_id).order_by(ledger.c.id)
    )
    return [LedgerEntry(**row) for row in result.mappings()]


# --- webhook events -------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookEventRow:
    event_id: str
    event_type: str
    account: str | None
    payload: dict[str, Any]
    traceparent: str | None = None


async def store_webhook_events(session: AsyncSession, rows: list[WebhookEventRow]) -> set[str]:
    """Insert the events not stored yet (one statement); the ids that were new. An id given
    twice is inserted once."""
    unique: dict[str, WebhookEventRow] = {}
    for row in rows:
        unique.setdefault(row.event_id, row)
    result = await session.execute(
        insert(webhook_events)
        .values([vars(row) for row in unique.values()])
        .on_conflict_do_nothing(index_elements=[webhook_events.c.event_id])
        .returning(webhook_events.c.event_id)
    )
    return set(result.scalars())


async def claim_due_webhook_event(
    session: AsyncSession, *, skip: Sequence[str] = ()
) -> WebhookEventRecord | None:
    """Lock one due event (not one of `skip`); other workers skip it while this transaction
    holds it."""
    await set_timeouts(session)
    due = [
        webhook_events.c.status.in_(("pending", "waiting")),
        webhook_events.c.next_attempt_at <= func.now(),
    ]
    if skip:
        due.append(webhook_events.c.event_id.not_in(skip))
    result = await session.execute(
        select(webhook_events)
        .where(*due)
        .order_by(webhook_events.c.next_attempt_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = result.mappings().first()
    return None if row is None else WebhookEventRecord(**row)


async def finish_webhook_event(
    session: AsyncSession, event_id: str, *, status: str, outcome: str | None
) -> None:
    await session.execute(
        update(webhook_events)
        .where(webhook_events.c.event_id == event_id)
        .values(
            status=status,
            outcome=outcome,
            attempts=webhook_events.c.attempts + 1,
            processed_at=func.now(),
            last_error=None,
            waiting_for=None,
        )
    )


async def fail_webhook_event(
    session: AsyncSession,
    event_id: str,
    *,
    error: str,
    retry_in: timedelta | None,
    waiting_for: str | None = None,
) -> None:
    """Schedule a retry after `retry_in`, or give up (status failed) when it is None. An event
    `waiting_for` a payment intent's confirmation is requeued by it (`wake_waiting_events`)."""
    values: dict[str, object] = {
        "attempts": webhook_events.c.attempts + 1,
        "last_error": error,
        "waiting_for": waiting_for,
    }
    if retry_in is None:
        values["status"] = "failed"
    else:
        values["status"] = "waiting" if waiting_for else "pending"
        values["next_attempt_at"] = func.now() + retry_in
    await session.execute(
        update(webhook_events).where(webhook_events.c.event_id == event_id).values(**values)
    )


async def wake_waiting_events(session: AsyncSession, payment_intent_id: str) -> int:
    """The payment these events waited for is confirmed: process them now (even those that
    gave up waiting), with their attempts renewed."""
    result = await session.execute(
        update(webhook_events)
        .where(
            webhook_events.c.waiting_for == payment_intent_id,
            webhook_events.c.status.in_(("waiting", "failed")),
        )
        .values(status="pending", attempts=0, next_attempt_at=func.now())
        .returning(webhook_events.c.event_id)
    )
    return len(result.all())


async def list_webhook_events(
    session: AsyncSession, *, status: str | None, limit: int
) -> list[WebhookEventSummary]:
    query = select(
        webhook_events.c.event_id,
        webhook_events.c.event_type,
        webhook_events.c.account,
        webhook_events.c.status,
        webhook_events.c.attempts,
        webhook_events.c.last_error,
        webhook_events.c.outcome,
        webhook_events.c.received_at,
        webhook_events.c.processed_at,
        webhook_events.c.next_attempt_at,
    )
    if status is not None:
        query = query.where(webhook_events.c.status == status)
    result = await session.execute(query.order_by(webhook_events.c.received_at.desc()).limit(limit))
    return [WebhookEventSummary(**row) for row in result.mappings()]


async def requeue_webhook_event(session: AsyncSession, event_id: str) -> bool:
    result = await session.execute(
        update(webhook_events)
        .where(webhook_events.c.event_id == event_id)
        .values(status="pending", attempts=0, next_attempt_at=func.now(), last_error=None)
        .returning(webhook_events.c.event_id)
    )
    return result.first() is not None
