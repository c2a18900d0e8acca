"""Real Kafka and a private PostgreSQL that the test stops: events that arrive while the
database is down are applied once it is back, exactly once, and none is dead-lettered; the
service reports not ready while its consumer waits, and ready after."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import func, select

from closeout.shared.db import create_engine
from closeout.shared.events import encode_event
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from shared.messaging_app import cancelled, consumer, effects, metadata
from support.databases import create_database
from support.infra import Infra
from support.kafka import publish_raw, unique_prefix
from support.private_postgres import private_postgres
from support.services import running
from support.waiting import eventually

DURING_OUTAGE = 20


async def end_offset(bootstrap: str, topic: str) -> int:
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await probe.start()
    try:
        await probe._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in probe.partitions_for_topic(topic) or ()]
        assert partitions, f"{topic} does not exist"
        return sum((await probe.end_offsets(partitions)).values())
    finally:
        await probe.stop()


async def test_events_during_a_database_outage_are_applied_after_it(infra: Infra) -> None:
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    async with private_postgres() as postgres:
        url = await create_database(postgres.url, "outage")
        engine = create_engine(url, pool_size=1)
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        await engine.dispose()
        settings = ServiceSettings(
            service_name="plumbing-test",
            database_url=url,
            kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
            kafka_topic_prefix=prefix,
            kafka_topic_partitions=1,
            outbox_relay_enabled=False,
        )
        app = create_service_app(title="outage", settings=settings, consumers=[consumer])

        async def effects_count() -> int:
            engine = create_engine(url, pool_size=1)
            try:
                async with engine.connect() as conn:
                    query = select(func.count(), func.count(func.distinct(effects.c.job_id)))
                    total, distinct = (await conn.execute(query)).one()
            finally:
                await engine.dispose()
            assert total == distinct, "an event had two effects"
            return int(total)

        async def readiness(client: httpx.AsyncClient) -> tuple[int, dict[str, str]]:
            response = await client.get("/readyz")
            return response.status_code, response.json()["checks"]

        async with running(app) as client:
            await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(0)))
            await eventually(lambda: effects_count(), timeout=90)
            assert (await readiness(client))[0] == 200

            await asyncio.to_thread(postgres.stop)
            for n in range(1, DURING_OUTAGE + 1):
                await publish_raw(
                    infra.kafka_bootstrap_servers, topic, encode_event(cancelled(n)), key="k"
                )
            # The consumer meets the outage and waits: not ready, and says why.
            await eventually(_waiting)
            status, checks = await readiness(client)
            assert status == 503
            assert checks["consumers"].startswith("waiting out"), checks
            # Far longer than the old retry budget (5 attempts from 0.05 s, about 1.5 s).
            await asyncio.sleep(6)
            assert consumer.fault is not None, "still waiting, nothing given up"

            await asyncio.to_thread(postgres.start)
            await eventually(lambda: _at_least(effects_count, DURING_OUTAGE + 1), timeout=90)
            await eventually(lambda: _ready(client), timeout=30)
            assert consumer.fault is None
            assert await effects_count() == DURING_OUTAGE + 1

        assert await end_offset(infra.kafka_bootstrap_servers, topic + ".dlq") == 0


async def _waiting() -> bool:
    return consumer.fault is not None


async def _at_least(count: Callable[[], Awaitable[int]], wanted: int) -> bool:
    return await count() >= wanted


async def _ready(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).status_code == 200
