"""Plain Kafka clients for tests: publish raw bytes, read a topic from the beginning."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient

# Every prefix handed out in this test session, so its topics can be deleted at the end.
PREFIXES_USED: set[str] = set()
# Prefixes of fixtures that outlive the test that first asked for them (the session's e2e
# stack): their topics are deleted at the end of the session only.
LASTING_PREFIXES: set[str] = set()


def unique_prefix() -> str:
    """A topic prefix isolating one test's topics from every other test's."""
    prefix = f"t{uuid.uuid4().hex[:10]}."
    PREFIXES_USED.add(prefix)
    return prefix


def keep_topics(prefix: str) -> None:
    """Keep `prefix`'s topics past the end of the test that made them."""
    LASTING_PREFIXES.add(prefix)


async def delete_topics_with_prefixes(bootstrap: str, prefixes: set[str]) -> int:
    """Delete the topics these prefixes made: a broker that outlives many test sessions would
    otherwise collect tens of thousands of partitions (and run out of file handles)."""
    if not prefixes:
        return 0
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(tuple(prefixes))]
        for start in range(0, len(names), 500):
            await admin.delete_topics(names[start : start + 500], timeout_ms=60_000)
        return len(names)
    finally:
        await admin.close()


async def publish_raw(
    bootstrap: str,
    topic: str,
    value: bytes | dict[str, Any],
    *,
    key: str | None = None,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        payload = json.dumps(value).encode() if isinstance(value, dict) else value
        await producer.send_and_wait(topic, payload, key=key.encode() if key else None)
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[ConsumerRecord[bytes, bytes]]], bool],
    timeout: float = 20.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read `topic` from the start (no group) until `until(records)` holds or time runs out."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        deadline = time.monotonic() + timeout
        while not consumer.assignment() and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic)
            if partitions:
                from aiokafka import TopicPartition

                consumer.assign([TopicPartition(topic, p) for p in partitions])
                await consumer.seek_to_beginning()
            else:
                await consumer._client.force_metadata_update()
                await asyncio.sleep(0.1)
        while time.monotonic() < deadline and not until(records):
            batch = await consumer.getmany(timeout_ms=200)
            for partition_records in batch.values():
                records.extend(partition_records)
        return records
    finally:
        await consumer.stop()


def events_of(records: list[ConsumerRecord[bytes, bytes]]) -> list[dict[str, Any]]:
    return [json.loads(r.value) for r in records if r.value is not None]


async def wait_until_caught_up(
    bootstrap: str, group: str, topics: Sequence[str], *, timeout: float = 30.0
) -> None:
    """Wait until consumer group `group` has committed, on every partition of `topics`, an
    offset at or past where the partition ends now: everything published so far has been
    consumed (Closeout's consumers commit only after the event's transaction committed).

    A positive marker for a check that something did *not* happen: wait for this first, then
    look. Topics that do not exist yet, and empty partitions, need nothing."""
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await consumer.start()
    await admin.start()
    try:
        await consumer.topics()  # refreshes the metadata for every topic
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        ends = {tp: end for tp, end in (await consumer.end_offsets(partitions)).items() if end}
        deadline = time.monotonic() + timeout
        while True:
            committed = await admin.list_consumer_group_offsets(group, partitions=list(ends))
            behind = {
                f"{tp.topic}[{tp.partition}]": (getattr(committed.get(tp), "offset", -1), end)
                for tp, end in ends.items()
                if getattr(committed.get(tp), "offset", -1) < end
            }
            if not behind:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"group {group} still behind (committed, end): {behind}")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()
        await consumer.stop()
