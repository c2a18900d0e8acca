"""Pure rules: which messages an event calls for, their keys, subjects and escaping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeout.notifications import domain
from closeout.notifications.domain.backoff import retry_delay
from closeout.notifications.domain.formatting import brand_color, safe_url, short_date
from closeout.notifications.domain.planning import (
    TEMPLATES,
    MessageContext,
    TemplateName,
    plan_invoice_event,
    plan_payment_event,
    without_chasing_if_settled,
)
from closeout.notifications.domain.rendering import render
from closeout.shared.contracts.invoices import PAYABLE_STATUSES, PaymentClaim
from support.notification_events import applied, business, payment_event, snapshot


def ctx(**extra: Any) -> MessageContext:
    return MessageContext(
        business=business("b1", admin_email="owner@example.com"),
        invoice=snapshot("inv-1", "Customer@Example.com"),
        payment_url="https://pay.example/i/t",
        **extra,
    )


def test_payment_recorded_and_paid_for_one_payment_share_a_receipt_key() -> None:
    paid = ctx(applied_payment=applied("p1", 100))
    recorded = plan_invoice_event("invoice.payment_recorded", "src|e1", paid, sms_enabled=False)
    settled = plan_invoice_event("invoice.paid", "src|e2", paid, sms_enabled=False)
    assert [i.dedupe_key for i in recorded] == [i.dedupe_key for i in settled]
    assert recorded[0].template == "receipt"
    assert recorded[0].dedupe_key == "inv-1|p1|receipt|email|customer@example.com"


def test_different_payments_get_different_receipts() -> None:
    first = plan_invoice_event(
        "invoice.payment_recorded", "e1", ctx(applied_payment=applied("p1", 1)), sms_enabled=False
    )
    second = plan_invoice_event(
        "invoice.payment_recorded", "e2", ctx(applied_payment=applied("p2", 1)), sms_enabled=False
    )
    assert first[0].dedupe_key != second[0].dedupe_key


@pytest.mark.parametrize(
    "event_type", ["invoice.payment_claimed", "invoice.viewed", "invoice.created"]
)
def test_no_receipt_without_confirmed_money(event_type: str) -> None:
    claim = PaymentClaim(claim_id="c1", method="cash", claimed_at=datetime.now(UTC))
    intents = plan_invoice_event(event_type, "e", ctx(claim=claim), sms_enabled=False)
    assert all(i.template != "receipt" for i in intents)
    # A payment_recorded that does not name its payment is not a receipt either.
    assert plan_invoice_event("invoice.payment_recorded", "e", ctx(), sms_enabled=False) == []


def test_overdue_without_a_reminder_sends_nothing() -> None:
    """Reminders off (or none owed when the invoice turns overdue): the status changes, the
    customer hears nothing; with its reminder, the overdue notice is that reminder."""
    assert plan_invoice_event("invoice.overdue", "e", ctx(), sms_enabled=False) == []
    [reminder] = plan_invoice_event(
        "invoice.overdue", "e", ctx(reminder_number=1, days_overdue=1), sms_enabled=False
    )
    assert reminder.template == "reminder"


def test_claim_alerts_the_admin_only() -> None:
    claim = PaymentClaim(claim_id="c1", method="cash", claimed_at=datetime.now(UTC))
    [alert] = plan_invoice_event(
        "invoice.payment_claimed", "e", ctx(claim=claim), sms_enabled=False
    )
    assert (alert.template, alert.recipient) == ("payment_claimed_admin", "owner@example.com")


def test_payment_processing_and_confirmed_call_for_nothing() -> None:
    for event_type in ("payment.processing", "payment.confirmed"):
        event = payment_event(event_type, "b1", "inv-1", "p1", 100).data
        assert plan_payment_event(event_type, "e", ctx(payment_event=event), sms_enabled=True) == []


def test_failed_payment_notifies_customer_and_admin() -> None:
    event = payment_event("payment.failed", "b1", "inv-1", "p1", 100).data
    intents = plan_payment_event("payment.failed", "e", ctx(payment_event=event), sms_enabled=False)
    assert [(i.template, i.recipient) for i in intents] == [
        ("payment_failed", "Customer@Example.com"),
        ("payment_failed_admin", "owner@example.com"),
    ]


def with_customer(**customer: Any) -> MessageContext:
    base = ctx()
    return MessageContext(
        business=base.business,
        invoice=base.invoice.model_copy(
            update={"customer": base.invoice.customer.model_copy(update=customer)}
        ),
    )


def channels(event_type: str, context: MessageContext, *, sms_enabled: bool) -> set[str]:
    intents = plan_invoice_event(event_type, "e", context, sms_enabled=sms_enabled)
    return {i.channel for i in intents}


def test_sms_only_when_enabled_and_a_consenting_customer_has_a_phone() -> None:
    consenting = with_customer(phone="+1 (555) 010-0199", sms_consent=True)
    assert channels("invoice.issued", consenting, sms_enabled=True) == {"email", "sms"}
    assert channels("invoice.reminder_due", consenting, sms_enabled=True) == {"email", "sms"}
    assert channels("invoice.issued", consenting, sms_enabled=False) == {"email"}
    # Receipts are email only (SMS_TEMPLATES).
    paid = MessageContext(
        business=consenting.business,
        invoice=consenting.invoice,
        applied_payment=applied("p1", 1),
    )
    assert channels("invoice.payment_recorded", paid, sms_enabled=True) == {"email"}
    without_consent = with_customer(phone="+15550100199")
    assert channels("invoice.issued", without_consent, sms_enabled=True) == {"email"}
    not_a_number = with_customer(phone="call the office", sms_consent=True)
    assert channels("invoice.issued", not_a_number, sms_enabled=True) == {"email"}
    [sms] = [
        i
        for i in plan_invoice_event("invoice.issued", "e", consenting, sms_enabled=True)
        if i.channel == "sms"
    ]
    assert sms.recipient == "+15550100199"  # as the provider takes it, and suppresses it


def test_subject_line_and_escaping() -> None:
    hostile = MessageContext(
        business=business("b1"),
        invoice=snapshot("inv-1", "c@example.com", customer_name="<script>alert(1)</script>"),
        payment_url="javascript:alert(1)",
    )
    rendered = render("invoice", hostile)
    assert rendered.subject == "Invoice INV-2026-000123 from Acme Plumbing — $1,234.00 due 5 Dec"
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text  # plain text is not markup
    assert "javascript:" not in rendered.html


def test_formatting_helpers() -> None:
    assert short_date(datetime(2026, 12, 5).date()) == "5 Dec"
    assert brand_color("#abc") == "#abc"
    assert brand_color("red;background:url(x)") == "#1f6feb"
    assert safe_url("https://x.example") == "https://x.example"
    assert safe_url("data:text/html,hi") is None


@given(st.integers(min_value=1, max_value=100))
def test_backoff_grows_and_is_capped(attempts: int) -> None:
    delay = retry_delay(attempts, 2.0, 300.0)
    assert 2.0 <= delay <= 300.0
    assert delay >= retry_delay(max(attempts - 1, 1), 2.0, 300.0)


def test_a_refunded_invoice_with_a_balance_may_still_be_chased() -> None:
    """Invoicing derives the balance from net paid: a resend after a partial refund is mailed."""
    resend = plan_invoice_event("invoice.issued", "e", ctx(), sms_enabled=False)
    owing = snapshot("inv-1", "c@example.com", paid=100000, status="partially_refunded")
    assert owing.amount_due > 0
    assert without_chasing_if_settled(resend, owing) == resend
    settled = snapshot("inv-1", "c@example.com", paid=123400, status="partially_refunded")
    assert without_chasing_if_settled(resend, settled) == []


def test_no_chasing_once_nothing_is_owed() -> None:
    reminder = plan_invoice_event(
        "invoice.reminder_due", "e", ctx(days_overdue=2), sms_enabled=False
    )
    assert without_chasing_if_settled(reminder, ctx().invoice) == reminder
    paid = snapshot("inv-1", "c@example.com", paid=123400, status="paid", version=9)
    assert without_chasing_if_settled(reminder, paid) == []
    receipt = plan_invoice_event(
        "invoice.paid", "e", ctx(applied_payment=applied("p1", 1)), sms_enabled=False
    )
    assert without_chasing_if_settled(receipt, paid) == receipt


@pytest.mark.parametrize("status", ["disputed", "paid", "void", "uncollectible"])
def test_nothing_is_chased_while_the_customer_cannot_pay(status: str) -> None:
    """The shared `PAYABLE_STATUSES` decides: a disputed invoice takes no payment in invoicing,
    so no reminder, invoice or try-again mail asks for one (even with a balance left)."""
    latest = snapshot("inv-1", "c@example.com", status=status)
    assert latest.amount_due > 0
    reminder = plan_invoice_event("invoice.reminder_due", "e", ctx(), sms_enabled=False)
    assert reminder
    assert without_chasing_if_settled(reminder, latest) == []


@pytest.mark.parametrize("status", sorted(PAYABLE_STATUSES))
def test_a_payable_invoice_with_a_balance_is_chased(status: str) -> None:
    latest = snapshot("inv-1", "c@example.com", status=status)
    reminder = plan_invoice_event("invoice.reminder_due", "e", ctx(), sms_enabled=False)
    assert without_chasing_if_settled(reminder, latest) == reminder


def test_the_template_names_are_written_once_and_each_has_its_files() -> None:
    assert get_args(TemplateName) == TEMPLATES
    templates = Path(domain.__file__).parent.parent / "templates"
    for name in TEMPLATES:
        assert (templates / f"{name}.html").is_file()
        assert (templates / f"{name}.txt").is_file()
