"""Sample data for template previews: a plausible plumbing job, invoice and payment."""

from datetime import UTC, date, datetime
from decimal import Decimal

from closeout.notifications.domain.planning import MessageContext, TemplateName
from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import (
    AppliedPayment,
    BusinessProfile,
    InvoiceLine,
    InvoiceSnapshot,
    PaymentClaim,
)
from closeout.shared.contracts.payments import PaymentEvent, RefundFailed

SAMPLE_BUSINESS = BusinessProfile(
    business_id="sample",
    name="Acme Plumbing",
    email="office@acme-plumbing.example",
    phone="+1 555 0100",
    address="12 Pipe Street, Springfield",
    website="https://acme-plumbing.example",
    brand_color="#0b7285",
    admin_email="owner@acme-plumbing.example",
    bank_transfer_instructions="Account 12-3456-7890123-00, reference the invoice number",
    timezone="America/New_York",
)

_NOW = datetime(2026, 11, 21, 15, 30, tzinfo=UTC)

SAMPLE_INVOICE = InvoiceSnapshot(
    invoice_id="inv_sample",
    number="INV-2026-000123",
    status="open",
    version=2,
    job_title="Replace water heater",
    site_address="42 Elm Road, Springfield",
    job_completed_at=_NOW,
    notes="Old unit removed and recycled.",
    customer=Customer(name="Jordan Lee", email="jordan@example.com", phone="+1 555 0199"),
    currency="USD",
    lines=[
        InvoiceLine(
            description="Labour",
            quantity=Decimal(3),
            unit_amount=9500,
            tax_rate=Decimal(0),
            net_amount=28500,
            tax_amount=0,
            total_amount=28500,
        ),
        InvoiceLine(
            description="Water heater, 50 gal",
            quantity=Decimal(1),
            unit_amount=94900,
            tax_rate=Decimal(0),
            net_amount=94900,
            tax_amount=0,
            total_amount=94900,
        ),
    ],
    subtotal=123400,
    tax_total=0,
    total=123400,
    amount_paid=0,
    amount_due=123400,
    issued_at=_NOW,
    due_date=date(2026, 12, 5),
)

SAMPLE_URL = "https://pay.closeout.example/i/sample-capability-token"

_PAYMENT = PaymentEvent(
    payment_id="pay_sample",
    invoice_id="inv_sample",
    amount=123400,
    currency="USD",
    method="card",
    provider="stripe",
    occurred_at=_NOW,
    reference="pi_sample",
    failure_reason="Your card was declined.",
    customer_email="jordan@example.com",
)


def sample_context(template: TemplateName) -> MessageContext:
    base = MessageContext(business=SAMPLE_BUSINESS, invoice=SAMPLE_INVOICE, payment_url=SAMPLE_URL)
    if template in ("receipt", "payment_received_admin"):
        paid = SAMPLE_INVOICE.model_copy(update={"amount_paid": 50000, "amount_due": 73400})
        payment = AppliedPayment(
            payment_id="pay_sample",
            amount=50000,
            currency="USD",
            method="bank_transfer",
            reference="ACME-123",
            occurred_at=_NOW,
        )
        return MessageContext(
            business=SAMPLE_BUSINESS,
            invoice=paid,
            payment_url=SAMPLE_URL,
            applied_payment=payment,
        )
    if template == "reminder":
        return MessageContext(
            business=SAMPLE_BUSINESS,
            invoice=SAMPLE_INVOICE,
            payment_url=SAMPLE_URL,
            days_overdue=7,
            reminder_number=1,
        )
    if template == "refund_failed_admin":
        failed = RefundFailed.model_validate(
            _PAYMENT.model_dump()
            | {
                "amount": 20000,
                "refund_id": "re_sample",
                "failure_reason": "expired_or_canceled_card",
            }
        )
        return MessageContext(
            business=SAMPLE_BUSINESS, invoice=SAMPLE_INVOICE, payment_event=failed
        )
    if template == "dispute_opened_admin":
        disputed = _PAYMENT.model_copy(
            update={"dispute_id": "dp_sample", "dispute_status": "needs_response"}
        )
        return MessageContext(
            business=SAMPLE_BUSINESS, invoice=SAMPLE_INVOICE, payment_event=disputed
        )
    if template in ("payment_failed", "payment_failed_admin", "refund"):
        return MessageContext(
            business=SAMPLE_BUSINESS,
            invoice=SAMPLE_INVOICE,
            payment_url=SAMPLE_URL,
            payment_event=_PAYMENT,
        )
    if template == "payment_claimed_admin":
        claim = PaymentClaim(
            claim_id="claim_sample",
            method="cash",
            amount=123400,
            note="Paid the technician on site",
            claimed_at=_NOW,
        )
        return MessageContext(
            business=SAMPLE_BUSINESS, invoice=SAMPLE_INVOICE, payment_url=SAMPLE_URL, claim=claim
        )
    return base
