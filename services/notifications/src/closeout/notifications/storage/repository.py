"""Reads and writes of the notifications tables."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import RowMapping, and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.adapters.wakeup import note_message_due
from closeout.notifications.storage.records import (
    DeferredEvent,
    InvoiceContext,
    NewNotification,
    NotificationRecord,
    SuppressionRecord,
)
from closeout.notifications.storage.tables import (
    alert_windows,
    deferred_events,
    invoice_contexts,
    notifications,
    provider_acceptances,
    suppressions,
)
from closeout.shared.contracts.invoices import BusinessProfile, InvoiceSnapshot
from closeout.shared.ids import utcnow


def _notification(row: RowMapping) -> NotificationRecord:
    return NotificationRecord(**row)


def _invoice_context(row: RowMapping) -> InvoiceContext:
    return InvoiceContext(
        invoice_id=row["invoice_id"],
        business_id=row["business_id"],
        version=row["version"],
        invoice=InvoiceSnapshot.model_validate(row["invoice"]),
        business=BusinessProfile.model_validate(row["business"]),
        payment_url=row["payment_url"],
    )


async def insert_notification(session: AsyncSession, message: NewNotification) -> bool:
    """Record a message unless one with the same dedupe key exists; True if recorded."""
    stmt = (
        insert(notifications)
        .values(**asdict(message))
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(notifications.c.id)
    )
    recorded = (await session.execute(stmt)).scalar_one_or_none() is not None
    if recorded and message.status == "pending":
        note_message_due(session)
    return recorded


async def notification_exists(session: AsyncSession, dedupe_key: str) -> bool:
    stmt = select(notifications.c.id).where(notifications.c.dedupe_key == dedupe_key)
    return (await session.execute(stmt)).first() is not None


async def receipts_for(session: AsyncSession, invoice_id: str) -> int:
    stmt = select(func.count()).where(
        and_(notifications.c.invoice_id == invoice_id, notifications.c.template == "receipt")
    )
    return int((await session.execute(stmt)).scalar_one())


async def claim_due(session: AsyncSession, limit: int) -> list[NotificationRecord]:
    """Pending messages whose time has come, locked for this worker only."""
    stmt = (
        select(notifications)
        .where(notifications.c.status == "pending", notifications.c.next_attempt_at <= func.now())
        .order_by(notifications.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [_notification(row) for row in (await session.execute(stmt)).mappings()]


async def mark_sent(
    session: AsyncSession,
    notification_id: str,
    *,
    attempts: int,
    provider_message_id: str | None = None,
) -> None:
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(
            status="sent",
            attempts=attempts,
            sent_at=utcnow(),
            last_error=None,
            provider_message_id=provider_message_id,
            updated_at=func.now(),
        )
    )


async def record_acceptance(
    session: AsyncSession, notification_id: str, provider_message_id: str
) -> None:
    """The provider accepted this message under this id (kept if already recorded)."""
    await session.execute(
        insert(provider_acceptances)
        .values(notification_id=notification_id, provider_message_id=provider_message_id)
        .on_conflict_do_nothing()
    )


async def accepted_as(session: AsyncSession, notification_id: str) -> str | None:
    """The provider's id of this message, if a provider already accepted it."""
    stmt = select(provider_acceptances.c.provider_message_id).where(
        provider_acceptances.c.notification_id == notification_id
    )
    found: str | None = (await session.execute(stmt)).scalar_one_or_none()
    return found


async def lock_by_provider_id(
    session: AsyncSession, provider_message_id: str
) -> NotificationRecord | None:
    """The message the provider knows by this id, locked (waits for a worker still on it)."""
    accepted = select(provider_acceptances.c.notification_id).where(
        provider_acceptances.c.provider_message_id == provider_message_id
    )
    stmt = select(notifications).where(notifications.c.id.in_(accepted)).with_for_update()
    row = (await session.execute(stmt)).mappings().first()
    return None if row is None else _notification(row)


async def set_delivery_status(
    session: AsyncSession, notification_id: str, *, status: str, error: str | None
) -> None:
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(
            delivery_status=status,
            delivery_error=error,
            delivery_updated_at=func.now(),
            updated_at=func.now(),
        )
    )


async def mark_failed(
    session: AsyncSession, notification_id: str, *, attempts: int, error: str
) -> None:
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(status="failed", attempts=attempts, last_error=error, updated_at=func.now())
    )


async def mark_suppressed(session: AsyncSession, notification_id: str, *, reason: str) -> None:
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(status="suppressed", last_error=reason, updated_at=func.now())
    )


async def schedule_retry(
    session: AsyncSession, notification_id: str, *, attempts: int, at: datetime, error: str
) -> None:
    """Still pending: the next attempt is not before `at`."""
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(attempts=attempts, next_attempt_at=at, last_error=error, updated_at=func.now())
    )


async def requeue_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> NotificationRecord | None:
    """Make a failed or suppressed message pending again (attempts start over)."""
    stmt = (
        update(notifications)
        .where(
            notifications.c.id == notification_id,
            notifications.c.business_id == business_id,
            notifications.c.status.in_(("failed", "suppressed")),
        )
        .values(status="pending", attempts=0, next_attempt_at=func.now(), updated_at=func.now())
        .returning(notifications)
    )
    row = (await session.execute(stmt)).mappings().first()
    if row is None:
        return None
    note_message_due(session)
    return _notification(row)


async def list_notifications(
    session: AsyncSession,
    business_id: str,
    *,
    invoice_id: str | None,
    status: str | None,
    limit: int,
) -> list[NotificationRecord]:
    stmt = select(notifications).where(notifications.c.business_id == business_id)
    if invoice_id is not None:
        stmt = stmt.where(notifications.c.invoice_id == invoice_id)
    if status is not None:
        stmt = stmt.where(notifications.c.status == status)
    stmt = stmt.order_by(notifications.c.created_at.desc(), notifications.c.id.desc()).limit(limit)
    return [_notification(row) for row in (await session.execute(stmt)).mappings()]


async def get_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> NotificationRecord | None:
    stmt = select(notifications).where(
        notifications.c.id == notification_id, notifications.c.business_id == business_id
    )
    row = (await session.execute(stmt)).mappings().first()
    return None if row is None else _notification(row)


async def is_suppressed(session: AsyncSession, business_id: str, address: str) -> bool:
    stmt = select(suppressions.c.address).where(
        suppressions.c.business_id == business_id, suppressions.c.address == address.lower()
    )
    return (await session.execute(stmt)).first() is not None


async def add_suppression(
    session: AsyncSession, business_id: str, address: str, reason: str, note: str | None
) -> bool:
    """True if newly added; an existing entry is left as it is."""
    stmt = (
        insert(suppressions)
        .values(business_id=business_id, address=address.lower(), reason=reason, note=note)
        .on_conflict_do_nothing()
        .returning(suppressions.c.address)
    )
    return (await session.execute(stmt)).scalar_one_or_none() is not None


async def remove_suppression(session: AsyncSession, business_id: str, address: str) -> bool:
    stmt = (
        delete(suppressions)
        .where(suppressions.c.business_id == business_id, suppressions.c.address == address.lower())
        .returning(suppressions.c.address)
    )
    return (await session.execute(stmt)).first() is not None


async def list_suppressions(session: AsyncSession, business_id: str) -> list[SuppressionRecord]:
    stmt = (
        select(suppressions)
        .where(suppressions.c.business_id == business_id)
        .order_by(suppressions.c.created_at.desc())
    )
    return [SuppressionRecord(**row) for row in (await session.execute(stmt)).mappings()]


async def upsert_invoice_context(session: AsyncSession, context: InvoiceContext) -> None:
    """Keep the newest snapshot (by version); a link once known is kept if a later event
    does not repeat it."""
    invoice_id, payment_url = context.invoice_id, context.payment_url
    stmt = insert(invoice_contexts).values(
        invoice_id=invoice_id,
        business_id=context.business_id,
        version=context.version,
        invoice=context.invoice.model_dump(mode="json"),
        business=context.business.model_dump(mode="json"),
        payment_url=payment_url,
    )
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["invoice_id"],
        set_={
            "version": excluded.version,
            "invoice": excluded.invoice,
            "business": excluded.business,
            "payment_url": func.coalesce(excluded.payment_url, invoice_contexts.c.payment_url),
            "updated_at": func.now(),
        },
        where=invoice_contexts.c.version <= excluded.version,
    )
    await session.execute(stmt)
    if payment_url is not None:
        # An older event may still be the only one that carried the link.
        await session.execute(
            update(invoice_contexts)
            .where(invoice_contexts.c.invoice_id == invoice_id)
            .where(invoice_contexts.c.payment_url.is_(None))
            .values(payment_url=payment_url)
        )


async def get_invoice_context(session: AsyncSession, invoice_id: str) -> InvoiceContext | None:
    stmt = select(invoice_contexts).where(invoice_contexts.c.invoice_id == invoice_id)
    row = (await session.execute(stmt)).mappings().first()
    return None if row is None else _invoice_context(row)


async def defer_event(session: AsyncSession, deferred: DeferredEvent) -> None:
    await session.execute(
        insert(deferred_events).values(**asdict(deferred)).on_conflict_do_nothing()
    )


async def take_deferred(session: AsyncSession, invoice_id: str) -> list[DeferredEvent]:
    stmt = (
        delete(deferred_events)
        .where(deferred_events.c.invoice_id == invoice_id)
        .returning(
            deferred_events.c.event_key,
            deferred_events.c.invoice_id,
            deferred_events.c.event_type,
            deferred_events.c.payload,
        )
    )
    return [DeferredEvent(**row) for row in (await session.execute(stmt)).mappings()]


async def latest_business_profile(
    session: AsyncSession, business_id: str
) -> BusinessProfile | None:
    stmt = (
        select(invoice_contexts.c.business)
        .where(invoice_contexts.c.business_id == business_id)
        .order_by(invoice_contexts.c.updated_at.desc())
        .limit(1)
    )
    profile = (await session.execute(stmt)).scalar_one_or_none()
    return None if profile is None else BusinessProfile.model_validate(profile)


async def count_alert(
    session: AsyncSession, *, kind: str, business_id: str, recipient: str, bucket: int
) -> int:
    """Count one occurrence in its window; returns the window's count so far (1: the first)."""
    counted = (
        insert(alert_windows)
        .values(kind=kind, business_id=business_id, recipient=recipient.lower(), bucket=bucket)
        .on_conflict_do_update(
            constraint="pk_alert_windows",
            set_={"occurrences": alert_windows.c.occurrences + 1, "updated_at": func.now()},
        )
        .returning(alert_windows.c.occurrences)
    )
    return int((await session.execute(counted)).scalar_one())


async def take_held_back(
    session: AsyncSession, *, kind: str, business_id: str, recipient: str, before_bucket: int
) -> int:
    """How many occurrences earlier windows held back (all but each window's first) that no
    mail has reported yet; they count as reported from now on."""
    stmt = (
        update(alert_windows)
        .where(
            alert_windows.c.kind == kind,
            alert_windows.c.business_id == business_id,
            alert_windows.c.recipient == recipient.lower(),
            alert_windows.c.bucket < before_bucket,
            alert_windows.c.reported.is_(False),
        )
        .values(reported=True)
        .returning(alert_windows.c.occurrences)
    )
    return sum(count - 1 for count in (await session.execute(stmt)).scalars())
