"""HTTP API: the delivery log, the suppression list and template previews."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy import RowMapping

from closeout.notifications.api.schemas import (
    NotificationList,
    NotificationOut,
    PreviewOut,
    SuppressionIn,
    SuppressionList,
    SuppressionOut,
)
from closeout.notifications.domain.planning import TEMPLATES, TemplateName
from closeout.notifications.rendering import render
from closeout.notifications.samples import sample_context
from closeout.notifications.storage import repository as repo
from closeout.shared.auth import ANY_BUSINESS, Principal
from closeout.shared.web.deps import (
    SessionDep,
    ensure_business,
    reject_nul_characters,
    require_role,
)

router = APIRouter(
    prefix="/v1", tags=["notifications"], dependencies=[Depends(reject_nul_characters)]
)

AdminDep = Annotated[Principal, Depends(require_role("admin", "service"))]


def _business_of(principal: Principal, business_id: str | None) -> str:
    """An admin key acts for its own business; a service key must name one."""
    if principal.business_id == ANY_BUSINESS:
        if not business_id:
            raise HTTPException(422, "business_id is required")
        return business_id
    if business_id is not None:
        ensure_business(principal, business_id)
    return principal.business_id


def _notification(row: RowMapping) -> NotificationOut:
    return NotificationOut(
        notification_id=row["id"],
        invoice_id=row["invoice_id"],
        template=row["template"],
        channel=row["channel"],
        recipient=row["recipient"],
        subject=row["subject"],
        status=row["status"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        message_id=row["message_id"],
        cause_event_id=row["cause_event_id"],
        cause_event_type=row["cause_event_type"],
        created_at=row["created_at"],
        next_attempt_at=row["next_attempt_at"] if row["status"] == "pending" else None,
        sent_at=row["sent_at"],
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
    business = _business_of(principal, business_id)
    rows = await repo.list_notifications(
        session, business, invoice_id=invoice_id, status=status_filter, limit=limit
    )
    return NotificationList(items=[_notification(r) for r in rows])


@router.get("/notifications/{notification_id}", summary="One message and its delivery state")
async def get_notification(
    notification_id: str,
    session: SessionDep,
    principal: AdminDep,
    business_id: str | None = None,
) -> NotificationOut:
    row = await repo.get_notification(
        session, _business_of(principal, business_id), notification_id
    )
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "notification not found")
    return _notification(row)


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
    business = _business_of(principal, business_id)
    async with session.begin():
        row = await repo.requeue_notification(session, business, notification_id)
        if row is None:
            existing = await repo.get_notification(session, business, notification_id)
            if existing is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "notification not found")
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"only failed or suppressed messages can be retried; this one is "
                f"{existing['status']}",
            )
    return _notification(row)


@router.get("/suppressions", summary="Addresses that receive nothing")
async def list_suppressions(
    session: SessionDep, principal: AdminDep, business_id: str | None = None
) -> SuppressionList:
    rows = await repo.list_suppressions(session, _business_of(principal, business_id))
    return SuppressionList(
        items=[
            SuppressionOut(
                address=r["address"], reason=r["reason"], note=r["note"], created_at=r["created_at"]
            )
            for r in rows
        ]
    )


@router.post(
    "/suppressions",
    status_code=status.HTTP_201_CREATED,
    summary="Stop sending to an address (201 when added, 200 when it already was)",
)
async def add_suppression(
    body: SuppressionIn,
    session: SessionDep,
    principal: AdminDep,
    response: Response,
    business_id: str | None = None,
) -> dict[str, str]:
    business = _business_of(principal, business_id)
    async with session.begin():
        added = await repo.add_suppression(session, business, body.address, body.reason, body.note)
    if not added:
        response.status_code = status.HTTP_200_OK
    return {"address": body.address.lower(), "status": "suppressed"}


@router.delete(
    "/suppressions/{address}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Send to an address again",
)
async def remove_suppression(
    address: str, session: SessionDep, principal: AdminDep, business_id: str | None = None
) -> Response:
    business = _business_of(principal, business_id)
    async with session.begin():
        removed = await repo.remove_suppression(session, business, address)
    if not removed:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "address is not suppressed")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/templates/{name}/preview",
    summary="Render a template with sample data (format: html, text or json)",
    response_model=None,
)
async def preview_template(
    name: str,
    principal: AdminDep,
    format: Literal["html", "text", "json"] = "html",
) -> HTMLResponse | PlainTextResponse | PreviewOut:
    if name not in TEMPLATES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"unknown template {name!r}; known: {', '.join(TEMPLATES)}"
        )
    template: TemplateName = name
    rendered = render(template, sample_context(template))
    headers = {"X-Subject": rendered.subject.encode("utf-8").decode("latin-1")}
    if format == "html":
        return HTMLResponse(rendered.html, headers=headers)
    if format == "text":
        return PlainTextResponse(rendered.text, headers=headers)
    return PreviewOut(
        template=name, subject=rendered.subject, text=rendered.text, html=rendered.html
    )
