"""The outbox relay survives a Kafka broker restart: no event is lost."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from closeout.shared.db.outbox import enqueue
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime
from shared.messaging_app import cancelled
from support.kafka import read_topic, unique_prefix
from support.private_kafka import PrivateKafka


@pytest.fixture
def private_kafka(tmp_path: Path) -> Iterator[PrivateKafka]:
    kafka = PrivateKafka(tmp_path / "kafka-state")
    kafka.start()
    yield kafka
    kafka.stop()


async def published(engine: AsyncEngine, event_ids: list[str]) -> int:
    """How many of these events the relay marked sent."""
    async with engine.connect() as conn:
        query = text(
            "SELECT count(*) FROM outbox WHERE event_id = ANY(:ids) AND published_at IS NOT NULL"
        )
        return int((await conn.execute(query, {"ids": event_ids})).scalar_one())


async def test_relay_keeps_every_event_across_a_broker_restart(
    plumbing_db: tuple[str, AsyncEngine], private_kafka: PrivateKafka
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    settings = ServiceSettings(
        service_name="relay-test",
        database_url=url,
        kafka_bootstrap_servers=private_kafka.bootstrap,
        kafka_topic_prefix=prefix,
        kafka_consumer_enabled=False,
        outbox_batch_size=20,
    )
    runtime = ServiceRuntime.build(settings)
    await runtime.start([], [])
    sessions = create_sessionmaker(engine)
    event_ids: list[str] = []

    async def add(numbers: range) -> None:
        for n in numbers:
            event = cancelled(n)
            async with sessions() as session, session.begin():
                await enqueue(session, event)
            event_ids.append(event.id)

    try:
        await add(range(0, 100))
        await asyncio.to_thread(private_kafka.stop)
        await add(range(100, 200))  # written while the broker is down
        await asyncio.to_thread(private_kafka.start)
        await add(range(200, 300))

        deadline = time.monotonic() + 120
        while await published(engine, event_ids) < 300:
            assert time.monotonic() < deadline, "the relay did not recover"
            await asyncio.sleep(0.2)
    finally:
        await runtime.close()

    records = await read_topic(
        private_kafka.bootstrap,
        prefix + "job.cancelled",
        until=lambda r: len({x.value for x in r}) >= 300,
        timeout=30,
    )
    assert {json.loads(r.value)["id"] for r in records} == set(event_ids), "all arrived on Kafka"
    assert {json.loads(r.value)["data"]["job_id"] for r in records} == {
        f"job-{n}" for n in range(300)
    }
    assert len(event_ids) == 300
    assert await published(engine, event_ids) == 300, "every one marked sent"
