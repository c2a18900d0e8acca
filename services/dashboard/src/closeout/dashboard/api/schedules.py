"""Reminder schedule settings (owner) and recurring invoices (everyone looks; staff and the
owner act), through invoicing's admin API with the user's delegated token; forms CSRF-checked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.adapters.services import ServiceClients
from closeout.dashboard.api.deps import (
    Acting,
    CheckedForm,
    ClientsDep,
    Managing,
    RuntimeDep,
    SessionDep,
    SignedIn,
    calls_for,
)
from closeout.dashboard.api.rendering import redirect, render
from closeout.dashboard.domain.new_invoice import LINE_ROWS
from closeout.dashboard.domain.schedules import FREQUENCIES, schedule_text
from closeout.dashboard.storage.records import SignedInSession
from closeout.dashboard.usecases import schedules
from closeout.dashboard.usecases.business_settings import settings_history
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError

router = APIRouter(tags=["dashboard"], include_in_schema=False)


async def _reminders_page(
    request: Request,
    signed: SignedInSession,
    session: AsyncSession,
    clients: ServiceClients,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    current = await calls_for(clients, signed).reminder_schedule()
    async with session.begin():
        history = await settings_history(session, signed.user.business_id)
    values = {
        "enabled": current["enabled"],
        "steps": ", ".join(str(d) for d in current["steps"]),
        "repeat_every_days": current.get("repeat_every_days") or "",
        "repeat_max": current.get("repeat_max") or "",
        "send_hour": current["send_hour"],
        "timezone": current["timezone"],
        "preset": "",
    }
    if form is not None:
        values |= {k: form.get(k, "") for k in values if k != "enabled"}
        values["enabled"] = form.get("enabled") == "on"
        values["send_hour"] = int(form.get("send_hour") or 0)
    return render(
        request,
        "reminders.html",
        {
            "values": values,
            "summary": schedule_text(current),
            "presets": current["presets"],
            "history": [e for e in history if "reminder_schedule" in e.detail.get("after", {})
                        or "timezone" in e.detail.get("after", {})],
            "error": error,
            "saved": request.query_params.get("saved") == "1",
        },
        status=status,
    )  # fmt: skip


@router.get("/settings/reminders")
async def reminders_page(
    request: Request, signed: Managing, session: SessionDep, clients: ClientsDep
) -> HTMLResponse:
    return await _reminders_page(request, signed, session, clients)


@router.post("/settings/reminders")
async def save_reminders(
    request: Request,
    signed: Managing,
    form: CheckedForm,
    session: SessionDep,
    clients: ClientsDep,
    runtime: RuntimeDep,
) -> Response:
    calls = calls_for(clients, signed)
    try:
        await schedules.change_reminder_schedule(calls, runtime.sessionmaker, signed.user, form)
    except InvalidInputError as exc:
        return await _reminders_page(
            request, signed, session, clients, form=form, error=str(exc), status=422
        )
    return redirect("/settings/reminders?saved=1")


async def _recurring_page(
    request: Request,
    signed: SignedInSession,
    clients: ServiceClients,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    calls = calls_for(clients, signed)
    return render(
        request,
        "recurring.html",
        {
            "schedules": await calls.recurring_invoices(),
            "frequencies": FREQUENCIES,
            "rows": range(1, LINE_ROWS + 1),
            "form": form or {},
            "error": error,
            "done": request.query_params.get("done"),
        },
        status=status,
    )


@router.get("/recurring")
async def recurring_page(request: Request, signed: SignedIn, clients: ClientsDep) -> HTMLResponse:
    return await _recurring_page(request, signed, clients)


@router.post("/recurring")
async def create_recurring(
    request: Request,
    signed: Acting,
    form: CheckedForm,
    clients: ClientsDep,
    runtime: RuntimeDep,
) -> Response:
    calls = calls_for(clients, signed)
    try:
        currency = (await calls.business())["default_currency"]
        schedule_id = await schedules.create_recurring(
            calls, runtime.sessionmaker, signed.user, form, currency
        )
    except InvalidInputError as exc:
        return await _recurring_page(
            request, signed, clients, form=form, error=str(exc), status=422
        )
    return redirect(f"/recurring/{schedule_id}?done=created")


@router.get("/recurring/{schedule_id}")
async def recurring_detail(
    request: Request, schedule_id: str, signed: SignedIn, clients: ClientsDep
) -> HTMLResponse:
    schedule = await calls_for(clients, signed).recurring_invoice(schedule_id)
    return render(
        request,
        "recurring_detail.html",
        {
            "s": schedule,
            "frequencies": FREQUENCIES,
            "done": request.query_params.get("done"),
            "error": request.query_params.get("error"),
        },
    )


@router.post("/recurring/{schedule_id}/{action}")
async def act_on_recurring(
    request: Request,
    schedule_id: str,
    action: str,
    signed: Acting,
    form: CheckedForm,
    clients: ClientsDep,
    runtime: RuntimeDep,
) -> Response:
    if action not in schedules.RECURRING_ACTIONS:
        raise NotFoundError("no such action")
    calls = calls_for(clients, signed)
    try:
        await schedules.act_on_recurring(
            calls, runtime.sessionmaker, signed.user, schedule_id, action
        )
    except ConflictError:
        return redirect(f"/recurring/{schedule_id}?error=ended")
    return redirect(f"/recurring/{schedule_id}?done={action}")
