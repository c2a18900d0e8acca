"""The suppression list: addresses that receive nothing."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status

from closeout.notifications.api.deps import AdminDep, business_of
from closeout.notifications.api.schemas import SuppressionIn, SuppressionList, SuppressionOut
from closeout.notifications.usecases import suppressions
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(
    prefix="/v1", tags=["notifications"], dependencies=[Depends(reject_nul_characters)]
)


@router.get("/suppressions", summary="Addresses that receive nothing")
async def list_suppressions(
    session: SessionDep, principal: AdminDep, business_id: str | None = None
) -> SuppressionList:
    business = business_of(principal, business_id)
    async with session.begin():
        entries = await suppressions.list_suppressions(session, business)
    return SuppressionList(
        items=[
            SuppressionOut(address=e.address, reason=e.reason, note=e.note, created_at=e.created_at)
            for e in entries
        ]
    )


@router.post(
    "/suppressions",
    status_code=status.HTTP_201_CREATED,
    summary="Stop sending to an address (201 when added, 200 when it already was)",
    responses={status.HTTP_200_OK: {"description": "The address was suppressed already"}},
)
async def add_suppression(
    body: SuppressionIn,
    session: SessionDep,
    principal: AdminDep,
    response: Response,
    business_id: str | None = None,
) -> dict[str, str]:
    business = business_of(principal, business_id)
    async with session.begin():
        added = await suppressions.add_suppression(
            session, business, body.address, body.reason, body.note
        )
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
    business = business_of(principal, business_id)
    async with session.begin():
        await suppressions.remove_suppression(session, business, address)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
