"""`/metrics` counts what a service did: requests by route template, events consumed by type
and outcome, dead letters, consumer lag and the outbox backlog, read from the real broker
and database."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db.outbox import enqueue
from closeout.shared.events import encode_event
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from shared.messaging_app import applied_job_ids, cancelled, consumer
from support.infra import Infra
from support.kafka import publish_raw, unique_prefix
from support.services import running, runtime_of
from support.waiting import eventually

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_count_requests_events_dead_letters_and_the_outbox_backlog(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    settings = ServiceSettings(
        service_name="metrics-test",
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=prefix,
        kafka_topic_partitions=1,
        outbox_relay_enabled=False,
    )
    app = create_service_app(title="metrics", settings=settings, consumers=[consumer])
    async with running(app) as client:
        before = await scrape(client)
        async with runtime_of(app).sessionmaker() as session, session.begin():
            await enqueue(session, cancelled(100))
            await enqueue(session, cancelled(101))
        for n in range(3):
            await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(n)))
        await publish_raw(infra.kafka_bootstrap_servers, topic, b"{not json")
        await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(3)))
        await eventually(lambda: applied_job_ids(engine), lambda ids: len(ids) == 4)
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/no/such/route")).status_code == 404

        after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    consumed = "closeout_events_consumed_total"
    assert (
        delta(consumed, consumer=consumer.name, event_type="job.cancelled", outcome="applied") == 4
    )
    assert (
        delta(consumed, consumer=consumer.name, event_type="unknown", outcome="dead_lettered") == 1
    )
    assert delta("closeout_dead_letters_total", consumer=consumer.name, topic="job.cancelled") == 1
    lag = {"consumer": consumer.name, "topic": topic, "partition": "0"}
    assert ("closeout_consumer_lag", frozenset(lag.items())) in after
    assert value(after, "closeout_consumer_lag", **lag) == 0, "everything published was handled"
    assert value(after, "closeout_outbox_backlog", service="metrics-test") == 2
    assert value(after, "closeout_outbox_oldest_age_seconds", service="metrics-test") > 0
    http = "closeout_http_requests_total"
    assert delta(http, service="metrics-test", method="GET", route="/healthz", status="200") == 1
    assert delta(http, service="metrics-test", method="GET", route="unmatched", status="404") == 1
    assert not any("/no/such/route" in str(labels) for _, labels in after), "raw paths never label"
    latency = "closeout_http_request_duration_seconds_count"
    assert delta(latency, service="metrics-test", method="GET", route="/healthz") == 1
    # FastStream's own middleware counts what its subscriber received, under the service's name.
    received = [
        count
        for (name, labels), count in after.items()
        if name == "faststream_received_messages_total"
        and ("app_name", "closeout-metrics-test") in labels
    ]
    assert sum(received) >= 5, [k for k in after if k[0].startswith("faststream")]
