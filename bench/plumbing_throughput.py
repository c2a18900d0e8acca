"""Outbox -> relay -> Kafka -> consumer -> inbox + effect: events per second, end to end.

    source .local/infra.env && uv run python bench/plumbing_throughput.py [--events 5000]

Needs KAFKA_BOOTSTRAP_SERVERS and POSTGRES_URL (a running `make up` or infra.sh instance).
Uses a fresh database and a unique topic prefix, so it never touches real data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime
from shared.messaging_app import consumer, effects, enqueue_events, metadata
from support.databases import create_database
from support.kafka import unique_prefix


async def run(events: int, batch: int) -> dict[str, float]:
    url = await create_database(os.environ["POSTGRES_URL"], "bench")
    settings = ServiceSettings(
        service_name="bench",
        database_url=url,
        kafka_bootstrap_servers=os.environ["KAFKA_BOOTSTRAP_SERVERS"],
        kafka_topic_prefix=unique_prefix(),
        outbox_batch_size=batch,
        log_level="WARNING",
    )
    runtime = ServiceRuntime.build(settings)
    async with runtime.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await runtime.start([consumer], [])
    await asyncio.sleep(2)  # let the consumer join its group before the clock starts
    started = time.perf_counter()
    async with runtime.sessionmaker() as session, session.begin():
        await enqueue_events(session, events)
    enqueued = time.perf_counter()
    while True:
        async with runtime.engine.connect() as conn:
            done = (await conn.execute(select(func.count()).select_from(effects))).scalar_one()
        if done >= events:
            break
        await asyncio.sleep(0.02)
    finished = time.perf_counter()
    await runtime.close()
    return {
        "enqueue_s": enqueued - started,
        "end_to_end_s": finished - started,
        "events_per_s": events / (finished - started),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates = []
    for n in range(args.runs):
        result = asyncio.run(run(args.events, args.batch))
        rates.append(result["events_per_s"])
        print(
            f"run {n + 1}: {args.events} events, enqueue {result['enqueue_s']:.2f}s, "
            f"end-to-end {result['end_to_end_s']:.2f}s, {result['events_per_s']:.0f} events/s"
        )
    print(f"median {statistics.median(rates):.0f} events/s over {args.runs} runs")


if __name__ == "__main__":
    main()
