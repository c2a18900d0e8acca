"""`closeout-jobs dlq-list` and `dlq-replay`: dead letters are visible and replayable."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiokafka import AIOKafkaProducer

from closeout.jobs.cli import main
from closeout.shared.kafka.dead_letters import dead_letter

from .conftest import Harness, inbound, unique


async def test_list_then_replay_applies_what_failed_for_a_passing_reason(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    biz = harness.business_id
    poison = inbound(biz, unique("EXT"), "job.exploded")
    await harness.publish_inbound(poison)
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

    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", harness.infra.kafka_bootstrap_servers)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", harness.prefix)

    async def listed() -> list[dict[str, object]]:
        for _ in range(100):
            capsys.readouterr()
            assert await asyncio.to_thread(main, ["dlq-list"]) == 0
            lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
            if len(lines) >= 2:
                return lines
            await asyncio.sleep(0.2)
        raise AssertionError("dead letters never listed")

    letters = await listed()
    by_reason = {str(x["reason"]).split(":")[0]: x for x in letters}
    assert "unexpected event type 'job.exploded' on topic 'jobs.inbound'" in by_reason
    outage = by_reason["failed after 5 attempts"]
    assert outage["original"] == survivor.decode()
    assert outage["key"] == survivor_ext

    assert await asyncio.to_thread(main, ["dlq-replay"]) == 0
    assert "replayed 2 dead letter(s)" in capsys.readouterr().out
    job = await harness.job_by_external_id(survivor_ext)
    assert job["status"] == "completed"

    # Replaying everything again is harmless: the survivor is a duplicate (it sits between the
    # two poison copies on the one partition), the poison dead-letters again.
    start = f"0:{len(letters)}"
    assert await asyncio.to_thread(main, ["dlq-replay", "--from", "0:0"]) == 0
    for _ in range(100):
        capsys.readouterr()
        await asyncio.to_thread(main, ["dlq-list", "--from", start])
        again = capsys.readouterr().out.splitlines()
        if len(again) >= 3:  # the first replay's poison, then this replay's two copies
            break
        await asyncio.sleep(0.2)
    assert len(again) == 3, again
    assert all("job.exploded" in json.loads(x)["reason"] for x in again), again
    rows = await harness.sql("SELECT event_type FROM outbox")
    assert [r["event_type"] for r in rows] == ["job.completed"]
