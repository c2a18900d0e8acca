"""`/metrics` shows the delivery state operators watch: messages sent and waiting, by channel."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from support.infra import Infra
from support.mailpit import wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, mail_settled
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


def gauge(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


async def test_metrics_count_messages_by_channel_and_state(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    settings = make_settings()
    app = build_app(settings)
    customer = f"{unique('m')}@example.com"
    issued = invoice_event("invoice.issued", unique("biz"), snapshot(unique("inv"), customer))
    async with running(app) as client:
        before = (await client.get("/metrics")).text
        assert gauge(before, "closeout_notifications_messages", channel="email", state="sent") == 0
        await publish(settings, issued)
        await wait_for_messages(infra.mailpit_api_url, customer)
        await mail_settled(database_url)
        after = (await client.get("/metrics")).text
    assert gauge(after, "closeout_notifications_messages", channel="email", state="sent") == 1
    assert gauge(after, "closeout_notifications_messages", channel="email", state="pending") == 0
    assert gauge(after, "closeout_notifications_oldest_unsent_seconds", channel="email") == 0
