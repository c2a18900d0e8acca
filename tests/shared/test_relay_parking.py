"""The outbox relay never stalls: a row Kafka can never take is parked, the rows around it are
sent and marked, `attempts` counts real sends, and an outage parks nothing."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import encode_event
from closeout.shared.kafka import OutboxRelay, create_producer, ensure_topics
from closeout.shared.outbox_commands import outbox_commands
from closeout.shared.settings import ServiceSettings
from closeout.shared.sizes import MAX_EVENT_BYTES, EventTooLargeError
from shared.messaging_app import cancelled
from support.infra import Infra
from support.kafka import read_topic, unique_prefix

TOPIC = "job.cancelled"


async def add_events(engine: AsyncEngine, numbers: range) -> list[str]:
    sessions = create_sessionmaker(engine)
    ids = []
    for n in numbers:
        event = cancelled(n)
        async with sessions() as session, session.begin():
            await enqueue(session, event)
        ids.append(event.id)
    return ids


async def add_oversized_row(engine: AsyncEngine, n: int) -> str:
    """A row `enqueue` would refuse today (as one written before the limit existed)."""
    event = json.loads(encode_event(cancelled(n)))
    event["data"]["padding"] = "x" * (MAX_EVENT_BYTES + 50_000)
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO outbox (event_id, event_type, topic, key, payload)"
                " VALUES (:id, 'job.cancelled', :topic, :key, :payload)"
            ),
            {
                "id": event["id"],
                "topic": TOPIC,
                "key": f"job-{n}",
                "payload": json.dumps(event).encode(),
            },
        )
    return str(event["id"])


async def outbox(engine: AsyncEngine) -> dict[str, dict[str, Any]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT event_id, published_at, parked_at, attempts, last_error FROM outbox")
        )
        return {r.event_id: dict(r._mapping) for r in rows}


def relay_for(url: str, engine: AsyncEngine, bootstrap: str, prefix: str) -> OutboxRelay:
    return OutboxRelay(
        create_sessionmaker(engine),
        database_url=url,
        producer_factory=lambda: create_producer(bootstrap, client_id="relay-parking-test"),
        batch_size=50,
        topic_prefix=prefix,
    )


async def test_an_unsendable_row_is_parked_and_the_rows_around_it_are_sent(
    infra: Infra,
    plumbing_db: tuple[str, AsyncEngine],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    bootstrap = infra.kafka_bootstrap_servers
    await ensure_topics(bootstrap, [prefix + TOPIC], 1)
    before = await add_events(engine, range(0, 3))
    big = await add_oversized_row(engine, 3)
    after = await add_events(engine, range(4, 7))

    relay = relay_for(url, engine, bootstrap, prefix)
    stop = asyncio.Event()
    with caplog.at_level(logging.ERROR, logger="closeout.shared.kafka.relay"):
        task = asyncio.create_task(relay.run(stop))
        try:
            later = await add_events(engine, range(7, 10))  # after the parked row
            deadline = asyncio.get_running_loop().time() + 30
            while relay.published < 9:
                assert asyncio.get_running_loop().time() < deadline, await outbox(engine)
                await asyncio.sleep(0.1)
        finally:
            stop.set()
            await task

    rows = await outbox(engine)
    sent = before + after + later
    for event_id in sent:
        assert rows[event_id]["published_at"] is not None
        assert rows[event_id]["attempts"] == 1, "one send, counted once"
        assert rows[event_id]["parked_at"] is None
    parked = rows[big]
    assert parked["published_at"] is None
    assert parked["parked_at"] is not None
    assert parked["attempts"] == 1
    assert "MessageSizeTooLargeError" in parked["last_error"]
    assert relay.parked == 1
    assert any(big in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)

    records = await read_topic(bootstrap, prefix + TOPIC, until=lambda rs: len(rs) >= 9)
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(sent)

    settings = ServiceSettings(service_name="relay-parking-test", database_url=url)
    command = outbox_commands(settings)["outbox-parked"]
    assert await asyncio.to_thread(command.run, argparse.Namespace()) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["event_id"], row["bytes"] > MAX_EVENT_BYTES) for row in listed] == [(big, True)]


class FlakyProducer:
    """Acknowledges every row but the one whose event id is `failing`, which fails as an
    outage would (a unit-level stand-in: the real broker cannot fail one record on cue)."""

    def __init__(self, failing: str, error: Exception) -> None:
        self.failing, self.error, self.sent = failing, error, 0

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, topic: str, value: bytes, **kwargs: Any) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if (b"ce_id", self.failing.encode()) in [(k.encode(), v) for k, v in kwargs["headers"]]:
            future.set_exception(self.error)
        else:
            self.sent += 1
            future.set_result(None)
        return future


async def test_an_outage_parks_nothing_and_acknowledged_rows_are_still_marked(
    plumbing_db: tuple[str, AsyncEngine],
) -> None:
    url, engine = plumbing_db
    ids = await add_events(engine, range(5))
    producer = FlakyProducer(ids[2], KafkaConnectionError("broker went away"))
    relay = OutboxRelay(
        create_sessionmaker(engine),
        database_url=url,
        producer_factory=lambda: producer,
        park_after_attempts=2,
    )
    for attempt in (1, 2, 3):
        with pytest.raises(KafkaConnectionError):
            await relay.publish_pending()
        rows = await outbox(engine)
        assert rows[ids[2]]["attempts"] == attempt
        assert rows[ids[2]]["parked_at"] is None, "an outage is waited out, never parked"
        assert "KafkaConnectionError" in rows[ids[2]]["last_error"]
    assert all(rows[i]["published_at"] is not None for i in ids if i != ids[2])
    assert all(rows[i]["attempts"] == 1 for i in ids if i != ids[2])
    assert producer.sent == 4, "acknowledged rows are not sent again"


async def test_a_row_failing_for_its_own_reason_is_parked_after_the_set_attempts(
    plumbing_db: tuple[str, AsyncEngine],
) -> None:
    url, engine = plumbing_db
    ids = await add_events(engine, range(3))
    producer = FlakyProducer(ids[1], ValueError("cannot serialize"))
    relay = OutboxRelay(
        create_sessionmaker(engine),
        database_url=url,
        producer_factory=lambda: producer,
        park_after_attempts=3,
    )
    assert await relay.publish_pending() == 2
    assert await relay.publish_pending() == 0
    assert (await outbox(engine))[ids[1]]["parked_at"] is None
    assert await relay.publish_pending() == 0
    row = (await outbox(engine))[ids[1]]
    assert row["parked_at"] is not None
    assert row["attempts"] == 3
    assert row["last_error"].startswith("parked after 3 attempts")
    assert await relay.publish_pending() == 0, "a parked row is no longer claimed"
    assert producer.sent == 2


async def test_enqueue_refuses_an_event_no_consumer_would_accept(
    plumbing_db: tuple[str, AsyncEngine],
) -> None:
    _, engine = plumbing_db
    sessions = create_sessionmaker(engine)
    event = cancelled(1)
    huge = event.model_copy(update={"subject": "s", "correlation_id": "c" * MAX_EVENT_BYTES})
    with pytest.raises(EventTooLargeError, match=f"larger than {MAX_EVENT_BYTES} bytes"):
        async with sessions() as session, session.begin():
            await enqueue(session, huge)
    assert await outbox(engine) == {}


async def test_the_producer_takes_every_event_a_consumer_accepts() -> None:
    producer: AIOKafkaProducer = create_producer("127.0.0.1:1", client_id="size-check")
    assert producer._max_request_size > MAX_EVENT_BYTES + 4000 + 1024  # value, reason, key
    assert producer._max_request_size <= 1_048_588, "the broker's message.max.bytes"
