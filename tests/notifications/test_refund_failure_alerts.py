"""A refund that failed at Stripe alerts the business's admin once; the customer hears nothing."""

from __future__ import annotations

import pytest

from closeout.notifications.domain.planning import MessageContext, plan_payment_event
from closeout.notifications.domain.rendering import render
from closeout.notifications.domain.samples import SAMPLE_BUSINESS, SAMPLE_INVOICE, sample_context
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, refund_failed_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, handled, mail_settled
from support.services import running
from support.waiting import unique


def test_a_failed_refund_is_for_the_admin_only() -> None:
    event = sample_context("refund_failed_admin").payment_event
    assert event is not None
    ctx = MessageContext(business=SAMPLE_BUSINESS, invoice=SAMPLE_INVOICE, payment_event=event)
    intents = plan_payment_event("payment.refund_failed", "key", ctx, sms_enabled=True)
    assert [(i.template, i.recipient) for i in intents] == [
        ("refund_failed_admin", "owner@acme-plumbing.example")
    ]
    assert intents[0].dedupe_key.startswith("inv_sample|pay_sample|re_sample|")
    preview = render("refund_failed_admin", sample_context("refund_failed_admin"))
    assert preview.subject == "Refund failed on invoice INV-2026-000123 — $200.00 not returned"
    assert "the card has expired or was cancelled" in preview.text
    assert "may have been told" not in preview.html


@pytest.mark.integration
async def test_failed_refund_alerts_the_admin_once(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    settings = make_settings()
    app = build_app(settings)
    business_id, invoice_id = unique("biz"), unique("inv")
    customer = f"{unique('x')}@example.com"
    admin = f"{unique('admin')}@example.com"
    failed = refund_failed_event(business_id, invoice_id, "p-card", 5000, refund_was_applied=True)
    issued = invoice_event(
        "invoice.issued", business_id, snapshot(invoice_id, customer), admin_email=admin
    )

    async with running(app):
        # Before anything about its invoice: it waits for the invoice, delivered three times.
        for _ in range(3):
            await publish(settings, failed)
        await handled(app, 3)
        await publish(settings, issued)
        await publish(settings, failed)
        await handled(app, 5)

        [alert] = await wait_for_messages(infra.mailpit_api_url, admin)
        assert alert["Subject"] == "Refund failed on invoice INV-2026-000123 — $50.00 not returned"
        for part in (alert["Text"], alert["HTML"]):
            assert "$50.00" in part
            assert "the card has expired or was cancelled" in part
            assert "re_p-card" in part
            assert "may have been told it is on its way" in part
            assert "Jordan Lee" in part

        await mail_settled(database_url)
    assert len(await messages_to(infra.mailpit_api_url, admin)) == 1
    to_customer = await messages_to(infra.mailpit_api_url, customer)
    assert [m["Subject"].startswith("Invoice ") for m in to_customer] == [True]
