"""Which messages an event calls for, to whom, and what makes each one unique.

The dedupe key names the fact a message is about, not the event that reported it: a receipt is
about one payment on one invoice, so `invoice.payment_recorded` and `invoice.paid` reporting the
same payment produce the same key and one mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from closeout.notifications.domain.sms import sms_number
from closeout.shared.contracts.invoices import (
    PAYABLE_STATUSES,
    AppliedPayment,
    BusinessProfile,
    InvoiceSnapshot,
    PaymentClaim,
)
from closeout.shared.contracts.payments import PaymentEvent

ChannelName = Literal["email", "sms"]
TemplateName = Literal[
    "invoice",
    "receipt",
    "reminder",
    "payment_failed",
    "payment_failed_admin",
    "refund",
    "refund_failed_admin",
    "payment_claimed_admin",
    "payment_received_admin",
    "dispute_opened_admin",
]
TEMPLATES: tuple[TemplateName, ...] = get_args(TemplateName)
# Short enough for a text message; the rest are email only. Sent only to a customer with a
# phone number who consented (`Customer.sms_consent`), and only with SMS enabled.
SMS_TEMPLATES: frozenset[TemplateName] = frozenset({"invoice", "reminder"})


@dataclass(frozen=True)
class MessageContext:
    """Everything a template may show: the invoice as last reported, and the fact at hand."""

    business: BusinessProfile
    invoice: InvoiceSnapshot
    payment_url: str | None = None
    applied_payment: AppliedPayment | None = None
    payment_event: PaymentEvent | None = None
    claim: PaymentClaim | None = None
    days_overdue: int | None = None
    reminder_number: int | None = None


@dataclass(frozen=True)
class Intent:
    template: TemplateName
    channel: ChannelName
    recipient: str
    dedupe_key: str


# Messages that ask the customer to pay: pointless, and alarming, once nothing is owed.
CHASING_TEMPLATES: frozenset[TemplateName] = frozenset({"invoice", "reminder", "payment_failed"})


def nothing_owed(latest: InvoiceSnapshot) -> bool:
    """Nothing to chase: the customer cannot pay the invoice (the statuses invoicing takes a
    payment in, `PAYABLE_STATUSES`), or its balance is covered. After a refund the balance
    decides: what net payments do not cover is due, and an admin may ask for it (resend)."""
    return latest.status not in PAYABLE_STATUSES or latest.amount_due <= 0


def without_chasing_if_settled(intents: list[Intent], latest: InvoiceSnapshot) -> list[Intent]:
    """Events arrive out of order across topics: a reminder may come after the invoice was
    paid. The newest snapshot we know decides."""
    if not nothing_owed(latest):
        return intents
    return [i for i in intents if i.template not in CHASING_TEMPLATES]


def admin_address(business: BusinessProfile) -> str | None:
    return business.admin_email or business.email


def _customer_intents(
    template: TemplateName, fact: str, ctx: MessageContext, *, sms_enabled: bool
) -> list[Intent]:
    intents = []
    email = ctx.invoice.customer.email
    if ctx.payment_event is not None and ctx.payment_event.customer_email:
        email = ctx.payment_event.customer_email
    if email:
        key = f"{fact}|{template}|email|{email.lower()}"
        intents.append(Intent(template, "email", email, key))
    customer = ctx.invoice.customer
    phone = sms_number(customer.phone)
    if sms_enabled and phone and customer.sms_consent and template in SMS_TEMPLATES:
        intents.append(Intent(template, "sms", phone, f"{fact}|{template}|sms|{phone}"))
    return intents


def _admin_intents(template: TemplateName, fact: str, ctx: MessageContext) -> list[Intent]:
    address = admin_address(ctx.business)
    if not address:
        return []
    return [Intent(template, "email", address, f"{fact}|{template}|email|{address.lower()}")]


def _owner_payment_notice(ctx: MessageContext) -> list[Intent]:
    """The owner hears of each payment when the business asks for it (`payment_notice`); both
    events that report a payment name the same fact, so one mail goes."""
    if ctx.business.payment_notice != "each" or ctx.applied_payment is None:
        return []
    fact = f"{ctx.invoice.invoice_id}|{ctx.applied_payment.payment_id}|received"
    return _admin_intents("payment_received_admin", fact, ctx)


def receipt_fact(invoice_id: str, payment: AppliedPayment | None) -> str:
    """One receipt per payment; `paid` stands for "the payment that settled it" when the
    event does not say which payment that was."""
    return f"{invoice_id}|{payment.payment_id if payment else 'paid'}"


def plan_invoice_event(
    event_type: str, event_key: str, ctx: MessageContext, *, sms_enabled: bool
) -> list[Intent]:
    invoice_id = ctx.invoice.invoice_id
    if event_type == "invoice.issued":
        return _customer_intents("invoice", event_key, ctx, sms_enabled=sms_enabled)
    if event_type in ("invoice.payment_recorded", "invoice.paid"):
        if event_type == "invoice.payment_recorded" and ctx.applied_payment is None:
            return []
        fact = receipt_fact(invoice_id, ctx.applied_payment)
        receipts = _customer_intents("receipt", fact, ctx, sms_enabled=sms_enabled)
        return receipts + _owner_payment_notice(ctx)
    if event_type == "invoice.overdue" and ctx.reminder_number is None:
        return []  # overdue, but the business's reminder schedule owes no reminder now
    if event_type in ("invoice.reminder_due", "invoice.overdue"):
        return _customer_intents("reminder", event_key, ctx, sms_enabled=sms_enabled)
    if event_type == "invoice.payment_claimed":
        claim = ctx.claim.claim_id if ctx.claim else event_key
        return _admin_intents("payment_claimed_admin", f"{invoice_id}|{claim}", ctx)
    return []


def plan_payment_event(
    event_type: str, event_key: str, ctx: MessageContext, *, sms_enabled: bool
) -> list[Intent]:
    payment = ctx.payment_event
    if payment is None:
        return []
    if event_type == "payment.failed":
        fact = f"{payment.invoice_id}|{payment.payment_id}"
        return _customer_intents(
            "payment_failed", fact, ctx, sms_enabled=sms_enabled
        ) + _admin_intents("payment_failed_admin", fact, ctx)
    if event_type == "payment.refunded":
        fact = f"{payment.invoice_id}|{payment.payment_id}|{payment.refund_id or event_key}"
        return _customer_intents("refund", fact, ctx, sms_enabled=sms_enabled)
    if event_type == "payment.disputed":
        # Always, whatever the payment notice: money may be taken back.
        fact = f"{payment.invoice_id}|{payment.dispute_id or event_key}|dispute"
        return _admin_intents("dispute_opened_admin", fact, ctx)
    if event_type == "payment.refund_failed":
        # The business returns the money another way; the customer hears it from them.
        fact = f"{payment.invoice_id}|{payment.payment_id}|{payment.refund_id or event_key}"
        return _admin_intents("refund_failed_admin", fact, ctx)
    return []
