"""SIGTERM, as Kubernetes sends it on every deploy and scale-down, to each service in turn while
jobs keep arriving: each one exits well within the grace period, comes back, and every job is
still billed and mailed exactly once, with nothing dead-lettered."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from aiokafka import AIOKafkaProducer
from e2e.stack import job_completed_event

from faults.outage_stack import outage_stack
from faults.probes import dead_letters, invoices, jobs_recorded, mails
from support.infra import Infra
from support.waiting import eventually

JOBS = 80
GRACE_SECONDS = 30  # Kubernetes' default terminationGracePeriodSeconds
SERVICES = ("jobs", "invoicing", "payments", "notifications")


def at_least(count: int) -> Callable[[int], bool]:
    return lambda n: n >= count


async def test_each_service_stops_cleanly_on_sigterm_under_load_and_loses_nothing(
    infra: Infra, tmp_path: Path
) -> None:
    run = uuid.uuid4().hex[:8]
    emails = [f"term{n}-{run}@example.com" for n in range(JOBS)]
    events = [
        job_completed_event(email, external_id=f"TERM-{run}-{n}") for n, email in enumerate(emails)
    ]
    async with outage_stack(infra, tmp_path) as env:
        producer = AIOKafkaProducer(
            bootstrap_servers=infra.kafka_bootstrap_servers, enable_idempotence=True, acks="all"
        )
        await producer.start()
        topic = env.stack.topic_prefix + "jobs.inbound"

        async def steady_stream() -> None:
            for event in events:
                key = event["data"]["external_id"].encode()
                await producer.send_and_wait(topic, json.dumps(event).encode(), key=key)
                await asyncio.sleep(0.25)

        stopped_in: dict[str, float] = {}
        try:
            stream = asyncio.create_task(steady_stream())
            for turn, service in enumerate(SERVICES):
                # Each stop lands while jobs are flowing, a little further into the stream.
                await eventually(lambda: jobs_recorded(env), at_least(5 + turn * JOBS // 6), 120)
                stopped_in[service] = await env.terminate(service, GRACE_SECONDS)
                await env.restart(service)
                print(f"[sigterm] {service} stopped in {stopped_in[service]:.1f}s", file=sys.stderr)
            await stream
        finally:
            await producer.stop()

        started = time.monotonic()
        await eventually(lambda: invoices(env), lambda c: c[0] >= JOBS, 300, "invoices")
        messages = await eventually(
            lambda: mails(env), lambda m: len(set(m)) >= JOBS, 300, "invoice mails"
        )
        print(f"[sigterm] drained in {time.monotonic() - started:.1f}s", file=sys.stderr)

        assert max(stopped_in.values()) < GRACE_SECONDS / 2, stopped_in
        assert await invoices(env) == (JOBS, JOBS), "one invoice per job"
        assert await jobs_recorded(env) == JOBS
        sent = await env.sql(
            "notifications",
            "SELECT recipient, count(*) AS n FROM notifications WHERE template = 'invoice'"
            " AND channel = 'email' AND status = 'sent' GROUP BY recipient",
        )
        assert sorted(r["recipient"] for r in sent) == sorted(emails)
        assert all(r["n"] == 1 for r in sent), "each invoice mail recorded as sent once"
        # A clean stop finishes the mail in hand and records it: not even a resend.
        assert sorted(recipient for recipient, _ in messages) == sorted(emails), "one mail each"
        assert await dead_letters(env) == {}, "nothing in any dead-letter topic"
