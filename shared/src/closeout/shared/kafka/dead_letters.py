"""Dead-letter records: the original bytes and key, with the reason and origin in headers.

A letter that would not fit in a Kafka record (the original was itself too large: a consumer
dead-letters events over `MAX_EVENT_BYTES`) is sent as a small JSON stub instead, with the
reason, the origin and the original sizes, so the letter never blocks its partition. The
original stays on its topic at the offset given, until retention removes it.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from closeout.shared.events.catalogue import dead_letter_topic
from closeout.shared.sizes import MAX_EVENT_BYTES

REASON = "x-dlq-reason"
ORIGIN_TOPIC = "x-dlq-topic"
ORIGIN_PARTITION = "x-dlq-partition"
ORIGIN_OFFSET = "x-dlq-offset"
CONSUMER = "x-dlq-consumer"
FAILED_AT = "x-dlq-failed-at"
TRUNCATED = "x-dlq-truncated"
"""Present (b"true") on a stub: the value is not the original event and cannot be replayed."""

MAX_KEY_BYTES = 1024
STUB_HEAD_BYTES = 2000


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]

    @property
    def truncated(self) -> bool:
        return any(name == TRUNCATED for name, _ in self.headers)


def dead_letter(
    *,
    value: bytes,
    key: bytes | None,
    topic: str,
    partition: int,
    offset: int,
    consumer: str,
    reason: str,
) -> DeadLetter:
    headers = [
        (REASON, reason[:4000].encode()),
        (ORIGIN_TOPIC, topic.encode()),
        (ORIGIN_PARTITION, str(partition).encode()),
        (ORIGIN_OFFSET, str(offset).encode()),
        (CONSUMER, consumer.encode()),
        (FAILED_AT, datetime.now(UTC).isoformat().encode()),
    ]
    key_bytes = len(key) if key is not None else 0
    if len(value) <= MAX_EVENT_BYTES and key_bytes <= MAX_KEY_BYTES:
        return DeadLetter(dead_letter_topic(topic), key, value, headers)
    stub = {
        "truncated": True,
        "reason": reason[:4000],
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "original_bytes": len(value),
        "original_key_bytes": key_bytes,
        "head": value[:STUB_HEAD_BYTES].decode(errors="replace"),
    }
    return DeadLetter(
        dead_letter_topic(topic),
        key if key_bytes <= MAX_KEY_BYTES else None,
        json.dumps(stub).encode(),
        [*headers, (TRUNCATED, b"true")],
    )
