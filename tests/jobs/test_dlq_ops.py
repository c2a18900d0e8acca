"""`closeout-jobs dlq-list` and `dlq-replay`: dead letters are visible and replayable."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from closeout.jobs.cli import main
from closeout.shared.kafka.dead_letters import dead_letter
from support.jobs import Harness, inbound
from support.waiting import eventually, unique

# Each `dlq-list` starts a fresh Kafka client; on a loaded machine (right after the topics were
# created, with leader elections still settling) the consumer and these reads can be slow.
PATIENCE = 60.0
POISON_REASON = "unexpected event type 'job.exploded' on topic 'jobs.inbound'"


async def test_list_then_replay_applies_what_failed_for_a_passing_reason(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", harness.infra.kafka_bootstrap_servers)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", harness.prefix)

    async def run(*argv: str) -> str:
        capsys.readouterr()
        assert await asyncio.to_thread(main, list(argv)) == 0
        return capsys.readouterr().out

    async def listed(*start: str) -> list[dict[str, Any]]:
        args = [arg for offset in start for arg in ("--from", offset)]
        return [json.loads(line) for line in (await run("dlq-list", *args)).splitlines()]

    async def dead_letters(count: int, *start: str) -> list[dict[str, Any]]:
        """The listing once it holds `count` letters (then exactly those)."""
        letters: list[dict[str, Any]] = await eventually(
            lambda: listed(*start), lambda xs: len(xs) >= count, PATIENCE
        )
        assert len(letters) == count, letters
        return letters

    biz = harness.business_id
    poison = inbound(biz, unique("EXT"), "job.exploded")
    await harness.publish_inbound(poison)
    # The consumer dead-letters it asynchronously: wait for that, so the DLQ's order is fixed
    # (poison, then the survivor below) instead of racing the letter written next.
    [first] = await dead_letters(1)
    assert first["reason"] == POISON_REASON
    assert first["original"] == json.dumps(poison)

    # A valid event dead-lettered earlier for a reason that has since gone away (an outage).
    survivor_ext = unique("EXT")
    survivor = json.dumps(inbound(biz, survivor_ext)).encode()
    letter = dead_letter(
        value=survivor,
        key=survivor_ext.encode(),
        topic=harness.prefix + "jobs.inbound",
        partition=0,
        offset=99,
        consumer="jobs",
        reason="failed after 5 attempts: OperationalError: database unavailable",
    )
    producer = AIOKafkaProducer(bootstrap_servers=harness.infra.kafka_bootstrap_servers)
    await producer.start()
    try:
        await producer.send_and_wait(
            letter.topic, letter.value, key=letter.key, headers=letter.headers
        )
    finally:
        await producer.stop()

    letters = await dead_letters(2)
    assert [(x["partition"], x["offset"]) for x in letters] == [(0, 0), (0, 1)]
    assert letters[0] == first
    outage = letters[1]
    assert outage["reason"] == "failed after 5 attempts: OperationalError: database unavailable"
    assert outage["original"] == survivor.decode()
    assert outage["key"] == survivor_ext

    assert "replayed 2 dead letter(s)" in await run("dlq-replay")
    job = await harness.job_by_external_id(survivor_ext, timeout=PATIENCE)
    assert job["status"] == "completed"
    # The replayed poison fails again. `dlq-replay` reads the DLQ up to its end *as it is when
    # it runs*, so wait for this letter before replaying everything again.
    [relapse] = await dead_letters(1, "0:2")
    assert relapse["reason"] == POISON_REASON

    # Replaying everything again is harmless: the survivor is a duplicate (it sits between the
    # two poison copies on the one partition, so the last copy failing means it was handled),
    # the poison dead-letters again.
    assert "replayed 3 dead letter(s)" in await run("dlq-replay", "--from", "0:0")
    again = await dead_letters(3, "0:2")  # the first replay's poison, then this replay's two
    assert [x["offset"] for x in again] == [2, 3, 4], again
    assert all(x["reason"] == POISON_REASON for x in again), again
    assert all(x["original"] == json.dumps(poison) for x in again), again

    rows = await harness.sql("SELECT event_type FROM outbox")
    assert [r["event_type"] for r in rows] == ["job.completed"]
    # Only the survivor was ever applied: a dead-lettered poison leaves no inbox row behind.
    inbox = await harness.sql(
        "SELECT event_type FROM inbox WHERE consumer = :c", c=harness.consumer_group
    )
    assert [r["event_type"] for r in inbox] == ["job.completed"]
    assert await harness.job_by_external_id(survivor_ext) == job
