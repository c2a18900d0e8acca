"""Operate `jobs.inbound.dlq`: list the dead letters, replay them onto `jobs.inbound`.

Replaying republishes the original bytes and key. It is safe to replay anything any number
of times: events already applied are dropped by the inbox, and a report that changes nothing
emits nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from closeout.shared.events.catalogue import JOBS_INBOUND_TOPIC, dead_letter_topic
from closeout.shared.kafka.dead_letters import FAILED_AT, REASON


@dataclass(frozen=True)
class DeadLetterRecord:
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    reason: str
    failed_at: str


async def read_dead_letters(
    bootstrap_servers: str,
    *,
    topic_prefix: str = "",
    start: Mapping[int, int] | None = None,
) -> list[DeadLetterRecord]:
    """Every dead letter from `start` ({partition: offset}, else the beginning) to the end
    as it is now."""
    topic = topic_prefix + dead_letter_topic(JOBS_INBOUND_TOPIC)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await _partitions(consumer, topic)]
        if not partitions:
            return []
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            if start and tp.partition in start:
                consumer.seek(tp, start[tp.partition])
            else:
                await consumer.seek_to_beginning(tp)
        letters: list[DeadLetterRecord] = []
        while not await _reached(consumer, ends):
            batch = await consumer.getmany(*partitions, timeout_ms=500)
            for tp, records in batch.items():
                letters.extend(
                    _letter(r.partition, r.offset, r.key, r.value, r.headers)
                    for r in records
                    if r.offset < ends[tp]
                )
        return sorted(letters, key=lambda x: (x.partition, x.offset))
    finally:
        await consumer.stop()


async def replay(
    bootstrap_servers: str,
    letters: list[DeadLetterRecord],
    *,
    topic_prefix: str = "",
) -> int:
    """Republish the letters' original bytes and keys onto `jobs.inbound`."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        for letter in letters:
            await producer.send_and_wait(
                topic_prefix + JOBS_INBOUND_TOPIC, letter.value, key=letter.key
            )
    finally:
        await producer.stop()
    return len(letters)


async def _reached(consumer: AIOKafkaConsumer, ends: Mapping[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return False
    return True


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[int]:
    partitions = consumer.partitions_for_topic(topic)
    if partitions is None:
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic)
    return sorted(partitions or [])


def _letter(
    partition: int,
    offset: int,
    key: bytes | None,
    value: bytes | None,
    headers: object,
) -> DeadLetterRecord:
    found = {name: raw for name, raw in headers} if isinstance(headers, (list, tuple)) else {}
    return DeadLetterRecord(
        partition=partition,
        offset=offset,
        key=key,
        value=value or b"",
        reason=found.get(REASON, b"").decode(errors="replace"),
        failed_at=found.get(FAILED_AT, b"").decode(errors="replace"),
    )
