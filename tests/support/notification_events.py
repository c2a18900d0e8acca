"""Factories for the invoice and payment events the notifications service consumes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import (
    AppliedPayment,
    BusinessProfile,
    InvoiceEvent,
    InvoiceLine,
    InvoiceSnapshot,
)
from closeout.shared.contracts.payments import PaymentEvent, RefundFailed, WebhookFailed
from closeout.shared.events import Envelope, new_event
from support.waiting import unique

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def business(business_id: str, admin_email: str | None = None) -> BusinessProfile:
    return BusinessProfile(
        business_id=business_id,
        name="Acme Plumbing",
        email="office@acme.example",
        phone="+1 555 0100",
        address="12 Pipe Street",
        brand_color="#0b7285",
        admin_email=admin_email,
    )


def snapshot(
    invoice_id: str,
    customer_email: str,
    *,
    total: int = 123400,
    paid: int = 0,
    version: int = 1,
    status: str = "open",
    customer_name: str = "Jordan Lee",
) -> InvoiceSnapshot:
    return InvoiceSnapshot.model_validate(
        {
            "invoice_id": invoice_id,
            "number": "INV-2026-000123",
            "status": status,
            "version": version,
            "job_title": "Replace water heater",
            "site_address": "42 Elm Road",
            "job_completed_at": NOW,
            "notes": "Old unit recycled",
            "customer": Customer(name=customer_name, email=customer_email),
            "currency": "USD",
            "lines": [
                InvoiceLine(
                    description="Water heater",
                    quantity=Decimal(1),
                    unit_amount=total,
                    tax_rate=Decimal(0),
                    net_amount=total,
                    tax_amount=0,
                    total_amount=total,
                )
            ],
            "subtotal": total,
            "tax_total": 0,
            "total": total,
            "amount_paid": paid,
            "amount_due": total - paid,
            "issued_at": NOW,
            "due_date": date(2026, 12, 5),
        }
    )


def invoice_event(
    event_type: str,
    business_id: str,
    invoice: InvoiceSnapshot,
    *,
    admin_email: str | None = None,
    payment_url: str | None = None,
    **extra: Any,
) -> Envelope[InvoiceEvent]:
    data = InvoiceEvent(
        invoice=invoice,
        business=business(business_id, admin_email),
        payment_url=payment_url,
        **extra,
    )
    return new_event(
        event_type,
        data,
        source="closeout/invoicing",
        business_id=business_id,
        subject=invoice.invoice_id,
    )


def applied(payment_id: str, amount: int, method: str = "card") -> AppliedPayment:
    return AppliedPayment.model_validate(
        {
            "payment_id": payment_id,
            "amount": amount,
            "currency": "USD",
            "method": method,
            "reference": f"ref-{payment_id}",
            "occurred_at": NOW,
        }
    )


def payment_event(
    event_type: str, business_id: str, invoice_id: str, payment_id: str, amount: int, **extra: Any
) -> Envelope[PaymentEvent]:
    data = PaymentEvent.model_validate(
        {
            "payment_id": payment_id,
            "invoice_id": invoice_id,
            "amount": amount,
            "currency": "USD",
            "method": "card",
            "provider": "stripe",
            "occurred_at": NOW,
            "reference": f"pi_{payment_id}",
            **extra,
        }
    )
    return new_event(
        event_type, data, source="closeout/payments", business_id=business_id, subject=invoice_id
    )


def refund_failed_event(
    business_id: str, invoice_id: str, payment_id: str, amount: int, **extra: Any
) -> Envelope[RefundFailed]:
    data = RefundFailed.model_validate(
        {
            "payment_id": payment_id,
            "invoice_id": invoice_id,
            "amount": amount,
            "currency": "USD",
            "method": "card",
            "provider": "stripe",
            "occurred_at": NOW,
            "reference": f"pi_{payment_id}",
            "refund_id": f"re_{payment_id}",
            "failure_reason": "expired_or_canceled_card",
            **extra,
        }
    )
    return new_event(
        "payment.refund_failed",
        data,
        source="closeout/payments",
        business_id=business_id,
        subject=invoice_id,
    )


def webhook_failed_event(
    business_id: str | None, invoice_id: str | None, *, stripe_event_type: str = "charge.refunded"
) -> Envelope[WebhookFailed]:
    data = WebhookFailed(
        stripe_event_id=unique("evt"),
        stripe_event_type=stripe_event_type,
        error="NotYetKnown: no confirmed payment for payment intent pi_123 yet",
        attempts=6,
        business_id=business_id,
        invoice_id=invoice_id,
        occurred_at=NOW,
    )
    return new_event(
        "payment.webhook_failed",
        data,
        source="closeout/payments",
        business_id=business_id or "ops",
        subject=invoice_id or data.stripe_event_id,
    )
