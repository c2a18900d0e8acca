"""`/metrics` shows received Stripe events by status and how long unfinished ones wait."""

from prometheus_client.parser import text_string_to_metric_families

from support.payments import Payments
from support.stripe_events import stripe_event


def sample(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return None


async def test_metrics_count_webhook_events_by_status(payments: Payments) -> None:
    before = (await payments.client.get("/metrics")).text
    assert sample(before, "closeout_webhook_events", status="ignored") == 0
    evt = stripe_event("customer.created", {"id": "cus_metrics", "object": "customer"})
    assert (await payments.deliver(evt)).status_code == 200
    await payments.settled()
    after = (await payments.client.get("/metrics")).text
    assert sample(after, "closeout_webhook_events", status="ignored") == 1
    assert sample(after, "closeout_webhook_events", status="pending") == 0
    assert sample(after, "closeout_webhook_oldest_unprocessed_seconds") == 0
