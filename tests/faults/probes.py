"""What the fault tests read back from a stack: rows, mails, readiness, dead letters."""

from __future__ import annotations

from collections import Counter

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from faults.outage_stack import OutageStack


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


async def dead_letters(env: OutageStack) -> dict[str, int]:
    """Records in each dead-letter topic of this stack's prefix (only non-empty ones)."""
    prefix = env.stack.topic_prefix
    bootstrap = env.stack.infra.kafka_bootstrap_servers
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        topics = await admin.list_topics()
        names = [t for t in topics if t.startswith(prefix) and t.endswith(".dlq")]
    finally:
        await admin.close()
    assert names, "the services create their dead-letter topics"
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap)
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
