"""A dead letter too large for a Kafka record is sent as a stub with the reason, the origin
and the original size, so the partition keeps moving."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.events import encode_event
from closeout.shared.kafka.dead_letters import (
    ORIGIN_OFFSET,
    ORIGIN_PARTITION,
    ORIGIN_TOPIC,
    REASON,
    TRUNCATED,
    DeadLetter,
    dead_letter,
)
from closeout.shared.sizes import MAX_EVENT_BYTES, MAX_RECORD_BYTES
from shared.messaging_app import applied_job_ids, cancelled, consuming
from support.infra import Infra
from support.kafka import publish_raw, read_topic, unique_prefix
from support.waiting import eventually


def oversized_event() -> bytes:
    event = json.loads(encode_event(cancelled(1)))
    event["data"]["padding"] = "x" * (MAX_EVENT_BYTES + 40_000)  # near the broker max
    return json.dumps(event).encode()


async def test_an_oversized_event_is_dead_lettered_as_a_stub_and_the_next_one_flows(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    big = oversized_event()
    assert len(big) > MAX_EVENT_BYTES
    async with consuming(url, infra.kafka_bootstrap_servers, prefix):
        await publish_raw(infra.kafka_bootstrap_servers, topic, big, key="k")
        await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(2)), key="k")

        applied = await eventually(lambda: applied_job_ids(engine))
        assert applied == ["job-2"], "the partition moved past the oversized event"
        letters = await read_topic(
            infra.kafka_bootstrap_servers, topic + ".dlq", until=lambda r: len(r) >= 1
        )

    assert len(letters) == 1
    letter = letters[0]
    headers = dict(letter.headers)
    assert headers[TRUNCATED] == b"true"
    assert headers[REASON].decode() == f"event larger than {MAX_EVENT_BYTES} bytes"
    assert (headers[ORIGIN_TOPIC], headers[ORIGIN_PARTITION], headers[ORIGIN_OFFSET]) == (
        topic.encode(),
        b"0",
        b"0",
    )
    stub = json.loads(letter.value)
    assert stub["original_bytes"] == len(big)
    assert stub["reason"] == f"event larger than {MAX_EVENT_BYTES} bytes"
    assert (stub["topic"], stub["partition"], stub["offset"]) == (topic, 0, 0)
    assert big.decode().startswith(stub["head"])
    assert letter.key == b"k"


def letter_for(value: bytes, key: bytes | None) -> DeadLetter:
    return dead_letter(
        value=value, key=key, topic="t", partition=1, offset=7, consumer="c", reason="r" * 9000
    )


def test_a_letter_that_fits_keeps_the_original_and_a_huge_key_is_dropped() -> None:
    small = letter_for(b"{}", b"k")
    assert (small.value, small.key, small.truncated) == (b"{}", b"k", False)

    huge_key = letter_for(b"{}", b"k" * 500_000)
    assert huge_key.truncated
    assert huge_key.key is None
    assert json.loads(huge_key.value)["original_key_bytes"] == 500_000

    biggest = letter_for(b"x" * (MAX_EVENT_BYTES + 1), b"k" * 1024)
    assert biggest.truncated
    for letter in (small, huge_key, biggest, letter_for(b"x" * MAX_EVENT_BYTES, b"k" * 1024)):
        size = len(letter.value) + len(letter.key or b"")
        size += sum(len(name) + len(value) for name, value in letter.headers)
        assert size < MAX_RECORD_BYTES - 1024, "fits in a record with room for its framing"
