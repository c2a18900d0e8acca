"""Reads and writes of the notifications tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.storage.tables import (
    alert_windows,
    deferred_events,
    invoice_contexts,
    notifications,
    suppressions,
)
from closeout.notifications.wakeup import note_message_due


async def insert_notification(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Record a message unless one with the same dedupe key exists; True if recorded."""
    stmt = (
        insert(notifications)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(notifications.c.id)
    )
    recorded = (await session.execute(stmt)).scalar_one_or_none() is not None
    if recorded and values.get("status", "pending") == "pending":
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


async def claim_due(session: AsyncSession, limit: int) -> Sequence[RowMapping]:
    """Pending messages whose time has come, locked for this worker only."""
    stmt = (
        select(notifications)
        .where(notifications.c.status == "pending", notifications.c.next_attempt_at <= func.now())
        .order_by(notifications.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(stmt)).mappings().all()


async def next_due_at(session: AsyncSession) -> datetime | None:
    stmt = select(func.min(notifications.c.next_attempt_at)).where(
        notifications.c.status == "pending"
    )
    value: datetime | None = (await session.execute(stmt)).scalar_one()
    return value


async def update_notification(session: AsyncSession, notification_id: str, **values: Any) -> None:
    await session.execute(
        update(notifications)
        .where(notifications.c.id == notification_id)
        .values(updated_at=func.now(), **values)
    )


async def requeue_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> RowMapping | None:
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
    row: RowMapping | None = (await session.execute(stmt)).mappings().first()
    if row is not None:
        note_message_due(session)
    return row


async def list_notifications(
    session: AsyncSession,
    business_id: str,
    *,
    invoice_id: str | None,
    status: str | None,
    limit: int,
) -> Sequence[RowMapping]:
    stmt = select(notifications).where(notifications.c.business_id == business_id)
    if invoice_id is not None:
        stmt = stmt.where(notifications.c.invoice_id == invoice_id)
    if status is not None:
        stmt = stmt.where(notifications.c.status == status)
    stmt = stmt.order_by(notifications.c.created_at.desc(), notifications.c.id.desc()).limit(limit)
    return (await session.execute(stmt)).mappings().all()


async def get_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> RowMapping | None:
    stmt = select(notifications).where(
        notifications.c.id == notification_id, notifications.c.business_id == business_id
    )
    return (await session.execute(stmt)).mappings().first()


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


async def list_suppressions(session: AsyncSession, business_id: str) -> Sequence[RowMapping]:
    stmt = (
        select(suppressions)
        .where(suppressions.c.business_id == business_id)
        .order_by(suppressions.c.created_at.desc())
    )
    return (await session.execute(stmt)).mappings().all()


async def upsert_invoice_context(
    session: AsyncSession,
    *,
    invoice_id: str,
    business_id: str,
    version: int,
    invoice: dict[str, Any],
    business: dict[str, Any],
    payment_url: str | None,
) -> None:
    """Keep the newest snapshot (by version); a link once known is kept if a later event
    does not repeat it."""
    stmt = insert(invoice_contexts).values(
        invoice_id=invoice_id,
        business_id=business_id,
        version=version,
        invoice=invoice,
        business=business,
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


async def get_invoice_context(session: AsyncSession, invoice_id: str) -> RowMapping | None:
    stmt = select(invoice_contexts).where(invoice_contexts.c.invoice_id == invoice_id)
    return (await session.execute(stmt)).mappings().first()


async def defer_event(
    session: AsyncSession, *, event_key: str, invoice_id: str, event_type: str, payload: str
) -> None:
    await session.execute(
        insert(deferred_events)
        .values(event_key=event_key, invoice_id=invoice_id, event_type=event_type, payload=payload)
        .on_conflict_do_nothing()
    )


async def take_deferred(session: AsyncSession, invoice_id: str) -> Sequence[RowMapping]:
    stmt = (
        delete(deferred_events)
        .where(deferred_events.c.invoice_id == invoice_id)
        .returning(deferred_events)
    )
    return (await session.execute(stmt)).mappings().all()


async def latest_business_profile(session: AsyncSession, business_id: str) -> dict[str, Any] | None:
    stmt = (
        select(invoice_contexts.c.business)
        .where(invoice_contexts.c.business_id == business_id)
        .order_by(invoice_contexts.c.updated_at.desc())
        .limit(1)
    )
    profile: dict[str, Any] | None = (await session.execute(stmt)).scalar_one_or_none()
    return profile


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
