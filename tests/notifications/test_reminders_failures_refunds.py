"""Reminders, failed payments (customer note + admin alert) and refund confirmations."""

from __future__ import annotations

import pytest

from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, payment_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, handled, mail_settled
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


async def test_reminder_failure_and_refund_mails(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    settings = make_settings()
    app = build_app(settings)
    business_id, invoice_id = unique("biz"), unique("inv")
    customer = f"{unique('x')}@example.com"
    admin = f"{unique('admin')}@example.com"
    link = f"https://pay.example/i/{unique('token')}"
    failed = payment_event(
        "payment.failed",
        business_id,
        invoice_id,
        "p-declined",
        123400,
        failure_reason="Your card was declined.",
    )
    overdue = invoice_event(
        "invoice.overdue",
        business_id,
        snapshot(invoice_id, customer, status="overdue", version=3),
        admin_email=admin,
        payment_url=link,
        days_overdue=3,
        reminder_number=1,
    )
    refunded = payment_event(
        "payment.refunded", business_id, invoice_id, "p-ok", 5000, refund_id="re_1"
    )

    async with running(app):
        # The failure arrives before anything about its invoice: it waits for the invoice.
        await publish(settings, failed)
        await handled(app, 1)
        await publish(settings, overdue)
        await publish(settings, refunded)
        await publish(settings, refunded)

        mails = await wait_for_messages(infra.mailpit_api_url, customer, count=3)
        by_subject = {m["Subject"]: m for m in mails}
        reminder = by_subject[
            "Reminder: invoice INV-2026-000123 from Acme Plumbing — $1,234.00, 3 days overdue"
        ]
        note = by_subject[
            "Your payment for invoice INV-2026-000123 from Acme Plumbing did not go through"
        ]
        refund = by_subject["Refund of $50.00 for invoice INV-2026-000123 from Acme Plumbing"]
        for part in (reminder["Text"], reminder["HTML"]):
            assert link in part
            assert "3 days overdue" in part
            assert "$1,234.00" in part
        for part in (note["Text"], note["HTML"]):
            assert link in part
            assert "Your card was declined." in part
            assert "$1,234.00" in part
        for part in (refund["Text"], refund["HTML"]):
            assert "$50.00" in part
            assert "pi_p-ok" in part

        [alert] = await wait_for_messages(infra.mailpit_api_url, admin)
        assert alert["Subject"] == "Payment failed on invoice INV-2026-000123 — $1,234.00"
        assert "Your card was declined." in alert["Text"]

        await handled(app, 4)
        await mail_settled(database_url)
    assert len(await messages_to(infra.mailpit_api_url, customer)) == 3
