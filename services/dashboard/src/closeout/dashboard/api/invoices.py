"""Invoices: the list, one invoice with everything that happened, and its actions."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated, get_args

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from closeout.dashboard.api.deps import (
    Acting,
    CheckedForm,
    ClientsDep,
    RuntimeDep,
    SessionDep,
    SignedIn,
    calls_for,
)
from closeout.dashboard.api.rendering import actor_name, redirect, render
from closeout.dashboard.domain.actions import ACTIONS, MANUAL_METHODS, amount_as_text
from closeout.dashboard.domain.invoices import InvoiceDetail, PaymentLog, actions_for
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.usecases.invoice_actions import check_offered, perform
from closeout.dashboard.usecases.overview import partial
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.errors import InvalidInputError

router = APIRouter(prefix="/invoices", tags=["dashboard"], include_in_schema=False)
PAGE_SIZE = 25
STATUSES: tuple[str, ...] = get_args(InvoiceStatus)


@router.get("")
async def invoice_list(
    request: Request,
    signed: SignedIn,
    clients: ClientsDep,
    status: Annotated[str, Query(max_length=30)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    overdue: Annotated[str, Query(max_length=5)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    chosen = status if status in STATUSES else ""
    invoices = await calls_for(clients, signed).invoices(
        status=chosen or None,
        customer=q.strip() or None,
        overdue="true" if overdue else None,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "invoices.html",
        {
            "invoices": invoices[:PAGE_SIZE],
            "has_next": len(invoices) > PAGE_SIZE,
            "page": page,
            "statuses": STATUSES,
            "status": chosen,
            "q": q,
            "overdue": bool(overdue),
        },
    )


@router.get("/{invoice_id}")
async def invoice_detail(
    request: Request, invoice_id: str, signed: SignedIn, clients: ClientsDep, session: SessionDep
) -> HTMLResponse:
    calls = calls_for(clients, signed)
    invoice = await calls.invoice(invoice_id)  # another business's: invoicing's 404
    missing: list[str] = []
    payment_log, messages = await asyncio.gather(
        partial(calls.payment_log(invoice_id), PaymentLog.none(), missing, "payments"),
        partial(calls.messages(invoice_id=invoice_id), [], missing, "messages"),
    )
    async with session.begin():
        people = await repo.emails_of_business(session, signed.user.business_id)
    return render(
        request,
        "invoice.html",
        {
            "invoice": invoice,
            "payment_log": payment_log,
            "messages": messages,
            "actions": [ACTIONS[a] for a in actions_for(invoice)],
            "done": request.query_params.get("done"),
            "missing": missing,
            "who": lambda actor: actor_name(actor, people),
        },
    )


@router.get("/{invoice_id}/actions/{action}")
async def confirm_action(
    request: Request,
    invoice_id: str,
    action: str,
    signed: Acting,
    clients: ClientsDep,
    claim: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    invoice = await calls_for(clients, signed).invoice(invoice_id)
    check_offered(invoice, action)
    return _confirmation(request, invoice, action, {"claim_id": claim})


def _confirmation(
    request: Request,
    invoice: InvoiceDetail,
    action: str,
    form: dict[str, str],
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    claim = next((c for c in invoice.pending_claims if c.claim_id == form.get("claim_id")), None)
    if claim is None and action in ("confirm-claim", "reject-claim") and invoice.pending_claims:
        claim = invoice.pending_claims[0]
    suggested = invoice.creditable if action == "credit-note" else invoice.amount_due
    amount = form.get("amount") or amount_as_text(
        (claim.amount if claim and claim.amount else None) or suggested, invoice.currency
    )
    return render(
        request,
        "confirm.html",
        {
            "invoice": invoice,
            "action": ACTIONS[action],
            "claim": claim,
            "form": form,
            "amount": amount,
            "methods": MANUAL_METHODS,
            "idempotency_key": form.get("idempotency_key") or secrets.token_urlsafe(16),
            "error": error,
        },
        status=status,
    )


@router.post("/{invoice_id}/actions/{action}")
async def do_action(
    request: Request,
    invoice_id: str,
    action: str,
    signed: Acting,
    form: CheckedForm,
    clients: ClientsDep,
    runtime: RuntimeDep,
) -> Response:
    calls = calls_for(clients, signed)
    invoice = await calls.invoice(invoice_id)
    try:
        await perform(calls, runtime.sessionmaker, signed.user, invoice, action, form)
    except InvalidInputError as exc:
        return _confirmation(request, invoice, action, form, error=str(exc), status=422)
    return redirect(f"/invoices/{invoice_id}?done={action}")
