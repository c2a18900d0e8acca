"""invoice.issued -> one invoice email, even when the event is delivered three times."""

from __future__ import annotations

from typing import Any

import pytest

from closeout.shared.kafka.consumer import Outcome
from support.infra import Infra
from support.kafka import read_topic
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import (
    MakeSettings,
    Publish,
    admin_headers,
    build_app,
    consumer_of,
    handled,
)
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


async def test_invoice_issued_sends_one_branded_email(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    settings = make_settings()
    app = build_app(settings)
    business_id, invoice_id = unique("biz"), unique("inv")
    customer = f"{unique('x')}@example.com"
    link = f"https://pay.example/i/{unique('token')}"
    issued = invoice_event(
        "invoice.issued", business_id, snapshot(invoice_id, customer), payment_url=link
    )

    async with running(app) as client:
        for _ in range(3):
            await publish(settings, issued)
        await handled(app, 3)
        assert consumer_of(app).counts[Outcome.APPLIED] == 1

        [mail] = await wait_for_messages(infra.mailpit_api_url, customer)
        assert mail["Subject"] == (
            "Invoice INV-2026-000123 from Acme Plumbing — $1,234.00 due 5 Dec"
        )
        assert [to["Address"] for to in mail["To"]] == [customer]
        for part in (mail["Text"], mail["HTML"]):
            assert link in part
            assert "$1,234.00" in part
            assert "Replace water heater" in part
            assert "42 Elm Road" in part
            assert "5 December 2026" in part
        assert "#0b7285" in mail["HTML"]
        assert mail["ReplyTo"][0]["Address"] == "office@acme.example"

        async def sent_log() -> list[dict[str, Any]]:
            response = await client.get(
                "/v1/notifications",
                params={"invoice_id": invoice_id},
                headers=admin_headers(business_id),
            )
            items: list[dict[str, Any]] = response.json()["items"]
            return items if items and items[0]["status"] == "sent" else []

        [entry] = await eventually(sent_log, what="delivery log shows sent")
        assert entry["template"] == "invoice"
        assert entry["recipient"] == customer
        assert mail["MessageID"] == entry["message_id"].strip("<>")

        topic = settings.kafka_topic_prefix + "notification.sent"
        records = await read_topic(
            infra.kafka_bootstrap_servers, topic, until=lambda r: len(r) >= 1
        )
        assert len(records) == 1
        assert b'"template":"invoice"' in records[0].value
        assert records[0].key == invoice_id.encode()

        # Another business's admin sees nothing of it.
        other = await client.get(
            "/v1/notifications",
            params={"invoice_id": invoice_id},
            headers=admin_headers(unique("biz")),
        )
        assert other.status_code == 200
        assert other.json()["items"] == []

    assert len(await messages_to(infra.mailpit_api_url, customer)) == 1
