"""Operate dead-letter topics: list the letters of `<topic>.dlq`, replay them onto `<topic>`.

Topics are named without the test/deployment prefix and without `.dlq` (e.g. `job.completed`);
both are applied here. Replaying republishes the original bytes and key. It is safe to replay
anything any number of times: every consumer's inbox drops events it already applied, and
ordered state (a job's record, an invoice snapshot) never moves back for an older copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from closeout.shared.events.catalogue import DLQ_SUFFIX, dead_letter_topic
from closeout.shared.kafka.dead_letters import FAILED_AT, REASON


@dataclass(frozen=True)
class DeadLetterRecord:
    topic: str  # the original topic, unprefixed (`job.completed`)
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    reason: str
    failed_at: str

    def describe(self) -> dict[str, object]:
        """One line of `dlq-list`: where it is, why it failed, the original bytes."""
        return {
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "reason": self.reason,
            "failed_at": self.failed_at,
            "key": self.key.decode(errors="replace") if self.key is not None else None,
            "original": self.value.decode(errors="replace"),
        }


def original_topic(name: str) -> str:
    """`job.completed` or `job.completed.dlq` -> `job.completed`."""
    return name.removesuffix(DLQ_SUFFIX)


def parse_offsets(items: list[str] | None) -> dict[int, int]:
    """`["0:12", "2:7"]` (from repeated `--from PARTITION:OFFSET`) -> {0: 12, 2: 7}."""
    start: dict[int, int] = {}
    for item in items or []:
        partition, sep, offset = item.partition(":")
        if not sep or not partition.isdigit() or not offset.isdigit():
            raise ValueError(f"--from wants PARTITION:OFFSET (e.g. 0:12), not {item!r}")
        start[int(partition)] = int(offset)
    return start


async def dead_letter_topics(bootstrap_servers: str, *, topic_prefix: str = "") -> list[str]:
    """The original topics (unprefixed) that have a dead-letter topic under this prefix."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        names = await admin.list_topics()
    finally:
        await admin.close()
    return sorted(
        original_topic(name.removeprefix(topic_prefix))
        for name in names
        if name.startswith(topic_prefix) and name.endswith(DLQ_SUFFIX)
    )


async def read_dead_letters(
    bootstrap_servers: str,
    topic: str,
    *,
    topic_prefix: str = "",
    start: Mapping[int, int] | None = None,
) -> list[DeadLetterRecord]:
    """Every dead letter of `topic` from `start` ({partition: offset}, else the beginning) to
    the end as it is now."""
    topic = original_topic(topic)
    dlq = topic_prefix + dead_letter_topic(topic)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(dlq, p) for p in await _partitions(consumer, dlq)]
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
                    _letter(topic, r.partition, r.offset, r.key, r.value, r.headers)
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
    """Republish the letters' original bytes and keys onto their original topics."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        for letter in letters:
            await producer.send_and_wait(topic_prefix + letter.topic, letter.value, key=letter.key)
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
    topic: str,
    partition: int,
    offset: int,
    key: bytes | None,
    value: bytes | None,
    headers: object,
) -> DeadLetterRecord:
    found = {name: raw for name, raw in headers} if isinstance(headers, (list, tuple)) else {}
    return DeadLetterRecord(
        topic=topic,
        partition=partition,
        offset=offset,
        key=key,
        value=value or b"",
        reason=found.get(REASON, b"").decode(errors="replace"),
        failed_at=found.get(FAILED_AT, b"").decode(errors="replace"),
    )
