"""Outbox -> Kafka -> inbox: every event has exactly one effect, through a kill -9 of the
consumer process mid-stream and a rewind of its committed offsets."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from shared.messaging_app import consumer, effects, enqueue_events
from support.infra import Infra
from support.kafka import unique_prefix
from support.processes import PythonProcess

EVENTS = 1000


async def effect_counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(effects))).scalar_one()
        distinct = (
            await conn.execute(select(func.count(func.distinct(effects.c.job_id))))
        ).scalar_one()
    return total, distinct


async def wait_for_effects(engine: AsyncEngine, at_least: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        total, _ = await effect_counts(engine)
        if total >= at_least:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"only {total} effects after {timeout}s, wanted {at_least}")


async def partitions_of(client: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    cluster = await client._client.fetch_all_metadata()
    return [TopicPartition(topic, p) for p in sorted(cluster.partitions_for_topic(topic) or ())]


async def group_lag(bootstrap: str, group: str, topic: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await probe.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        partitions = await partitions_of(probe, topic)
        ends = await probe.end_offsets(partitions)
        return sum(ends[tp] - (committed[tp].offset if tp in committed else 0) for tp in ends)
    finally:
        await probe.stop()
        await admin.close()


async def rewind_to_start(bootstrap: str, group: str, topic: str) -> None:
    rewinder = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await rewinder.start()
    try:
        partitions = await partitions_of(rewinder, topic)
        rewinder.assign(partitions)
        await rewinder.commit(dict.fromkeys(partitions, 0))
    finally:
        await rewinder.stop()


async def test_each_event_has_exactly_one_effect_through_kill_and_rewind(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine], tmp_path: Path
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    async with create_sessionmaker(engine)() as session, session.begin():
        await enqueue_events(session, EVENTS)

    env = {
        "DATABASE_URL": url,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": prefix,
        "RELAY": "1",
        "OUTBOX_BATCH_SIZE": "50",
    }
    service = PythonProcess("shared.messaging_app", env, tmp_path / "service.log")

    await service.start()
    await wait_for_effects(engine, EVENTS // 4)
    service.kill()  # mid-stream: uncommitted offsets and unmarked outbox rows are replayed
    killed_at, _ = await effect_counts(engine)
    assert killed_at < EVENTS, "the kill should land mid-stream"

    await service.start()
    await wait_for_effects(engine, EVENTS)
    service.terminate()
    assert await effect_counts(engine) == (EVENTS, EVENTS)

    await rewind_to_start(infra.kafka_bootstrap_servers, prefix + consumer.name, topic)
    assert await group_lag(infra.kafka_bootstrap_servers, prefix + consumer.name, topic) >= EVENTS

    await service.start()
    deadline = time.monotonic() + 90
    while await group_lag(infra.kafka_bootstrap_servers, prefix + consumer.name, topic) > 0:
        assert time.monotonic() < deadline, "consumer did not catch up after the rewind"
        await asyncio.sleep(0.2)
    service.terminate()
    assert await effect_counts(engine) == (EVENTS, EVENTS)
