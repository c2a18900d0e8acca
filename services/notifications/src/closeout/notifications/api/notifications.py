"""The delivery log: a business's messages, their delivery state, and sending one again."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from closeout.notifications.api.deps import AdminDep, business_of
from closeout.notifications.api.schemas import NotificationList, NotificationOut
from closeout.notifications.storage.records import NotificationRecord
from closeout.notifications.usecases import delivery_log
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(
    prefix="/v1", tags=["notifications"], dependencies=[Depends(reject_nul_characters)]
)


def _notification(message: NotificationRecord) -> NotificationOut:
    return NotificationOut(
        notification_id=message.id,
        invoice_id=message.invoice_id,
        template=message.template,
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        status=message.status,
        attempts=message.attempts,
        last_error=message.last_error,
        message_id=message.message_id,
        cause_event_id=message.cause_event_id,
        cause_event_type=message.cause_event_type,
        created_at=message.created_at,
        next_attempt_at=message.next_attempt_at if message.status == "pending" else None,
        sent_at=message.sent_at,
        provider_message_id=message.provider_message_id,
        delivery_status=message.delivery_status,
        delivery_error=message.delivery_error,
    )


@router.get("/notifications", summary="Delivery log of a business, optionally one invoice's")
async def list_notifications(
    session: SessionDep,
    principal: AdminDep,
    invoice_id: str | None = None,
    business_id: str | None = None,
    status_filter: Annotated[
        Literal["pending", "sent", "failed", "suppressed"] | None, Query(alias="status")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> NotificationList:
    business = business_of(principal, business_id)
    async with session.begin():
        messages = await delivery_log.list_notifications(
            session, business, invoice_id=invoice_id, status=status_filter, limit=limit
        )
    return NotificationList(items=[_notification(m) for m in messages])


@router.get("/notifications/{notification_id}", summary="One message and its delivery state")
async def get_notification(
    notification_id: str,
    session: SessionDep,
    principal: AdminDep,
    business_id: str | None = None,
) -> NotificationOut:
    business = business_of(principal, business_id)
    async with session.begin():
        message = await delivery_log.get_notification(session, business, notification_id)
    return _notification(message)


@router.post(
    "/notifications/{notification_id}/retry",
    summary="Send a failed or suppressed message again (e.g. after fixing the address list)",
)
async def retry_notification(
    notification_id: str,
    session: SessionDep,
    principal: AdminDep,
    business_id: str | None = None,
) -> NotificationOut:
    business = business_of(principal, business_id)
    async with session.begin():
        message = await delivery_log.retry_notification(session, business, notification_id)
    return _notification(message)
