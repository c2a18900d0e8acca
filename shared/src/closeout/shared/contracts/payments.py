"""Payment events, published by the payments gateway."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from closeout.shared.contracts.common import Contract, CurrencyCode, MinorUnits, PaymentMethod

PaymentProvider = Literal["stripe", "manual"]


class PaymentEvent(Contract):
    """Payload of every `payment.*` event.

    `payment_id` is Closeout's id of one payment (a card charge or a confirmed manual payment):
    consumers apply a confirmation, refund or dispute once per (payment_id, kind, refund_id).
    """

    payment_id: str
    invoice_id: str
    amount: MinorUnits = Field(description="Payment amount; for refunds the refunded amount")
    currency: CurrencyCode
    method: PaymentMethod
    provider: PaymentProvider
    occurred_at: datetime
    reference: str | None = Field(None, description="Stripe payment intent / charge, bank ref")
    attempt_id: str | None = None
    checkout_session_id: str | None = None
    checkout_url: str | None = None
    failure_reason: str | None = None
    refund_id: str | None = None
    dispute_id: str | None = None
    dispute_status: str | None = None
    claim_id: str | None = Field(None, description="The customer claim an admin resolved")
    confirmed_by: str | None = None
    customer_email: str | None = None


class ClaimRejected(Contract):
    claim_id: str
    invoice_id: str
    reason: str
    rejected_by: str
    occurred_at: datetime


class RefundFailed(PaymentEvent):
    """Payload of `payment.refund_failed`: Stripe could not complete a refund, so the money
    stayed with the business. `amount` is the refund's amount; `refund_id` and
    `failure_reason` are set.

    `refund_was_applied`: an earlier `payment.refunded` reported this refund (Stripe announces
    a refund with `charge.refunded` before it settles); consumers undo that refund.
    """

    refund_was_applied: bool = False


class WebhookFailed(Contract):
    """Payload of `payment.webhook_failed`: payments gave up processing a received Stripe event
    after its retries. The event stays listed at `GET /v1/ops/webhook-events?status=failed`
    and can be replayed. `business_id` / `invoice_id` are set when the event names them."""

    stripe_event_id: str
    stripe_event_type: str
    error: str
    attempts: int
    account: str | None = Field(None, description="The connected Stripe account, if any")
    business_id: str | None = None
    invoice_id: str | None = None
    occurred_at: datetime


class AccountUpdated(Contract):
    """Payload of `payment.account_updated`: a business's Stripe Connect account changed (see
    README "Stripe Connect"). `card_payments_possible` is what the customer page needs: false
    while the account cannot take charges (the other ways to pay are offered)."""

    account_id: str
    connected: bool
    charges_enabled: bool
    card_payments_possible: bool
    occurred_at: datetime


class PartnerPayoutEvent(Contract):
    """Payload of `payment.partner_paid`, `payment.partner_reversed` and
    `payment.partner_payout_failed`: a partner's share of a confirmed payment was transferred
    to its Stripe account, (partly) taken back after a refund, or refused by Stripe for good
    after its retries (the owner sees it in the partner's payouts; nothing was paid).
    `amount` is the payout's, or for a reversal the amount taken back."""

    payout_id: str
    partner_id: str
    payment_id: str
    invoice_id: str
    amount: MinorUnits
    currency: CurrencyCode
    account_id: str | None = Field(None, description="The partner's connected Stripe account")
    transfer_id: str | None = Field(None, description="The Stripe Transfer (tr_...)")
    reversal_id: str | None = Field(None, description="The Stripe Transfer Reversal (trr_...)")
    failure_reason: str | None = None
    attempts: int | None = None
    occurred_at: datetime
