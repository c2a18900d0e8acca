"""Partners: who earns a share of the business's paid invoices, their rule and payouts.

Everyone signed in may look; only the owner adds, onboards or ends a partner (CSRF-checked).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from closeout.dashboard.adapters.services import ServiceClients
from closeout.dashboard.api.deps import CheckedForm, ClientsDep, Managing, SignedIn, calls_for
from closeout.dashboard.api.rendering import redirect, render
from closeout.dashboard.domain.partners import partner_body, rule_text
from closeout.dashboard.storage.records import SignedInSession
from closeout.shared.errors import ConflictError, InvalidInputError

router = APIRouter(prefix="/partners", tags=["dashboard"], include_in_schema=False)


async def _page(
    request: Request,
    signed: SignedInSession,
    clients: ServiceClients,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    calls = calls_for(clients, signed)
    rows: list[dict[str, Any]] = []
    for partner in await calls.partners():
        statement = await calls.partner_statement(partner["partner_id"])
        rows.append(
            {
                **partner,
                "rule_text": rule_text(partner["rule"]),
                "totals": statement["totals"],
                "payouts": statement["payouts"][-10:],
            }
        )
    return render(
        request,
        "partners.html",
        {"partners": rows, "error": error, "done": request.query_params.get("done")},
        status=status,
    )


@router.get("")
async def partners_page(request: Request, signed: SignedIn, clients: ClientsDep) -> HTMLResponse:
    return await _page(request, signed, clients)


@router.post("")
async def add_partner(
    request: Request, signed: Managing, form: CheckedForm, clients: ClientsDep
) -> Response:
    try:
        await calls_for(clients, signed).create_partner(partner_body(form))
    except InvalidInputError as exc:
        return await _page(request, signed, clients, error=str(exc), status=422)
    return redirect("/partners?done=added")


@router.post("/{partner_id}/end")
async def end_partner(
    request: Request, partner_id: str, signed: Managing, form: CheckedForm, clients: ClientsDep
) -> Response:
    await calls_for(clients, signed).end_partner(partner_id)
    return redirect("/partners?done=ended")


@router.post("/{partner_id}/onboarding")
async def onboard_partner(
    request: Request, partner_id: str, signed: Managing, form: CheckedForm, clients: ClientsDep
) -> Response:
    try:
        url = await calls_for(clients, signed).partner_onboarding(partner_id)
    except ConflictError as exc:
        return await _page(request, signed, clients, error=str(exc), status=409)
    return redirect(url)
