"""Operator API (keys with the `ops` scope): received Stripe events, their failures, replays."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status

from closeout.payments.api.deps import OpsDep, WebhookRejectionsDep, WebhookWakeupDep
from closeout.payments.api.schemas import WebhookEventResponse
from closeout.payments.usecases.webhooks import list_events, replay_event
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(prefix="/v1/ops", tags=["ops"], dependencies=[Depends(reject_nul_characters)])

EventStatus = Literal["pending", "waiting", "done", "ignored", "rejected", "failed"]


@router.get(
    "/webhook-events",
    response_model=list[WebhookEventResponse],
    summary="Received Stripe events, e.g. ?status=failed with their last error",
)
async def list_webhook_events(
    _: OpsDep,
    session: SessionDep,
    status_filter: Annotated[EventStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[WebhookEventResponse]:
    async with session.begin():
        rows = await list_events(session, status=status_filter, limit=limit)
    return [WebhookEventResponse.model_validate(r, from_attributes=True) for r in rows]


@router.post(
    "/webhook-events/{event_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Process a stored Stripe event again (safe: every effect is deduplicated)",
)
async def replay_webhook_event(
    event_id: str, _: OpsDep, session: SessionDep, wakeup: WebhookWakeupDep
) -> dict[str, str]:
    async with session.begin():
        await replay_event(session, event_id)
    wakeup.set()
    return {"event_id": event_id, "status": "pending"}


@router.get("/webhook-rejections", summary="Counts of rejected webhook deliveries by reason")
async def webhook_rejections(_: OpsDep, counters: WebhookRejectionsDep) -> dict[str, int]:
    return dict(counters)
