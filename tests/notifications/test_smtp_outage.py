"""SMTP down for a while: messages wait, then arrive once each when it is back."""

from __future__ import annotations

from typing import Any

import pytest

from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, admin_headers, build_app, handled
from support.services import running
from support.smtp_proxy import SmtpProxy
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


async def test_mail_waits_for_smtp_and_arrives_once(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    proxy = SmtpProxy(infra.smtp_host, infra.smtp_port)
    settings = make_settings(smtp_host="127.0.0.1", smtp_port=proxy.port)
    app = build_app(settings)
    business_id = unique("biz")
    customers = [f"{unique('x')}@example.com" for _ in range(3)]
    invoices = [unique("inv") for _ in customers]

    async def log_of(business: str) -> list[dict[str, Any]]:
        response = await client.get("/v1/notifications", headers=admin_headers(business))
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    await proxy.open()
    try:
        async with running(app) as client:
            # A first mail goes through, so the outage also breaks a live, reused connection.
            warm_up = f"{unique('x')}@example.com"
            await publish(
                settings,
                invoice_event("invoice.issued", business_id, snapshot(unique("inv"), warm_up)),
            )
            await wait_for_messages(infra.mailpit_api_url, warm_up)

            await proxy.close()
            for invoice_id, customer in zip(invoices, customers, strict=True):
                event = invoice_event("invoice.issued", business_id, snapshot(invoice_id, customer))
                await publish(settings, event)
            await handled(app, 4)

            async def retried() -> bool:
                pending = [i for i in await log_of(business_id) if i["status"] == "pending"]
                return len(pending) == 3 and all(i["attempts"] >= 2 for i in pending)

            await eventually(retried, what="failed attempts while SMTP is down")
            for customer in customers:
                assert await messages_to(infra.mailpit_api_url, customer) == []

            await proxy.open()

            async def all_sent() -> bool:
                return all(i["status"] == "sent" for i in await log_of(business_id))

            await eventually(all_sent, what="everything sent once SMTP is back")
            for customer in customers:
                mails = await wait_for_messages(infra.mailpit_api_url, customer)
                assert len(mails) == 1
                assert mails[0]["Subject"].startswith("Invoice INV-2026-000123")
    finally:
        await proxy.close()
    for customer in customers:
        assert len(await messages_to(infra.mailpit_api_url, customer)) == 1
