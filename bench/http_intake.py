"""How fast the two front doors answer under concurrent load: field platforms reporting
completed jobs over REST, and Stripe delivering signed webhooks.

    make up && source .local/infra.env && uv run python bench/http_intake.py [--requests 2000]

Runs against the services `make up` started. Jobs are reported for a business of their own
(`bench-<run>`: provisioned in draft mode, so no invoice mail floods Mailpit); webhooks are
signed `customer.updated` events with fresh ids, which the gateway verifies, stores once and
acknowledges before its worker looks at them. Prints requests/s and latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from e2e.stack import Stack, stack_from_environment

from support import stripe_events

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


def job_report(business_id: str) -> Request:
    async def send(client: httpx.AsyncClient, n: int) -> httpx.Response:
        body = {
            "external_id": f"{business_id}-{n}",
            "title": "Service call",
            "customer": {"name": "Bench Customer", "email": f"c{n}@bench.example"},
            "currency": "AUD",
            "line_items": [
                {"description": "Labour", "quantity": 2, "unit_amount": 12000, "tax_rate": "10"}
            ],
            "completed_at": "2026-11-21T10:14:00Z",
        }
        return await client.post("/v1/jobs/completed", json=body)

    return send


def stripe_webhook(secret: str) -> Request:
    async def send(client: httpx.AsyncClient, n: int) -> httpx.Response:
        obj = {"id": f"cus_bench_{n}", "object": "customer", "email": f"c{n}@bench.example"}
        payload = stripe_events.event("customer.updated", obj, event_id=f"evt_{uuid.uuid4().hex}")
        headers = {
            "Stripe-Signature": stripe_events.sign(payload, secret),
            "Content-Type": "application/json",
        }
        return await client.post("/webhooks/stripe", content=payload, headers=headers)

    return send


async def load(client: httpx.AsyncClient, send: Request, requests: int, concurrency: int) -> None:
    latencies: list[float] = []
    failures: dict[int, int] = {}
    numbers = iter(range(requests))

    async def worker() -> None:
        for n in numbers:
            started = time.perf_counter()
            response = await send(client, n)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 300:
                failures[response.status_code] = failures.get(response.status_code, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"  {requests} requests, {concurrency} at a time: {requests / elapsed:.0f} req/s;"
        f" latency p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms,"
        f" p99 {cuts[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        + (f"; non-2xx {json.dumps(failures)}" if failures else "")
    )


async def main(requests: int, concurrency: int, doors: list[str]) -> None:
    stack: Stack = stack_from_environment()
    limits = httpx.Limits(max_connections=concurrency)
    if "jobs" in doors:
        business_id = f"bench-{uuid.uuid4().hex[:8]}"
        key = stack.key(business_id, "integration")
        async with httpx.AsyncClient(
            base_url=stack.urls["jobs"],
            headers={"Authorization": f"Bearer {key}"},
            limits=limits,
            timeout=30,
        ) as jobs:
            print(f"POST /v1/jobs/completed (jobs service, business {business_id})")
            await load(jobs, job_report(business_id), requests, concurrency)
    if "webhooks" in doors:
        async with httpx.AsyncClient(
            base_url=stack.urls["payments"], limits=limits, timeout=30
        ) as payments:
            print("POST /webhooks/stripe (payments gateway, signed, stored once, acknowledged)")
            await load(payments, stripe_webhook(stack.webhook_secret), requests, concurrency)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--door", choices=["jobs", "webhooks"], action="append")
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.concurrency, args.door or ["jobs", "webhooks"]))
