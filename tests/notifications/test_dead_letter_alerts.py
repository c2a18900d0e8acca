"""Dead-lettered events alert the business's admin: one mail per window, not one per event."""

from __future__ import annotations

import json

import pytest

from closeout.shared.kafka.consumer import Outcome
from notifications.conftest import build_app, consumer_of, eventually, handled
from notifications.events import invoice_event, snapshot, unique
from support.infra import Infra
from support.kafka import publish_raw
from support.mailpit import messages_to, wait_for_messages
from support.services import running

from .conftest import MakeSettings, Publish

pytestmark = pytest.mark.integration


async def test_event_storm_gives_one_alert(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    ops = f"{unique('ops')}@example.com"
    settings = make_settings(dead_letter_alerts_enabled=True, ops_email=ops)
    app = build_app(settings)
    business_id = unique("biz")
    admin = f"{unique('admin')}@example.com"
    customer = f"{unique('x')}@example.com"
    good = invoice_event(
        "invoice.issued", business_id, snapshot(unique("inv"), customer), admin_email=admin
    )
    broken = json.loads(good.model_dump_json())
    broken["data"]["invoice"]["total"] = "not money"
    topic = settings.kafka_topic_prefix + "invoice.issued"

    async with running(app):
        await publish(settings, good)
        await handled(app, 1)
        for n in range(4):
            broken["id"] = f"broken-{n}"
            await publish_raw(infra.kafka_bootstrap_servers, topic, broken)
        await publish_raw(infra.kafka_bootstrap_servers, topic, b"not json at all")

        async def all_dead_lettered() -> bool:
            return consumer_of(app).counts[Outcome.DEAD_LETTERED] == 5

        await eventually(all_dead_lettered, what="five dead letters")
        [alert] = await wait_for_messages(infra.mailpit_api_url, admin)
        assert alert["Subject"] == "Closeout: an event on invoice.issued could not be processed"
        assert "invoice.total" in alert["Text"]
        [ops_alert] = await wait_for_messages(infra.mailpit_api_url, ops)
        assert "not JSON" in ops_alert["Text"]

        await wait_for_messages(infra.mailpit_api_url, admin, count=2, timeout=2)
    assert len(await messages_to(infra.mailpit_api_url, admin)) == 1
    assert len(await messages_to(infra.mailpit_api_url, customer)) == 1
