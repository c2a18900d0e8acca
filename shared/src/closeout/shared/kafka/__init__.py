"""Kafka plumbing with defaults that are safe for money.

- producers are idempotent with acks=all;
- consumers join a named group, start from the earliest offset, and commit an offset only
  after the effect is durable (never auto-commit, never an exception middleware that acks);
- an infrastructure fault (database or broker away) is waited out with bounded backoff for
  as long as it lasts, never dead-lettered; a message that can never be processed is
  dead-lettered with its reason, so its partition keeps moving.
"""

from closeout.shared.kafka.broker import create_broker, create_producer
from closeout.shared.kafka.consumer import EventConsumer, PermanentError
from closeout.shared.kafka.relay import OutboxRelay
from closeout.shared.kafka.topics import ensure_topics

__all__ = [
    "EventConsumer",
    "OutboxRelay",
    "PermanentError",
    "create_broker",
    "create_producer",
    "ensure_topics",
]
