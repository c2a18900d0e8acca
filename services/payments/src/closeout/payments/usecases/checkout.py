"""Create (or reuse) a Stripe Checkout session for an invoice's open balance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import repository as repo
from closeout.payments.stripe_gateway import CreatedSession, IdempotencyConflict, StripeGateway
from closeout.payments.usecases.errors import Refused
from closeout.payments.usecases.publishing import publish_checkout_started
from closeout.shared.ids import new_id, utcnow
from closeout.shared.money import exponent

# A session about to expire is not handed out again.
REUSE_MARGIN = timedelta(minutes=10)
CLOSED_INVOICE_STATUSES = ("paid", "void", "uncollectible", "refunded", "draft")


class CheckoutRefused(Refused):
    pass


@dataclass(frozen=True)
class CheckoutRequest:
    invoice_id: str
    business_id: str
    invoice_number: str | None
    amount: int
    currency: str
    customer_email: str | None
    description: str | None
    success_url: str
    cancel_url: str
    stripe_account_id: str | None
    correlation_id: str | None


@dataclass(frozen=True)
class CheckoutResult:
    attempt_id: str
    checkout_session_id: str
    url: str | None
    created: bool


def idempotency_key(invoice_id: str, amount: int, attempt_no: int) -> str:
    return f"checkout:{invoice_id}:{amount}:{attempt_no}"


def session_params(req: CheckoutRequest, attempt_id: str, expires_at: int) -> dict[str, Any]:
    metadata = {
        "invoice_id": req.invoice_id,
        "business_id": req.business_id,
        "attempt_id": attempt_id,
    }
    name = f"Invoice {req.invoice_number}" if req.invoice_number else "Invoice"
    product: dict[str, Any] = {"name": name}
    if req.description:
        product["description"] = req.description[:500]
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": req.currency.lower(),
                    "unit_amount": req.amount,
                    "product_data": product,
                },
            }
        ],
        "client_reference_id": req.invoice_id,
        "metadata": metadata,
        # Copied onto the payment intent, so its failures, refunds and disputes resolve too.
        "payment_intent_data": {"metadata": metadata},
        "success_url": req.success_url,
        "cancel_url": req.cancel_url,
        "expires_at": expires_at,
    }
    if req.customer_email:
        params["customer_email"] = req.customer_email
    return params


def attempt_id_for(key: str) -> str:
    """Deterministic from the idempotency key, so a retried request sends the same metadata."""
    return "att_" + hashlib.sha256(key.encode()).hexdigest()[:32]


async def _create_session(
    gateway: StripeGateway, req: CheckoutRequest, attempt_no: int, expires_at: int
) -> tuple[int, str, str, CreatedSession]:
    """Create the session under the attempt's key. If a crashed earlier try used the key with
    other parameters (another expiry), that session was never handed out: take the next."""
    for attempt_no_to_try in range(attempt_no, attempt_no + 3):
        key = idempotency_key(req.invoice_id, req.amount, attempt_no_to_try)
        attempt_id = attempt_id_for(key)
        try:
            created = await gateway.create_checkout_session(
                session_params(req, attempt_id, expires_at),
                idempotency_key=key,
                stripe_account=req.stripe_account_id,
            )
        except IdempotencyConflict:
            continue
        return attempt_no_to_try, key, attempt_id, created
    raise CheckoutRefused("could not obtain a fresh checkout session key", 409)


async def _check_against_projection(session: AsyncSession, req: CheckoutRequest) -> None:
    invoice = await repo.get_invoice(session, req.invoice_id)
    if invoice is None:
        return  # invoicing may call before its own invoice.* event reached us
    if invoice["business_id"] != req.business_id:
        raise CheckoutRefused("invoice belongs to another business", 404)
    if invoice["currency"] != req.currency:
        raise CheckoutRefused(f"invoice currency is {invoice['currency']}", 422)
    if invoice["status"] in CLOSED_INVOICE_STATUSES:
        raise CheckoutRefused(f"invoice is {invoice['status']}", 409)


async def start_checkout(
    session: AsyncSession,
    gateway: StripeGateway,
    settings: PaymentsSettings,
    req: CheckoutRequest,
) -> CheckoutResult:
    exponent(req.currency)  # validated upstream; keeps unknown currencies out of Stripe calls
    async with session.begin():
        await repo.lock_invoice(session, req.invoice_id)
        await _check_against_projection(session, req)
        now = utcnow()
        reusable = await repo.reusable_attempt(
            session, req.invoice_id, req.amount, req.currency, now + REUSE_MARGIN
        )
        if reusable is not None:
            return CheckoutResult(
                reusable["attempt_id"],
                reusable["checkout_session_id"],
                reusable["checkout_url"],
                created=False,
            )
        attempt_no = await repo.next_attempt_no(session, req.invoice_id)
        expires_at = now + timedelta(minutes=settings.checkout_expiry_minutes)
        attempt_no, key, attempt_id, created = await _create_session(
            gateway, req, attempt_no, int(expires_at.timestamp())
        )
        attempt = {
            "attempt_id": attempt_id,
            "invoice_id": req.invoice_id,
            "business_id": req.business_id,
            "attempt_no": attempt_no,
            "amount": req.amount,
            "currency": req.currency,
            "idempotency_key": key,
            "checkout_session_id": created.session_id,
            "checkout_url": created.url,
            "stripe_account_id": req.stripe_account_id,
            "customer_email": req.customer_email,
            "correlation_id": req.correlation_id or new_id(),
            "status": "open",
            "expires_at": expires_at,
        }
        await repo.insert_attempt(session, attempt)
        await repo.add_entry(
            session,
            invoice_id=req.invoice_id,
            business_id=req.business_id,
            attempt_id=attempt_id,
            kind="checkout_started",
            amount=req.amount,
            currency=req.currency,
            method="card",
            reference=created.session_id,
            dedupe_key=f"attempt:{attempt_id}",
            occurred_at=now,
        )
        await publish_checkout_started(session, attempt, occurred_at=now)
    return CheckoutResult(attempt_id, created.session_id, created.url, created=True)
