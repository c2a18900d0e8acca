"""The owner's settings: the business's billing settings (each change in the audit log) and
API keys (issue, list by prefix, revoke)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.adapters.services import ServiceClients
from closeout.dashboard.api.deps import (
    CheckedForm,
    ClientsDep,
    Managing,
    RuntimeDep,
    SessionDep,
    calls_for,
)
from closeout.dashboard.api.rendering import redirect, render
from closeout.dashboard.domain.business import SETTING_FIELDS
from closeout.dashboard.storage.records import SignedInSession
from closeout.dashboard.usecases import api_keys
from closeout.dashboard.usecases.business_settings import change_settings, settings_history
from closeout.shared.api_keys import find_record
from closeout.shared.errors import InvalidInputError, NotFoundError

router = APIRouter(prefix="/settings", tags=["dashboard"], include_in_schema=False)


async def _keys_page(
    request: Request,
    session: SessionDep,
    business_id: str,
    *,
    issued: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    async with session.begin():
        keys = await api_keys.keys_of(session, business_id)
    return render(
        request,
        "api_keys.html",
        {"keys": keys, "scopes": api_keys.KEY_SCOPES, "issued": issued, "error": error},
        status=status,
    )


@router.get("/api-keys")
async def keys(request: Request, signed: Managing, session: SessionDep) -> HTMLResponse:
    return await _keys_page(request, session, signed.user.business_id)


@router.post("/api-keys")
async def issue_key(
    request: Request, signed: Managing, form: CheckedForm, session: SessionDep
) -> HTMLResponse:
    try:
        async with session.begin():
            issued = await api_keys.issue(
                session, signed.user, label=form.get("label", ""), scope=form.get("scope", "")
            )
    except InvalidInputError as exc:
        return await _keys_page(
            request, session, signed.user.business_id, error=str(exc), status=422
        )
    # Shown once, in this answer only (never in a URL, never stored).
    return await _keys_page(request, session, signed.user.business_id, issued=issued.key)


@router.get("/api-keys/{key_id}/revoke")
async def confirm_revoke(
    request: Request, key_id: str, signed: Managing, session: SessionDep
) -> HTMLResponse:
    async with session.begin():
        record = await find_record(session, key_id)
    if record is None or record.business_id != signed.user.business_id:
        raise NotFoundError("no such key in your business")
    return render(request, "revoke_key.html", {"key": record})


@router.post("/api-keys/{key_id}/revoke")
async def revoke(key_id: str, signed: Managing, form: CheckedForm, session: SessionDep) -> Response:
    async with session.begin():
        await api_keys.revoke(session, signed.user, key_id)
    return redirect("/settings/api-keys")


@router.get("")
async def business_settings(
    request: Request, signed: Managing, session: SessionDep, clients: ClientsDep
) -> HTMLResponse:
    return await _settings_page(request, signed, session, clients)


async def _settings_page(
    request: Request,
    signed: SignedInSession,
    session: AsyncSession,
    clients: ServiceClients,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    current = await calls_for(clients, signed).business()
    async with session.begin():
        history = await settings_history(session, signed.user.business_id)
    values = {f.name: current.get(f.name) for f in SETTING_FIELDS}
    if form is not None:
        values |= {f.name: form.get(f.name, "") for f in SETTING_FIELDS}
        values["auto_send"] = form.get("auto_send") == "on"
    return render(
        request,
        "settings.html",
        {
            "fields": SETTING_FIELDS,
            "values": values,
            "history": history,
            "error": error,
            "saved": request.query_params.get("saved") == "1",
        },
        status=status,
    )


@router.post("")
async def save_settings(
    request: Request,
    signed: Managing,
    form: CheckedForm,
    session: SessionDep,
    clients: ClientsDep,
    runtime: RuntimeDep,
) -> Response:
    calls = calls_for(clients, signed)
    try:
        await change_settings(calls, runtime.sessionmaker, signed.user, form)
    except InvalidInputError as exc:
        return await _settings_page(
            request, signed, session, clients, form=form, error=str(exc), status=422
        )
    return redirect("/settings?saved=1")
