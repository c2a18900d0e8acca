"""Permanent failures are recorded and published; suppressed addresses receive nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from closeout.notifications.adapters.channels import EmailChannel
from closeout.notifications.domain.outgoing import OutgoingMessage, RecipientRefusedError
from closeout.notifications.settings import NotificationsSettings
from support.infra import Infra
from support.kafka import read_topic
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, admin_headers, build_app, handled
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


class BouncingEmail(EmailChannel):
    """Real SMTP, except that addresses starting with `bounce-` are refused like a 550."""

    async def send(self, message: OutgoingMessage) -> None:
        if message.recipient.startswith("bounce-"):
            raise RecipientRefusedError("550 5.1.1 mailbox unavailable")
        await super().send(message)


async def test_bounce_fails_for_good_and_suppression_is_respected(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    settings: NotificationsSettings = make_settings()
    app = build_app(settings, channels={"email": BouncingEmail(settings)})
    business_id = unique("biz")
    headers = admin_headers(business_id)
    bouncing = f"bounce-{unique('x')}@example.com"
    opted_out = f"{unique('x')}@example.com"
    control = f"{unique('x')}@example.com"

    async with running(app) as client:
        added = await client.post(
            "/v1/suppressions", json={"address": opted_out.upper()}, headers=headers
        )
        assert added.status_code == 201
        again = await client.post("/v1/suppressions", json={"address": opted_out}, headers=headers)
        assert again.status_code == 200
        bad = await client.post("/v1/suppressions", json={"address": "nope"}, headers=headers)
        assert bad.status_code == 422

        for customer in (bouncing, opted_out, control):
            event = invoice_event("invoice.issued", business_id, snapshot(unique("inv"), customer))
            await publish(settings, event)
        await handled(app, 3)
        await wait_for_messages(infra.mailpit_api_url, control)

        async def settled() -> dict[str, dict[str, Any]]:
            response = await client.get("/v1/notifications", headers=headers)
            items = {i["recipient"]: i for i in response.json()["items"]}
            done = len(items) == 3 and all(i["status"] != "pending" for i in items.values())
            return items if done else {}

        log = await eventually(settled, what="all three settled")
        assert log[control]["status"] == "sent"
        assert log[opted_out]["status"] == "suppressed"
        assert log[bouncing]["status"] == "failed"
        assert "550" in log[bouncing]["last_error"]

        failed_topic = settings.kafka_topic_prefix + "notification.failed"
        [record] = await read_topic(
            infra.kafka_bootstrap_servers, failed_topic, until=lambda r: len(r) >= 1
        )
        failure = json.loads(record.value)
        assert failure["type"] == "notification.failed"
        assert failure["data"]["recipient"] == bouncing
        assert "550" in failure["data"]["error"]

        listed = await client.get("/v1/suppressions", headers=headers)
        reasons = {s["address"]: s["reason"] for s in listed.json()["items"]}
        assert reasons == {opted_out.lower(): "opted_out", bouncing.lower(): "bounced"}

        removed = await client.delete(f"/v1/suppressions/{opted_out}", headers=headers)
        assert removed.status_code == 204
        missing = await client.delete(f"/v1/suppressions/{opted_out}", headers=headers)
        assert missing.status_code == 404
        assert await messages_to(infra.mailpit_api_url, opted_out) == []

        # Opted back in: the admin sends the suppressed message after all.
        sent_one = log[control]["notification_id"]
        conflict = await client.post(f"/v1/notifications/{sent_one}/retry", headers=headers)
        assert conflict.status_code == 409
        held = log[opted_out]["notification_id"]
        retried = await client.post(f"/v1/notifications/{held}/retry", headers=headers)
        assert retried.status_code == 200
        assert retried.json()["status"] == "pending"
        [mail] = await wait_for_messages(infra.mailpit_api_url, opted_out)
        assert mail["MessageID"] == log[opted_out]["message_id"].strip("<>")
