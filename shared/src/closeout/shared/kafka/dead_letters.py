"""Dead-letter records: the original bytes and key, with the reason and origin in headers."""

from dataclasses import dataclass
from datetime import UTC, datetime

from closeout.shared.events.catalogue import dead_letter_topic

REASON = "x-dlq-reason"
ORIGIN_TOPIC = "x-dlq-topic"
ORIGIN_PARTITION = "x-dlq-partition"
ORIGIN_OFFSET = "x-dlq-offset"
CONSUMER = "x-dlq-consumer"
FAILED_AT = "x-dlq-failed-at"


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]


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
    return DeadLetter(dead_letter_topic(topic), key, value, headers)
