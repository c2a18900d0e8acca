"""An action on an invoice, done through the owning service as the signed-in user, then
written to the dashboard's audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.dashboard.adapters.services import UserCalls
from closeout.dashboard.domain.actions import (
    ACTIONS,
    MANUAL_METHODS,
    amount_from_text,
    optional,
    required,
)
from closeout.dashboard.domain.invoices import InvoiceDetail, actions_for
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import User
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError


def check_offered(invoice: InvoiceDetail, action: str) -> None:
    if action not in ACTIONS:
        raise NotFoundError("no such action")
    if action not in actions_for(invoice):
        raise ConflictError(
            f"{ACTIONS[action].title} does not apply to a {invoice.status} invoice now"
        )


def pending_claim(invoice: InvoiceDetail, claim_id: str | None) -> Any:
    claim = next((c for c in invoice.pending_claims if c.claim_id == claim_id), None)
    if claim is None:
        raise ConflictError("that claim is no longer waiting for a decision")
    return claim


async def perform(
    calls: UserCalls,
    sessionmaker: async_sessionmaker[AsyncSession],
    user: User,
    invoice: InvoiceDetail,
    action: str,
    form: dict[str, str],
) -> None:
    """Call the owning service (no database transaction open meanwhile), then audit."""
    check_offered(invoice, action)
    invoice_id = invoice.invoice_id
    detail: dict[str, Any] = {}
    if action in ("issue", "resend"):
        await calls.invoice_action(invoice_id, action)
    elif action in ("void", "write-off"):
        reason = required(form, "reason", "A reason")
        path = "void" if action == "void" else "mark-uncollectible"
        await calls.invoice_action(invoice_id, path, {"reason": reason})
        detail["reason"] = reason
    elif action in ("pause-reminders", "resume-reminders"):
        await calls.invoice_action(invoice_id, f"reminders/{action.removesuffix('-reminders')}")
    elif action == "review-done":
        note = optional(form, "note", "The note", 1000) or ""
        await calls.invoice_action(invoice_id, "review-done", {"note": note})
    elif action in ("record-payment", "confirm-claim"):
        detail = await _record_payment(calls, invoice, action, form)
    elif action == "credit-note":
        detail = await _credit_note(calls, invoice, form)
    elif action == "reject-claim":
        claim = pending_claim(invoice, form.get("claim_id"))
        reason = required(form, "reason", "A reason")
        await calls.reject_claim(invoice_id, claim.claim_id, reason)
        detail = {"claim_id": claim.claim_id, "reason": reason}
    async with sessionmaker() as session, session.begin():
        await repo.audit(
            session,
            business_id=user.business_id,
            user_id=user.user_id,
            action=f"invoice.{action}",
            target=invoice_id,
            detail=detail,
        )


async def _record_payment(
    calls: UserCalls, invoice: InvoiceDetail, action: str, form: dict[str, str]
) -> dict[str, Any]:
    amount = amount_from_text(required(form, "amount", "The amount", 40), invoice.currency)
    body: dict[str, Any] = {
        "amount": amount,
        "currency": invoice.currency,
        "reference": optional(form, "reference", "The reference"),
    }
    if action == "confirm-claim":
        claim = pending_claim(invoice, form.get("claim_id"))
        body["claim_id"] = claim.claim_id
        body["method"] = claim.method if claim.method in MANUAL_METHODS else "bank_transfer"
    else:
        method = form.get("method", "")
        if method not in MANUAL_METHODS:
            raise InvalidInputError("choose how you were paid: bank transfer or cash")
        body["method"] = method
    key = required(form, "idempotency_key", "The form's key", 100)
    await calls.record_payment(invoice.invoice_id, body, idempotency_key=f"dashboard-{key}")
    return {k: v for k, v in body.items() if v is not None}


async def _credit_note(
    calls: UserCalls, invoice: InvoiceDetail, form: dict[str, str]
) -> dict[str, Any]:
    amount = amount_from_text(required(form, "amount", "The amount", 40), invoice.currency)
    body = {"amount": amount, "reason": required(form, "reason", "A reason")}
    key = required(form, "idempotency_key", "The form's key", 100)
    await calls.create_credit_note(invoice.invoice_id, body, idempotency_key=f"dashboard-{key}")
    return body
