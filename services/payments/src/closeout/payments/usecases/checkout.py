"""Create (or reuse) a Stripe Checkout session for an invoice's open balance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import (
    CreatedSession,
    IdempotencyConflict,
    StripeGateway,
)
from closeout.payments.domain.fees import application_fee
from closeout.payments.domain.invoices import CLOSED_INVOICE_STATUSES
from closeout.payments.domain.stripe_amounts import StripeAmountError, to_stripe
from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import connect as connect_store
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import AttemptRecord, NewAttempt, NewLedgerEntry
from closeout.payments.usecases.publishing import publish_checkout_started
from closeout.shared.auth import Principal
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow
from closeout.shared.money import UnknownCurrencyError

# A session about to expire is not handed out again.
REUSE_MARGIN = timedelta(minutes=10)
# A session is handed out again only while open for this balance; a reservation whose Stripe
# call has not been recorded yet is completed with the same idempotency key and parameters.
REUSABLE_STATUSES = ("open", "creating")


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
    # Invoicing's free-text setting: accepted but ignored. The account a payment is made on
    # comes only from payments' own Connect record (see `route_for`).
    stripe_account_id: str | None
    correlation_id: str | None


@dataclass(frozen=True)
class Route:
    """Where a business's card payment goes: the platform (None) or its connected account,
    with the platform fee (our minor units) taken there."""

    stripe_account_id: str | None
    application_fee_amount: int | None


@dataclass(frozen=True)
class CheckoutResult:
    attempt_id: str
    checkout_session_id: str
    url: str | None
    created: bool


def idempotency_key(invoice_id: str, amount: int, attempt_no: int) -> str:
    return f"checkout:{invoice_id}:{amount}:{attempt_no}"


def session_params(
    req: CheckoutRequest,
    attempt_id: str,
    expires_at: int,
    stripe_amount: int,
    stripe_fee: int | None = None,
) -> dict[str, Any]:
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
                    "unit_amount": stripe_amount,
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
    if stripe_fee:
        params["payment_intent_data"]["application_fee_amount"] = stripe_fee
    return params


def attempt_id_for(key: str) -> str:
    """Deterministic from the idempotency key, so a retried request sends the same metadata."""
    return "att_" + hashlib.sha256(key.encode()).hexdigest()[:32]


def stripe_amount_for(req: CheckoutRequest) -> int:
    """Stripe's amount for the balance, or a refusal the customer page answers with the other
    ways to pay (e.g. KWD 1.005: Stripe takes three-decimal amounts only with a last digit 0)."""
    try:
        return to_stripe(req.amount, req.currency)
    except (StripeAmountError, UnknownCurrencyError) as exc:
        raise InvalidInputError(f"card payment is not possible for this amount: {exc}") from exc


async def _check_against_projection(session: AsyncSession, req: CheckoutRequest) -> None:
    invoice = await repo.get_invoice(session, req.invoice_id)
    if invoice is None:
        return  # invoicing may call before its own invoice.* event reached us
    if invoice.business_id != req.business_id:
        raise NotFoundError("invoice belongs to another business")
    if invoice.currency != req.currency:
        raise InvalidInputError(f"invoice currency is {invoice.currency}")
    if invoice.status in CLOSED_INVOICE_STATUSES:
        raise ConflictError(f"invoice is {invoice.status}")


async def route_for(session: AsyncSession, req: CheckoutRequest) -> Route:
    """The business's connected account when it has one (refused while it cannot take
    charges: the customer page then offers the other ways to pay), else the platform."""
    account = await connect_store.get_account(session, req.business_id)
    if account is None or account.status == "disconnected":
        return Route(None, None)
    if not account.charges_enabled:
        raise InvalidInputError(
            "card payment is not possible yet: the business's Stripe account cannot take charges"
        )
    rule = await connect_store.get_fee_rule(session, req.business_id)
    fee = application_fee(rule, req.amount) if rule is not None else 0
    return Route(account.account_id, fee or None)


def stripe_fee_for(attempt: AttemptRecord) -> int | None:
    if not attempt.application_fee_amount:
        return None
    try:
        return to_stripe(attempt.application_fee_amount, attempt.currency)
    except (StripeAmountError, UnknownCurrencyError) as exc:
        raise InvalidInputError(f"card payment is not possible for this fee: {exc}") from exc


async def _reserve(
    sessionmaker: async_sessionmaker[AsyncSession], settings: PaymentsSettings, req: CheckoutRequest
) -> AttemptRecord:
    """The attempt to use: an open one for this balance, one whose creation an earlier request
    started, or a new reservation (status creating). Committed before Stripe is called."""
    async with sessionmaker() as session, session.begin():
        await repo.lock_invoice(session, req.invoice_id)
        await _check_against_projection(session, req)
        route = await route_for(session, req)
        now = utcnow()
        usable = await repo.reusable_attempt(
            session,
            req.invoice_id,
            req.amount,
            req.currency,
            now + REUSE_MARGIN,
            statuses=REUSABLE_STATUSES,
        )
        if usable is not None and usable.stripe_account_id == route.stripe_account_id:
            return usable
        attempt_no = await repo.next_attempt_no(session, req.invoice_id)
        key = idempotency_key(req.invoice_id, req.amount, attempt_no)
        attempt_id = attempt_id_for(key)
        await repo.insert_attempt(
            session,
            NewAttempt(
                attempt_id=attempt_id,
                invoice_id=req.invoice_id,
                business_id=req.business_id,
                attempt_no=attempt_no,
                amount=req.amount,
                currency=req.currency,
                idempotency_key=key,
                stripe_account_id=route.stripe_account_id,
                application_fee_amount=route.application_fee_amount,
                customer_email=req.customer_email,
                correlation_id=req.correlation_id or new_id(),
                status="creating",
                expires_at=now + timedelta(minutes=settings.checkout_expiry_minutes),
            ),
        )
        attempt = await repo.get_attempt(session, attempt_id)
        assert attempt is not None
        return attempt


async def _record(
    sessionmaker: async_sessionmaker[AsyncSession], attempt: AttemptRecord, created: CreatedSession
) -> CheckoutResult:
    async with sessionmaker() as session, session.begin():
        await repo.lock_invoice(session, attempt.invoice_id)
        opened = await repo.open_attempt(
            session, attempt.attempt_id, created.session_id, created.url
        )
        if opened:
            now = utcnow()
            await repo.add_entry(
                session,
                NewLedgerEntry(
                    invoice_id=attempt.invoice_id,
                    business_id=attempt.business_id,
                    attempt_id=attempt.attempt_id,
                    kind="checkout_started",
                    amount=attempt.amount,
                    currency=attempt.currency,
                    method="card",
                    reference=created.session_id,
                    dedupe_key=f"attempt:{attempt.attempt_id}",
                    occurred_at=now,
                ),
            )
            opened_attempt = replace(
                attempt, checkout_session_id=created.session_id, checkout_url=created.url
            )
            await publish_checkout_started(session, opened_attempt, occurred_at=now)
    return CheckoutResult(attempt.attempt_id, created.session_id, created.url, created=opened)


async def start_checkout(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
    principal: Principal,
    req: CheckoutRequest,
) -> CheckoutResult:
    """Reserve an attempt and commit, ask Stripe with no transaction (and no lock) held, then
    record the session: a slow Stripe never holds the invoice's lock or a connection. So it
    takes the sessionmaker and opens its own transactions (the documented exception)."""
    if not principal.can_act_for(req.business_id):
        raise NotFoundError("not found")
    stripe_amount = stripe_amount_for(req)
    for _ in range(3):
        attempt = await _reserve(sessionmaker, settings, req)
        if attempt.status == "open":
            return CheckoutResult(
                attempt.attempt_id,
                attempt.session_id,
                attempt.checkout_url,
                created=False,
            )
        params = session_params(
            req,
            attempt.attempt_id,
            int(attempt.expires_at.timestamp()),
            stripe_amount,
            stripe_fee_for(attempt),
        )
        try:
            created = await gateway.create_checkout_session(
                params,
                idempotency_key=attempt.idempotency_key,
                stripe_account=attempt.stripe_account_id,
            )
        except IdempotencyConflict:
            # A crashed earlier try used the key with other parameters: that session was never
            # handed out. The next reservation takes the next attempt number.
            async with sessionmaker() as session, session.begin():
                await repo.set_attempt_status(
                    session, attempt.attempt_id, "abandoned", only_from=("creating",)
                )
            continue
        return await _record(sessionmaker, attempt, created)
    raise ConflictError("could not obtain a fresh checkout session key")
