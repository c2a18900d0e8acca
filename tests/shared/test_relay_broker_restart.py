"""The outbox relay survives a Kafka broker restart: no event is lost."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_sessionmaker
from closeout.shared.db.outbox import enqueue
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime
from shared.messaging_app import cancelled
from support.kafka import read_topic, unique_prefix
from support.processes import REPO

INFRA = REPO / "deploy" / "local" / "infra.sh"


class PrivateKafka:
    """A broker of this test's own, from the launcher, so the test may restart it."""

    def __init__(self, state_dir: Path) -> None:
        ports = subprocess.run(
            ["python3", str(REPO / "deploy/local/free_ports.py"), "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        )
        chosen = json.loads(ports.stdout)
        self.env = {
            **os.environ,
            "CLOSEOUT_STATE_DIR": str(state_dir),
            "KAFKA_PORT": str(chosen["KAFKA_PORT"]),
            "KAFKA_CONTROLLER_PORT": str(chosen["KAFKA_CONTROLLER_PORT"]),
            # make test exports the suite's own ports: every listener of this broker needs its own
            "KAFKA_PLATFORM_PORT": str(chosen["KAFKA_PLATFORM_PORT"]),
        }
        self.bootstrap = f"127.0.0.1:{chosen['KAFKA_PORT']}"

    def run(self, action: str) -> None:
        done = subprocess.run(
            ["bash", str(INFRA), "kafka", action], env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"kafka {action} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture
def private_kafka(tmp_path: Path) -> Iterator[PrivateKafka]:
    kafka = PrivateKafka(tmp_path / "kafka-state")
    kafka.run("start")
    yield kafka
    kafka.run("stop")


async def published(engine: AsyncEngine, event_ids: list[str]) -> int:
    """How many of these events the relay marked sent."""
    async with engine.connect() as conn:
        query = text(
            "SELECT count(*) FROM outbox WHERE event_id = ANY(:ids) AND published_at IS NOT NULL"
        )
        return int((await conn.execute(query, {"ids": event_ids})).scalar_one())


async def test_relay_keeps_every_event_across_a_broker_restart(
    plumbing_db: tuple[str, AsyncEngine], private_kafka: PrivateKafka
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    settings = ServiceSettings(
        service_name="relay-test",
        database_url=url,
        kafka_bootstrap_servers=private_kafka.bootstrap,
        kafka_topic_prefix=prefix,
        kafka_consumer_enabled=False,
        outbox_batch_size=20,
    )
    runtime = ServiceRuntime.build(settings)
    await runtime.start([], [])
    sessions = create_sessionmaker(engine)
    event_ids: list[str] = []

    async def add(numbers: range) -> None:
        for n in numbers:
            event = cancelled(n)
            async with sessions() as session, session.begin():
                await enqueue(session, event)
            event_ids.append(event.id)

    try:
        await add(range(0, 100))
        await asyncio.to_thread(private_kafka.run, "stop")
        await add(range(100, 200))  # written while the broker is down
        await asyncio.to_thread(private_kafka.run, "start")
        await add(range(200, 300))

        deadline = time.monotonic() + 120
        while await published(engine, event_ids) < 300:
            assert time.monotonic() < deadline, "the relay did not recover"
            await asyncio.sleep(0.2)
    finally:
        await runtime.close()

    records = await read_topic(
        private_kafka.bootstrap,
        prefix + "job.cancelled",
        until=lambda r: len({x.value for x in r}) >= 300,
        timeout=30,
    )
    assert {json.loads(r.value)["id"] for r in records} == set(event_ids), "all arrived on Kafka"
    assert {json.loads(r.value)["data"]["job_id"] for r in records} == {
        f"job-{n}" for n in range(300)
    }
    assert len(event_ids) == 300
    assert await published(engine, event_ids) == 300, "every one marked sent"
