"""A minimal service used to test the plumbing: the inbox, the outbox and an `effects` table.

Run as a process (`python -m ...` with the env it needs) so tests can kill it mid-stream.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from closeout.shared.contracts.jobs import JobCancelled
from closeout.shared.db import add_messaging_tables
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import Envelope, new_event
from closeout.shared.kafka import EventConsumer
from closeout.shared.logging import configure_logging
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime

metadata = MetaData()
add_messaging_tables(metadata)
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", String(64), nullable=False),  # deliberately not unique: duplicates show
)

consumer = EventConsumer("plumbing-test", retry_base_seconds=0.05)


@consumer.on("job.cancelled")
async def record_effect(event: Envelope[JobCancelled], session: AsyncSession) -> None:
    await session.execute(insert(effects).values(job_id=event.data.job_id))


def cancelled(n: int, business_id: str = "biz") -> Envelope[JobCancelled]:
    data = JobCancelled(
        job_id=f"job-{n}", external_id=f"EXT-{n}", cancelled_at=datetime.now(UTC), revision=1
    )
    return new_event(
        "job.cancelled", data, source="test", business_id=business_id, subject=f"job-{n}"
    )


@asynccontextmanager
async def consuming(
    database_url: str, kafka_bootstrap_servers: str, prefix: str
) -> AsyncIterator[ServiceRuntime[ServiceSettings]]:
    """This app's consumer running on topics under `prefix` (no relay), closed afterwards."""
    settings = ServiceSettings(
        service_name="plumbing-test",
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        kafka_topic_prefix=prefix,
        outbox_relay_enabled=False,
    )
    runtime = ServiceRuntime.build(settings)
    await runtime.start([consumer], [])
    try:
        yield runtime
    finally:
        await runtime.close()


async def applied_job_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(effects.c.job_id))).scalars().all())


async def enqueue_events(session: AsyncSession, count: int) -> None:
    for n in range(count):
        await enqueue(session, cancelled(n))


async def main() -> None:
    settings = ServiceSettings(
        service_name="plumbing-test",
        database_url=os.environ["DATABASE_URL"],
        outbox_relay_enabled=os.environ.get("RELAY", "0") == "1",
        kafka_consumer_enabled=os.environ.get("CONSUME", "1") == "1",
    )
    configure_logging("plumbing-test", "WARNING")
    runtime = ServiceRuntime.build(settings)
    await runtime.start([consumer] if settings.kafka_consumer_enabled else [], [])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print("ready", flush=True)
    await stop.wait()
    await runtime.close()


if __name__ == "__main__":
    asyncio.run(main())
