"""Request and response bodies of the payments API."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from closeout.shared.contracts.common import (
    WHOLE_NUMBER,
    CurrencyCode,
    NonNegativeMinorUnits,
    PositiveMinorUnits,
    Timestamp,
)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CheckoutSessionRequest(Body):
    invoice_id: str = Field(min_length=1, max_length=64)
    business_id: str = Field(min_length=1, max_length=100)
    invoice_number: str | None = Field(None, max_length=100)
    amount: PositiveMinorUnits
    currency: CurrencyCode
    customer_email: str | None = Field(None, max_length=320)
    description: str | None = Field(None, max_length=2000)
    success_url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://")
    cancel_url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://")
    stripe_account_id: str | None = Field(None, max_length=100, pattern=r"^acct_[A-Za-z0-9]+$")
    correlation_id: str | None = Field(None, max_length=200)


class CheckoutSessionResponse(BaseModel):
    attempt_id: str
    checkout_session_id: str
    url: str | None


class ManualPaymentRequest(Body):
    amount: PositiveMinorUnits
    currency: CurrencyCode
    method: Literal["cash", "bank_transfer"]
    reference: str | None = Field(None, max_length=300)
    claim_id: str | None = Field(None, min_length=1, max_length=100)
    occurred_at: datetime | None = None


class PaymentResponse(BaseModel):
    payment_id: str
    invoice_id: str
    provider: str
    method: str
    amount: int
    currency: str
    status: str
    amount_refunded: int
    reference: str | None
    claim_id: str | None
    confirmed_by: str | None
    confirmed_at: datetime | None
    attempt_id: str | None
    checkout_session_id: str | None
    application_fee_amount: int | None = Field(
        None, description="The platform fee Stripe took (payment log only; None: none)"
    )
    partner_share: int = Field(
        0, description="Partners' payouts of this payment, not cancelled (payment log only)"
    )


class ClaimRejectRequest(Body):
    reason: str = Field(min_length=1, max_length=1000)


class ClaimRejectResponse(BaseModel):
    claim_id: str
    invoice_id: str
    status: Literal["rejected"] = "rejected"


class RefundRequest(Body):
    amount: PositiveMinorUnits | None = None
    reason: str | None = Field(None, max_length=500)
    refund_application_fee: bool = Field(
        False, description="Also give back the platform fee, in proportion (Connect payments)"
    )


class RefundResponse(BaseModel):
    refund_id: str
    payment_id: str
    amount: int
    status: str


class LedgerEntryResponse(BaseModel):
    kind: str
    occurred_at: datetime
    amount: int | None
    currency: str | None
    method: str | None
    reference: str | None
    payment_id: str | None
    attempt_id: str | None
    detail: str | None
    actor: str | None


class RefundStateResponse(BaseModel):
    refund_id: str
    payment_id: str | None
    amount: int | None
    currency: str | None
    status: Literal["requested", "refunded", "failed"]
    failure_reason: str | None = Field(description="Stripe's reason, when the refund failed")
    requested_at: datetime | None
    updated_at: datetime


class PaymentLogResponse(BaseModel):
    invoice_id: str
    payments: list[PaymentResponse]
    entries: list[LedgerEntryResponse]
    refunds: list[RefundStateResponse] = Field(
        default_factory=list, description="Each refund's state, from the entries"
    )


class WebhookEventResponse(BaseModel):
    event_id: str
    event_type: str
    account: str | None
    status: str
    attempts: int
    last_error: str | None
    outcome: str | None
    received_at: datetime
    processed_at: datetime | None
    next_attempt_at: datetime


class ConnectOnboardingResponse(BaseModel):
    account_id: str
    url: str = Field(description="Stripe's Account Link: send the owner there to onboard")


class ConnectStatusResponse(BaseModel):
    business_id: str
    connected: bool
    account_id: str | None
    status: Literal["not_connected", "onboarding", "connected", "disconnected"]
    charges_enabled: bool
    details_submitted: bool


class FeeRuleBody(Body):
    business_id: str | None = Field(None, description="Ignored on PUT (the path names it)")
    percent_bps: Annotated[int, Field(ge=0, le=10_000, strict=True), WHOLE_NUMBER] = Field(
        0, description="Basis points of the amount"
    )
    fixed_amount: NonNegativeMinorUnits = Field(0, description="Minor units per payment")
    cap_amount: NonNegativeMinorUnits | None = Field(None, description="At most this (minor units)")


class PercentRuleBody(Body):
    kind: Literal["percent"]
    percent_bps: Annotated[int, Field(ge=1, le=10_000, strict=True), WHOLE_NUMBER] = Field(
        description="Basis points"
    )
    cap_amount: NonNegativeMinorUnits | None = Field(None, description="At most this per payment")
    ends_at: Timestamp | None = Field(None, description="No share of payments confirmed from then")


class FixedRuleBody(Body):
    kind: Literal["fixed"]
    fixed_amount: PositiveMinorUnits = Field(description="Minor units, once per paid invoice")
    cap_amount: NonNegativeMinorUnits | None = Field(None, description="At most this per payment")
    ends_at: Timestamp | None = Field(None, description="No share of payments confirmed from then")


# percent: basis points of each confirmed payment; fixed: an amount once per paid invoice.
PartnerRuleBody = Annotated[PercentRuleBody | FixedRuleBody, Field(discriminator="kind")]


class PartnerCreateRequest(Body):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(None, max_length=320)
    customer_emails: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="Empty: every invoice of the business; else only invoices to these customers",
    )
    rule: PartnerRuleBody


class PartnerUpdateRequest(Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=320)
    customer_emails: list[str] | None = Field(None, max_length=500)
    rule: PartnerRuleBody | None = None


class PartnerResponse(BaseModel):
    partner_id: str
    business_id: str
    name: str
    email: str | None
    customer_emails: list[str]
    rule: PartnerRuleBody
    account_id: str | None = Field(description="The partner's connected Stripe account")
    payouts_enabled: bool
    details_submitted: bool
    status: Literal["active", "ended"]
    ended_at: datetime | None
    created_at: datetime


class PartnerPayoutResponse(BaseModel):
    payout_id: str
    partner_id: str
    payment_id: str
    invoice_id: str
    amount: int
    currency: str
    status: Literal["pending", "held", "paid", "failed", "cancelled"]
    transfer_id: str | None
    attempts: int
    last_error: str | None = Field(description="Why the last try did not pay (refused, waiting)")
    created_at: datetime
    paid_at: datetime | None


class PartnerReversalResponse(BaseModel):
    reversal_id: str
    payout_id: str
    refund_key: str
    amount: int
    status: Literal["pending", "reversed", "failed", "skipped"]
    stripe_reversal_id: str | None
    attempts: int
    last_error: str | None
    created_at: datetime
    done_at: datetime | None


class PartnerTotalsResponse(BaseModel):
    currency: str
    paid: int
    reversed: int
    net: int = Field(description="paid - reversed")
    failed: int
    pending: int = Field(description="Not paid yet (pending or held by a dispute)")


class PartnerStatementResponse(BaseModel):
    partner: PartnerResponse
    since: datetime | None
    until: datetime | None
    payouts: list[PartnerPayoutResponse]
    reversals: list[PartnerReversalResponse]
    totals: list[PartnerTotalsResponse]


class BusinessLogEntryResponse(BaseModel):
    """One fact of the business's payment log."""

    id: int
    invoice_id: str
    invoice_number: str | None = Field(description="as invoicing numbered it, once known here")
    payment_id: str | None
    kind: str = Field(
        description="confirmed, failed, refund_requested, refunded, refund_failed, disputed, "
        "dispute_closed or claim_rejected"
    )
    amount: int | None = Field(description="minor units")
    currency: str | None
    method: str | None = Field(description="card, cash, bank_transfer or other")
    reference: str | None
    detail: str | None = Field(description="a failure reason, a refund or dispute id and state")
    actor: str | None = Field(description="who confirmed or acted (an API key, `stripe`, ...)")
    occurred_at: datetime


class BusinessLogResponse(BaseModel):
    items: list[BusinessLogEntryResponse]
    total: int = Field(description="entries matching the filters, on every page")
    limit: int
    offset: int
