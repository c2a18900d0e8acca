"""Size limits, all derived from one number so that every edge agrees.

`MAX_EVENT_BYTES` is the largest event (a record's value) that a service enqueues, the relay
sends and a consumer accepts. Kafka's broker takes records up to `message.max.bytes`
(1,048,588 by default, which `deploy/local/infra.sh` keeps), so the producer allows the event
plus room for its key, headers (a dead letter's reason is up to 4,000 bytes) and the record
batch framing. An HTTP body becomes at most part of one event, to which ids, amounts, a
business profile and the envelope are added (a job report becomes `job.completed`, then
`invoice.created`): bodies are capped at half an event.
"""

MAX_EVENT_BYTES = 1_000_000
RECORD_OVERHEAD_BYTES = 16 * 1024
MAX_RECORD_BYTES = MAX_EVENT_BYTES + RECORD_OVERHEAD_BYTES
MAX_BODY_BYTES = MAX_EVENT_BYTES // 2


class EventTooLargeError(ValueError):
    """An event larger than `MAX_EVENT_BYTES`: no consumer would accept it."""

    def __init__(self, event_type: str, size: int) -> None:
        super().__init__(
            f"{event_type} event of {size} bytes is larger than {MAX_EVENT_BYTES} bytes"
        )
        self.size = size
