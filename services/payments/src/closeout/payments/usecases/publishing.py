"""Enqueue `payment.*` events in the caller's transaction (keyed by invoice id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage.partners import Payout
from closeout.payments.storage.records import AttemptRecord, PaymentRecord
from closeout.shared.contracts.payments import (
    AccountUpdated,
    ClaimRejected,
    PartnerPayoutEvent,
    PaymentEvent,
    WebhookFailed,
)
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import new_event
from closeout.shared.ids import utcnow

SOURCE = "closeout/payments"


async def publish_payment(
    session: AsyncSession,
    event_type: str,
    payment: PaymentRecord,
    *,
    occurred_at: datetime,
    correlation_id: str | None = None,
    model: type[PaymentEvent] = PaymentEvent,
    **fields: object,
) -> None:
    """A `payment.*` event about `payment`; `fields` override or add (amount, refund_id, ...)."""
    values: dict[str, object] = {
        "payment_id": payment.payment_id,
        "invoice_id": payment.invoice_id,
        "amount": payment.amount,
        "currency": payment.currency,
        "method": payment.method,
        "provider": payment.provider,
        "reference": payment.reference,
        "attempt_id": payment.attempt_id,
        "checkout_session_id": payment.checkout_session_id,
        "claim_id": payment.claim_id,
        "confirmed_by": payment.confirmed_by,
        "occurred_at": occurred_at,
    }
    values.update(fields)
    await enqueue(
        session,
        new_event(
            event_type,
            model.model_validate(values),
            source=SOURCE,
            business_id=payment.business_id,
            subject=payment.invoice_id,
            correlation_id=correlation_id,
        ),
    )


async def publish_checkout_started(
    session: AsyncSession, attempt: AttemptRecord, *, occurred_at: datetime
) -> None:
    data = PaymentEvent(
        payment_id=attempt.attempt_id,
        invoice_id=attempt.invoice_id,
        amount=attempt.amount,
        currency=attempt.currency,
        method="card",
        provider="stripe",
        occurred_at=occurred_at,
        attempt_id=attempt.attempt_id,
        checkout_session_id=attempt.checkout_session_id,
        checkout_url=attempt.checkout_url,
        customer_email=attempt.customer_email,
    )
    await enqueue(
        session,
        new_event(
            "payment.checkout_started",
            data,
            source=SOURCE,
            business_id=attempt.business_id,
            subject=attempt.invoice_id,
            correlation_id=attempt.correlation_id,
        ),
    )


async def publish_claim_rejected(
    session: AsyncSession, business_id: str, data: ClaimRejected
) -> None:
    await enqueue(
        session,
        new_event(
            "payment.claim_rejected",
            data,
            source=SOURCE,
            business_id=business_id,
            subject=data.invoice_id,
        ),
    )


# The envelope needs a business; an event naming none is the operators' concern.
OPERATORS = "ops"


async def publish_webhook_failed(session: AsyncSession, data: WebhookFailed) -> None:
    await enqueue(
        session,
        new_event(
            "payment.webhook_failed",
            data,
            source=SOURCE,
            business_id=data.business_id or OPERATORS,
            subject=data.invoice_id or data.stripe_event_id,
        ),
    )


async def publish_account_updated(
    session: AsyncSession,
    business_id: str,
    account_id: str,
    *,
    connected: bool,
    charges_enabled: bool,
    occurred_at: datetime,
) -> None:
    data = AccountUpdated(
        account_id=account_id,
        connected=connected,
        charges_enabled=charges_enabled,
        card_payments_possible=connected and charges_enabled,
        occurred_at=occurred_at,
    )
    await enqueue(
        session,
        new_event(
            "payment.account_updated",
            data,
            source=SOURCE,
            business_id=business_id,
            subject=business_id,
        ),
    )


async def publish_partner_payout(
    session: AsyncSession, event_type: str, payout: Payout, **fields: object
) -> None:
    """A `payment.partner_*` event about `payout` (keyed by its invoice); `fields` add or
    override (the reversal's amount, the transfer, the failure)."""
    values: dict[str, object] = {
        "payout_id": payout.payout_id,
        "partner_id": payout.partner_id,
        "payment_id": payout.payment_id,
        "invoice_id": payout.invoice_id,
        "amount": payout.amount,
        "currency": payout.currency,
        "account_id": payout.destination,
        "transfer_id": payout.transfer_id,
        "occurred_at": utcnow(),
    }
    values.update(fields)
    await enqueue(
        session,
        new_event(
            event_type,
            PartnerPayoutEvent.model_validate(values),
            source=SOURCE,
            business_id=payout.business_id,
            subject=payout.invoice_id,
        ),
    )
