"""SMS behind the same channel interface: the stub records what it would send."""

from __future__ import annotations

from typing import Any

import pytest

from closeout.notifications.adapters.channels import EmailChannel, SmsChannel
from closeout.shared.contracts.common import Customer
from support.infra import Infra
from support.mailpit import wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, admin_headers, build_app
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


async def test_invoice_goes_by_email_and_sms_when_enabled(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    settings = make_settings(sms_enabled=True)
    sms = SmsChannel()
    app = build_app(settings, channels={"email": EmailChannel(settings), "sms": sms})
    business_id, invoice_id = unique("biz"), unique("inv")
    customer = f"{unique('x')}@example.com"
    invoice = snapshot(invoice_id, customer)
    invoice = invoice.model_copy(
        update={"customer": Customer(name="Jordan", email=customer, phone="+15550199")}
    )
    link = f"https://pay.example/i/{unique('t')}"
    event = invoice_event("invoice.issued", business_id, invoice, payment_url=link)

    async with running(app) as client:
        await publish(settings, event)
        await wait_for_messages(infra.mailpit_api_url, customer)

        async def both_sent() -> list[dict[str, Any]]:
            response = await client.get("/v1/notifications", headers=admin_headers(business_id))
            items: list[dict[str, Any]] = response.json()["items"]
            done = len(items) == 2 and all(i["status"] == "sent" for i in items)
            return items if done else []

        items = await eventually(both_sent, what="email and sms sent")
        assert {i["channel"] for i in items} == {"email", "sms"}
        [text] = sms.sent
        assert text.recipient == "+15550199"
        assert link in text.text
        assert "$1,234.00" in text.text
