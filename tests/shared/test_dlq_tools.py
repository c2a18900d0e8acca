"""`dlq-list [topic]` / `dlq-replay <topic>` in every service's command line: any topic's dead
letters are visible and replayable, and replays apply nothing twice."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.cli import run_service_cli
from closeout.shared.events import encode_event
from closeout.shared.kafka.consumer import Outcome
from closeout.shared.kafka.dead_letters import dead_letter
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime
from shared.messaging_app import cancelled, consumer, effects
from support.infra import Infra
from support.kafka import publish_raw, unique_prefix
from support.waiting import eventually

PATIENCE = 60.0


def _no_app(settings: ServiceSettings) -> FastAPI:
    raise AssertionError("not served here")


async def test_any_topics_dead_letters_are_listed_and_replayed(
    infra: Infra,
    plumbing_db: tuple[str, AsyncEngine],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    settings = ServiceSettings(
        service_name="plumbing-test",
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=prefix,
        kafka_topic_partitions=1,
        outbox_relay_enabled=False,
    )

    async def cli(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        status = await asyncio.to_thread(
            run_service_cli,
            settings_factory=lambda: settings,
            app_factory=_no_app,
            migrations=Path("."),
            argv=list(argv),
        )
        return status, capsys.readouterr().out

    async def listed(*argv: str) -> list[dict[str, Any]]:
        status, out = await cli("dlq-list", *argv)
        assert status == 0
        return [json.loads(line) for line in out.splitlines()]

    async def letters(count: int, *argv: str) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE
        while len(found := await listed(*argv)) < count:
            assert loop.time() < deadline, found
            await asyncio.sleep(0.2)
        assert len(found) == count, found
        return found

    async def applied() -> list[str]:
        async with engine.connect() as conn:
            return list((await conn.execute(select(effects.c.job_id))).scalars())

    async def duplicates_seen() -> int:
        return consumer.counts[Outcome.DUPLICATE]

    runtime = ServiceRuntime.build(settings)
    await runtime.start([consumer], [])
    try:
        await publish_raw(infra.kafka_bootstrap_servers, prefix + "job.cancelled", b"{not", key="k")
        [poison] = await letters(1, "job.cancelled")
        assert poison["topic"] == "job.cancelled"
        assert poison["original"] == "{not"
        assert poison["reason"].startswith("not JSON")
        assert await listed() == [poison], "without a topic: every dead-letter topic"
        assert await listed("job.cancelled.dlq") == [poison], "the suffix may be given"

        # A valid event dead-lettered earlier for a reason that has gone away.
        survivor = encode_event(cancelled(5))
        letter = dead_letter(
            value=survivor,
            key=b"job-5",
            topic=prefix + "job.cancelled",
            partition=0,
            offset=41,
            consumer="plumbing-test",
            reason="failed after 5 attempts: RuntimeError: a bug since fixed",
        )
        producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap_servers)
        await producer.start()
        try:
            await producer.send_and_wait(
                letter.topic, letter.value, key=letter.key, headers=letter.headers
            )
        finally:
            await producer.stop()
        await letters(2, "job.cancelled")

        status, out = await cli("dlq-replay", "job.cancelled")
        assert (status, out.strip()) == (0, "replayed 2 dead letter(s) onto job.cancelled")
        # Both go back in their dead-letter order: the poison fails again, the survivor applies.
        [relapse] = await letters(1, "job.cancelled", "--from", "0:2")
        assert relapse["original"] == "{not"
        await eventually(applied, lambda ids: ids == ["job-5"])

        # Replaying the survivor again is harmless: the inbox drops it.
        duplicates = await duplicates_seen()
        status, out = await cli("dlq-replay", "job.cancelled", "--from", "0:1")
        assert (status, out.strip()) == (0, "replayed 2 dead letter(s) onto job.cancelled")
        await letters(2, "job.cancelled", "--from", "0:2")
        await eventually(duplicates_seen, lambda n: n > duplicates)
        assert await applied() == ["job-5"]
    finally:
        await runtime.close()

    assert (await cli("dlq-list", "job.cancelled", "--from", "zero"))[0] == 2
    with pytest.raises(SystemExit) as exited:
        await cli("dlq-replay")  # the topic is required where no default is set
    assert exited.value.code == 2


@pytest.mark.parametrize("service", ["jobs", "invoicing", "payments", "notifications"])
def test_every_service_has_the_dead_letter_commands(
    service: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = __import__(f"closeout.{service}.cli", fromlist=["main"])
    monkeypatch.setattr("sys.argv", [f"closeout-{service}", "dlq-replay", "--help"])
    with pytest.raises(SystemExit) as exited:
        module.main()
    assert exited.value.code == 0
    usage = capsys.readouterr().out
    assert "--from PARTITION:OFFSET" in usage
    assert "topic" in usage


def test_payments_replay_webhook_takes_its_event_id(capsys: pytest.CaptureFixture[str]) -> None:
    from closeout.payments.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["replay-webhook", "--help"])
    assert exited.value.code == 0
    assert "event_id" in capsys.readouterr().out
