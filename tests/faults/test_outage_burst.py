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
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from e2e.stack import job_completed_event

from faults.outage_stack import outage_stack
from faults.probes import dead_letters, invoices, jobs_recorded, mails, ready
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
        assert await dead_letters(env) == {}, "nothing in any dead-letter topic"
        await eventually(lambda: ready(env, "jobs"), lambda r: r is True, 30, "ready again")
        step(started, "checked")
