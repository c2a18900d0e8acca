"""Issue 10's fault run, in the suite: a burst of job.completed on jobs.inbound while
PostgreSQL is stopped for 15 s and invoicing and notifications are SIGKILLed (and started
again mid-burst, so every consumer meets the outage with work pending). Every job is invoiced
exactly once, every invoice mailed once, nothing dead-lettered."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from e2e.stack import job_completed_event

from faults.outage_stack import OutageStack, outage_stack
from support.infra import Infra
from support.waiting import eventually

JOBS = 300
OUTAGE_SECONDS = 15


def step(started: float, text: str) -> None:
    print(f"[outage-burst] {time.monotonic() - started:6.1f}s {text}", file=sys.stderr)


# About two minutes on a quiet machine (start-up, 15 s outage, catching up); far more when
# other suites share the cores, so the limit is generous and every wait is on a count.
@pytest.mark.timeout(600)
async def test_a_burst_through_a_database_outage_and_killed_services_bills_each_job_once(
    infra: Infra, tmp_path: Path
) -> None:
    started = time.monotonic()
    run = uuid.uuid4().hex[:8]
    emails = [f"burst{n}-{run}@example.com" for n in range(JOBS)]
    events = [
        job_completed_event(email, external_id=f"BURST-{run}-{n}") for n, email in enumerate(emails)
    ]
    async with outage_stack(infra, tmp_path) as env:
        step(started, "stack up on a private PostgreSQL and Mailpit")
        producer = AIOKafkaProducer(
            bootstrap_servers=infra.kafka_bootstrap_servers, enable_idempotence=True, acks="all"
        )
        await producer.start()
        topic = env.stack.topic_prefix + "jobs.inbound"

        async def publish(batch: list[dict[str, Any]]) -> None:
            for event in batch:
                key = event["data"]["external_id"].encode()
                await producer.send(topic, json.dumps(event).encode(), key=key)
            await producer.flush()

        try:
            third = JOBS // 3
            await publish(events[:third])
            await eventually(lambda: jobs_recorded(env), lambda n: n >= third // 3, 120, "jobs")
            env.kill("invoicing")
            env.kill("notifications")
            step(started, "invoicing and notifications killed (SIGKILL)")
            await publish(events[third : 2 * third])
            await asyncio.gather(env.restart("invoicing"), env.restart("notifications"))
            step(started, "invoicing and notifications restarted")
            await eventually(lambda: invoices(env), lambda c: c[0] >= 1, 120, "invoicing busy")
            await asyncio.to_thread(env.postgres.stop)
            step(started, "PostgreSQL stopped")
            await publish(events[2 * third :])
            step(started, f"all {JOBS} published")
            # While the database is away the services wait, and say they are not ready.
            for service in ("jobs", "invoicing"):
                probe = functools.partial(ready, env, service)
                await eventually(probe, lambda r: r is False, 30, f"{service} not ready")
            await asyncio.sleep(OUTAGE_SECONDS)
            await asyncio.to_thread(env.postgres.start)
            await env.postgres.wait_ready()
            step(started, f"PostgreSQL back after {OUTAGE_SECONDS}s")
        finally:
            await producer.stop()

        await eventually(lambda: jobs_recorded(env), lambda n: n >= JOBS, 300, "jobs")
        await eventually(lambda: invoices(env), lambda c: c[0] >= JOBS, 300, "invoices")
        step(started, "every job invoiced")
        messages = await eventually(
            lambda: mails(env), lambda m: len(set(m)) >= JOBS, 300, "invoice mails"
        )
        step(started, "every invoice mailed")

        total, distinct_jobs = await invoices(env)
        assert (total, distinct_jobs) == (JOBS, JOBS), "one invoice per job"
        assert await jobs_recorded(env) == JOBS
        sent = await env.sql(
            "notifications",
            "SELECT recipient, count(*) AS n FROM notifications WHERE template = 'invoice'"
            " AND channel = 'email' AND status = 'sent' GROUP BY recipient",
        )
        assert sorted(r["recipient"] for r in sent) == sorted(emails)
        assert all(r["n"] == 1 for r in sent), "each invoice mail recorded as sent once"
        # At least once with a stable Message-ID (a kill between the SMTP server accepting a
        # message and our recording it resends the same message): one Message-ID per recipient.
        assert sorted(recipient for recipient, _ in set(messages)) == sorted(emails)
        assert await dead_letters(infra, env) == {}, "nothing in any dead-letter topic"
        await eventually(lambda: ready(env, "jobs"), lambda r: r is True, 30, "ready again")
        step(started, "checked")


async def jobs_recorded(env: OutageStack) -> int:
    try:
        rows = await env.sql("jobs", "SELECT count(*) AS n FROM jobs")
    except (OSError, asyncpg.PostgresError):  # the database is away for a while
        return -1
    return int(rows[0]["n"])


async def invoices(env: OutageStack) -> tuple[int, int]:
    try:
        rows = await env.sql(
            "invoicing", "SELECT count(*) AS n, count(DISTINCT job_id) AS jobs FROM invoices"
        )
    except (OSError, asyncpg.PostgresError):
        return -1, -1
    return int(rows[0]["n"]), int(rows[0]["jobs"])


async def mails(env: OutageStack) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every message the private Mailpit holds."""
    async with httpx.AsyncClient(base_url=env.mailpit.api_url, timeout=10) as client:
        found: list[tuple[str, str]] = []
        while True:
            page = await client.get("/api/v1/messages", params={"start": len(found), "limit": 500})
            page.raise_for_status()
            batch = page.json()["messages"]
            found += [(m["To"][0]["Address"], m["MessageID"]) for m in batch]
            if len(batch) < 500:
                return found


async def ready(env: OutageStack, service: str) -> bool | None:
    async with httpx.AsyncClient(base_url=env.stack.urls[service], timeout=5) as client:
        try:
            response = await client.get("/readyz")
        except httpx.TransportError:
            return None
    return response.status_code == 200


async def dead_letters(infra: Infra, env: OutageStack) -> dict[str, int]:
    """Records in each dead-letter topic of this stack's prefix (only non-empty ones)."""
    prefix = env.stack.topic_prefix
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap_servers)
    await admin.start()
    try:
        topics = await admin.list_topics()
        names = [t for t in topics if t.startswith(prefix) and t.endswith(".dlq")]
    finally:
        await admin.close()
    assert names, "the services create their dead-letter topics"
    probe = AIOKafkaConsumer(bootstrap_servers=infra.kafka_bootstrap_servers)
    await probe.start()
    try:
        await probe._client.force_metadata_update()
        counts: Counter[str] = Counter()
        for name in names:
            partitions = [TopicPartition(name, p) for p in probe.partitions_for_topic(name) or ()]
            starts = await probe.beginning_offsets(partitions)
            ends = await probe.end_offsets(partitions)
            counts[name] = sum(ends[tp] - starts[tp] for tp in partitions)
        return {name: n for name, n in counts.items() if n}
    finally:
        await probe.stop()
