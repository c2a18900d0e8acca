"""End to end: `job.completed` published on `jobs.inbound` (as a field platform does) -> jobs ->
invoicing -> notifications -> the invoice email accepted by the SMTP server. Each job has its own
customer address; its latency is the email's `sent_at` (notifications' database) minus the
moment it was handed to the producer."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer

TOPIC = "jobs.inbound"


def job_event(run: str, n: int, business_id: str = "demo") -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": f"evt-{run}-{n}",
        "source": "bench-platform",
        "type": "job.completed",
        "time": "2026-11-30T10:15:00Z",
        "business_id": business_id,
        "data": {
            "external_id": f"{run}-{n}",
            "title": "Replace water heater",
            "customer": {"name": "Bench Customer", "email": f"{run}-{n}@example.com"},
            "currency": "AUD",
            "line_items": [
                {"description": "Labour", "quantity": 3, "unit_amount": 12000, "tax_rate": "10"},
                {
                    "description": "Water heater",
                    "quantity": 1,
                    "unit_amount": 89900,
                    "tax_rate": "10",
                },
            ],
            "completed_at": "2026-11-30T10:14:00Z",
        },
    }


@dataclass
class Published:
    run: str
    at: dict[str, float]  # customer address -> wall-clock time handed to the producer

    @property
    def count(self) -> int:
        return len(self.at)


def new_run(label: str) -> str:
    return f"{label}{uuid.uuid4().hex[:6]}"


async def publish(bootstrap: str, run: str, count: int, rate: float | None) -> Published:
    """`count` jobs at `rate` per second on a fixed schedule (open model: a slow system does not
    slow the sender), or all at once when rate is None."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    await producer.start()
    at: dict[str, float] = {}
    try:
        started = time.monotonic()
        pending = []
        for n in range(count):
            if rate is not None:
                delay = started + n / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            event = job_event(run, n)
            at[event["data"]["customer"]["email"]] = time.time()
            pending.append(
                await producer.send(
                    TOPIC, json.dumps(event).encode(), key=event["data"]["external_id"].encode()
                )
            )
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return Published(run=run, at=at)


async def sent_times(database: str, run: str) -> dict[str, float]:
    conn = await asyncpg.connect(database)
    try:
        rows = await conn.fetch(
            "SELECT recipient, extract(epoch FROM sent_at) AS sent FROM notifications"
            " WHERE recipient LIKE $1 AND status = 'sent' AND template = 'invoice'",
            f"{run}-%",
        )
    finally:
        await conn.close()
    return {row["recipient"]: float(row["sent"]) for row in rows}


async def wait_sent(database: str, published: Published, timeout: float) -> dict[str, float]:
    """Every job's email send time, once all are sent (or whatever was sent by the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        sent = await sent_times(database, published.run)
        if len(sent) >= published.count or time.monotonic() > deadline:
            return sent
        await asyncio.sleep(0.25)


def latencies(published: Published, sent: dict[str, float]) -> list[float]:
    return sorted(sent[email] - at for email, at in published.at.items() if email in sent)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[max(0, min(98, round(fraction * 100) - 1))], 3)


def throughput(published: Published, sent: dict[str, float]) -> float | None:
    """Jobs per second from the first publish to the last email sent."""
    if not sent:
        return None
    elapsed = max(sent.values()) - min(published.at.values())
    return round(len(sent) / elapsed, 1) if elapsed > 0 else None
