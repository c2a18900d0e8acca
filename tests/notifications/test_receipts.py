"""Receipts: one per confirmed payment, never for a claim or a processing payment."""

from __future__ import annotations

from typing import Any

import pytest

from closeout.shared.events import Envelope
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import applied, invoice_event, payment_event, snapshot
from support.notifications import MakeSettings, Publish, admin_headers, build_app, handled
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


async def test_one_receipt_per_payment_and_none_for_claims(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    settings = make_settings()
    app = build_app(settings)
    business_id, invoice_id = unique("biz"), unique("inv")
    customer = f"{unique('x')}@example.com"
    admin = f"{unique('admin')}@example.com"
    link = f"https://pay.example/i/{unique('token')}"

    def event(event_type: str, paid: int, version: int, **extra: Any) -> Envelope[Any]:
        return invoice_event(
            event_type,
            business_id,
            snapshot(invoice_id, customer, paid=paid, version=version),
            admin_email=admin,
            payment_url=link,
            **extra,
        )

    claim = {
        "claim_id": unique("claim"),
        "method": "cash",
        "amount": 123400,
        "note": "Paid the technician",
        "claimed_at": "2026-11-21T15:00:00Z",
    }
    events = [
        event("invoice.issued", 0, 1),
        payment_event("payment.processing", business_id, invoice_id, "p-ach", 123400),
        event("invoice.payment_claimed", 0, 2, claim=claim),
        event("invoice.payment_recorded", 40000, 3, payment=applied("p1", 40000, "bank_transfer")),
        event("invoice.payment_recorded", 123400, 4, payment=applied("p2", 83400)),
        event("invoice.paid", 123400, 5, payment=applied("p2", 83400)),
        # A reminder computed before the payment, arriving after it: nothing is owed any more.
        # (Published last, once the payment is known.)
        event("invoice.reminder_due", 0, 2, days_overdue=1, reminder_number=1),
    ]
    async with running(app) as client:
        # Issued first; the rest at once, in whatever order the topics deliver them.
        await publish(settings, events[0])
        await handled(app, 1)
        for e in events[1:-1]:
            await publish(settings, e)
        await handled(app, len(events) - 2)  # payment.processing is not even subscribed
        await publish(settings, events[-1])
        await handled(app, len(events) - 1)

        async def all_settled() -> list[dict[str, Any]]:
            response = await client.get(
                "/v1/notifications",
                params={"invoice_id": invoice_id},
                headers=admin_headers(business_id),
            )
            items: list[dict[str, Any]] = response.json()["items"]
            return items if all(i["status"] == "sent" for i in items) else []

        log = await eventually(all_settled, what="every message sent")
        assert sorted(i["template"] for i in log) == [
            "invoice",
            "payment_claimed_admin",
            "payment_received_admin",  # the owner hears of each payment (the default)
            "payment_received_admin",
            "receipt",
            "receipt",
        ]

        customer_mail = await wait_for_messages(infra.mailpit_api_url, customer, count=3)
        receipts = sorted(
            (m for m in customer_mail if m["Subject"].startswith("Receipt")),
            key=lambda m: m["Subject"],
        )
        assert [m["Subject"] for m in receipts] == [
            "Receipt for invoice INV-2026-000123 from Acme Plumbing — $400.00 received",
            "Receipt for invoice INV-2026-000123 from Acme Plumbing — $834.00 received",
        ]
        partial, final = receipts
        for part in (partial["Text"], partial["HTML"]):
            assert "Bank transfer" in part
            assert "ref-p1" in part
            assert "$834.00" in part  # remaining balance
            assert link in part
        for part in (final["Text"], final["HTML"]):
            assert "ref-p2" in part
            assert "Paid in full" in part

        admin_mail = await wait_for_messages(infra.mailpit_api_url, admin, count=3)
        [alert] = [m for m in admin_mail if "says they paid" in m["Subject"]]
        assert alert["Subject"] == (
            "Jordan Lee says they paid invoice INV-2026-000123 — please confirm"
        )
        assert "Paid the technician" in alert["Text"]

    assert len(await messages_to(infra.mailpit_api_url, customer)) == 3
