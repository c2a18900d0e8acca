"""The owner's team page: people and their roles, invitations (send, list, revoke)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from closeout.dashboard.api.deps import (
    CheckedForm,
    ClientsDep,
    Managing,
    SessionDep,
    SettingsDep,
    calls_for,
)
from closeout.dashboard.api.rendering import redirect, render
from closeout.dashboard.domain.roles import ROLES
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import SignedInSession
from closeout.dashboard.usecases import team
from closeout.shared.errors import ConflictError, InvalidInputError, UpstreamError
from closeout.shared.ids import utcnow

router = APIRouter(prefix="/settings/team", tags=["dashboard"], include_in_schema=False)


async def _team_page(
    request: Request,
    session: SessionDep,
    signed: SignedInSession,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    async with session.begin():
        people = await repo.users_of_business(session, signed.user.business_id)
        invitations = await repo.pending_invitations(session, signed.user.business_id, utcnow())
    return render(
        request,
        "team.html",
        {
            "people": people,
            "invitations": invitations,
            "roles": ROLES,
            "error": error,
            "done": done or request.query_params.get("done"),
        },
        status=status,
    )


@router.get("")
async def team_page(request: Request, signed: Managing, session: SessionDep) -> HTMLResponse:
    return await _team_page(request, session, signed)


@router.post("/invitations")
async def invite(
    request: Request,
    signed: Managing,
    form: CheckedForm,
    session: SessionDep,
    settings: SettingsDep,
    clients: ClientsDep,
) -> Response:
    try:
        business_name = (await calls_for(clients, signed).business()).get("name")
    except UpstreamError:
        business_name = None  # the mail names the inviter; the business name is a nicety
    try:
        async with session.begin():
            await team.invite(
                session,
                settings,
                signed.user,
                email=form.get("email", ""),
                role=form.get("role", ""),
                business_name=business_name if isinstance(business_name, str) else None,
            )
    except (InvalidInputError, ConflictError) as exc:
        status = 422 if isinstance(exc, InvalidInputError) else 409
        return await _team_page(request, session, signed, error=str(exc), status=status)
    return redirect("/settings/team?done=invited")


@router.post("/invitations/{link_id}/revoke")
async def revoke(
    link_id: str, signed: Managing, form: CheckedForm, session: SessionDep
) -> Response:
    async with session.begin():
        await team.revoke(session, signed.user, link_id)
    return redirect("/settings/team?done=revoked")


@router.post("/people/{user_id}/role")
async def change_role(
    request: Request, user_id: str, signed: Managing, form: CheckedForm, session: SessionDep
) -> Response:
    try:
        async with session.begin():
            await team.change_role(session, signed.user, user_id, form.get("role", ""))
    except (InvalidInputError, ConflictError) as exc:
        status = 422 if isinstance(exc, InvalidInputError) else 409
        return await _team_page(request, session, signed, error=str(exc), status=status)
    return redirect("/settings/team?done=role")


@router.post("/people/{user_id}/remove")
async def remove(
    request: Request, user_id: str, signed: Managing, form: CheckedForm, session: SessionDep
) -> Response:
    try:
        async with session.begin():
            await team.remove(session, signed.user, user_id)
    except ConflictError as exc:
        return await _team_page(request, session, signed, error=str(exc), status=409)
    if user_id == signed.user.user_id:
        return redirect("/sign-in")
    return redirect("/settings/team?done=removed")
