"""The one registry of event types: name, topic, payload model and who publishes it.

Topics are named after the event and keyed by the aggregate id (job id, invoice id), so one
aggregate's events keep their order within a topic. `jobs.inbound` is the ingress topic field
platforms publish to; every topic has a dead-letter twin `<topic>.dlq`.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from closeout.shared.contracts.accounts import AccountEmail
from closeout.shared.contracts.api_keys import ApiKeyRecord
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.jobs import InboundJob, JobCancelled, JobCompleted, JobUpdated
from closeout.shared.contracts.notifications import NotificationEvent
from closeout.shared.contracts.payments import (
    AccountUpdated,
    ClaimRejected,
    PartnerPayoutEvent,
    PaymentEvent,
    RefundFailed,
    WebhookFailed,
)

JOBS_INBOUND_TOPIC = "jobs.inbound"
DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    topic: str
    data_model: type[BaseModel]
    publisher: str
    description: str
    version: int = 1


def _spec(event_type: str, model: type[BaseModel], publisher: str, description: str) -> EventSpec:
    return EventSpec(event_type, event_type, model, publisher, description)


_SPECS = [
    _spec("job.completed", JobCompleted, "jobs", "A job was completed; invoicing bills it."),
    _spec("job.updated", JobUpdated, "jobs", "A job's record changed (after completion too)."),
    _spec("job.cancelled", JobCancelled, "jobs", "A job was cancelled."),
    _spec("invoice.created", InvoiceEvent, "invoicing", "An invoice was created (draft)."),
    _spec("invoice.updated", InvoiceEvent, "invoicing", "A draft was edited, or a change flagged."),
    _spec("invoice.issued", InvoiceEvent, "invoicing", "Issued and sent, with its payment link."),
    _spec("invoice.viewed", InvoiceEvent, "invoicing", "The customer opened the invoice page."),
    _spec(
        "invoice.payment_recorded",
        InvoiceEvent,
        "invoicing",
        "A confirmed payment was applied to the invoice.",
    ),
    _spec(
        "invoice.payment_claimed",
        InvoiceEvent,
        "invoicing",
        "The customer says they paid cash or by transfer: pending an admin's confirmation.",
    ),
    _spec("invoice.paid", InvoiceEvent, "invoicing", "Confirmed payments cover the total."),
    _spec("invoice.overdue", InvoiceEvent, "invoicing", "The invoice is open past its due date."),
    _spec("invoice.reminder_due", InvoiceEvent, "invoicing", "A payment reminder is due."),
    _spec("invoice.voided", InvoiceEvent, "invoicing", "The invoice was voided."),
    _spec(
        "invoice.credited",
        InvoiceEvent,
        "invoicing",
        "A credit note credited part of a paid invoice (`credit_note`); no payment changed.",
    ),
    _spec("invoice.refunded", InvoiceEvent, "invoicing", "A refund was applied to the invoice."),
    _spec("invoice.disputed", InvoiceEvent, "invoicing", "A payment on the invoice is disputed."),
    _spec(
        "invoice.status_changed",
        InvoiceEvent,
        "invoicing",
        "Any other status transition (e.g. uncollectible, dispute resolved).",
    ),
    _spec(
        "payment.checkout_started",
        PaymentEvent,
        "payments",
        "A Stripe Checkout session was created for the invoice's open balance.",
    ),
    _spec(
        "payment.processing",
        PaymentEvent,
        "payments",
        "An asynchronous payment is under way: never counted as paid.",
    ),
    _spec("payment.confirmed", PaymentEvent, "payments", "Stripe or an admin confirmed money."),
    _spec("payment.failed", PaymentEvent, "payments", "A payment attempt failed."),
    _spec("payment.refunded", PaymentEvent, "payments", "Stripe confirmed a (partial) refund."),
    _spec("payment.disputed", PaymentEvent, "payments", "A card payment was disputed."),
    _spec("payment.dispute_closed", PaymentEvent, "payments", "A dispute was closed."),
    _spec(
        "payment.claim_rejected",
        ClaimRejected,
        "payments",
        "An admin rejected a customer's 'I have paid' claim.",
    ),
    _spec(
        "payment.refund_failed",
        RefundFailed,
        "payments",
        "Stripe could not complete a refund: the money was not returned to the customer.",
    ),
    _spec(
        "payment.webhook_failed",
        WebhookFailed,
        "payments",
        "A received Stripe event failed processing for good (listed for operators, replayable).",
    ),
    _spec(
        "payment.account_updated",
        AccountUpdated,
        "payments",
        "A business's Stripe Connect account was connected, enabled for charges or disconnected.",
    ),
    _spec(
        "payment.partner_paid",
        PartnerPayoutEvent,
        "payments",
        "A partner's share of a confirmed payment was transferred to its Stripe account.",
    ),
    _spec(
        "payment.partner_reversed",
        PartnerPayoutEvent,
        "payments",
        "A refund took back part of a partner's payout (a Stripe Transfer Reversal).",
    ),
    _spec(
        "payment.partner_payout_failed",
        PartnerPayoutEvent,
        "payments",
        "Stripe refused a partner's payout (or its reversal) after its retries: not paid.",
    ),
    _spec(
        "apikey.issued",
        ApiKeyRecord,
        "invoicing (and any service's `mint-key`)",
        "An API key was issued: every service adds it to its table of keys.",
    ),
    _spec(
        "apikey.revoked",
        ApiKeyRecord,
        "invoicing (and any service's `revoke-key`)",
        "An API key was revoked: every service refuses it from now on.",
    ),
    _spec(
        "account.invited",
        AccountEmail,
        "dashboard",
        "An owner invited a person to the business: notifications mails them the link.",
    ),
    _spec(
        "account.password_reset_requested",
        AccountEmail,
        "dashboard",
        "A user asked to reset their password: notifications mails them the link.",
    ),
    _spec("notification.sent", NotificationEvent, "notifications", "A message was delivered."),
    _spec("notification.failed", NotificationEvent, "notifications", "A message failed for good."),
]

INBOUND_SPECS = [
    EventSpec(t, JOBS_INBOUND_TOPIC, InboundJob, "field platforms", f"Field platform: {t}")
    for t in ("job.created", "job.updated", "job.completed", "job.cancelled")
]

CATALOGUE: dict[str, EventSpec] = {spec.event_type: spec for spec in _SPECS}


def spec_for(event_type: str) -> EventSpec:
    try:
        return CATALOGUE[event_type]
    except KeyError:
        raise KeyError(f"unknown event type {event_type!r}") from None


def topics_of(prefix: str) -> list[str]:
    """All catalogue topics whose event type starts with `prefix` (e.g. "invoice.")."""
    return sorted({s.topic for s in _SPECS if s.event_type.startswith(prefix)})


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def all_topics() -> list[str]:
    base = sorted({s.topic for s in _SPECS} | {JOBS_INBOUND_TOPIC})
    return base + [dead_letter_topic(t) for t in base]
