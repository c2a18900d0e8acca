"""Unit test (in-memory broker, fake database): each Kafka record's JSON is parsed once on its
way from FastStream to the handler (issue 15: it was parsed three times, once by FastStream for a
body the consumer never read, then by the envelope peek and again by the full decode)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import faststream.message.utils
import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker

from closeout.shared.events import encode_event
from closeout.shared.kafka.consumer import Outcome
from shared.messaging_app import cancelled
from shared.test_consumer_faults import FakeDatabase, FakeProducer, consumer_with


def counting(real: Callable[..., Any], calls: list[int]) -> Callable[..., Any]:
    def loads(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    return loads


async def test_a_record_is_parsed_once_from_the_broker_to_the_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(json, "loads", counting(json.loads, calls))  # the envelope's parser
    fast_loads = faststream.message.utils.__dict__["json_loads"]  # FastStream's own decoder
    monkeypatch.setattr(faststream.message.utils, "json_loads", counting(fast_loads, calls))
    consumer, seen = consumer_with(lambda _: None, FakeDatabase(), FakeProducer())
    broker = KafkaBroker("127.0.0.1:9")
    consumer.subscribe(broker)

    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(encode_event(cancelled(1)), topic="job.cancelled", key=b"job-1")

    assert seen == [None], "the handler ran once"
    assert consumer.counts[Outcome.APPLIED] == 1
    assert len(calls) == 1
