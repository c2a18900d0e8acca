"""A poison message goes to the dead-letter topic with its reason; the partition keeps moving."""

from __future__ import annotations

import asyncio
import json
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.events import encode_event
from closeout.shared.kafka.dead_letters import ORIGIN_OFFSET, REASON
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.runtime import ServiceRuntime
from shared.messaging_app import cancelled, consumer, effects
from support.infra import Infra
from support.kafka import publish_raw, read_topic, unique_prefix


async def test_poison_messages_are_dead_lettered_and_the_next_one_still_flows(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    settings = ServiceSettings(
        service_name="plumbing-test",
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=prefix,
        outbox_relay_enabled=False,
    )
    runtime = ServiceRuntime.build(settings)
    await runtime.start([consumer], [])
    try:
        wrong_schema = json.loads(encode_event(cancelled(1)))
        del wrong_schema["data"]["job_id"]
        # Same key, so all three land on one partition, in this order.
        await publish_raw(infra.kafka_bootstrap_servers, topic, b"{not json", key="k")
        await publish_raw(infra.kafka_bootstrap_servers, topic, wrong_schema, key="k")
        await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(2)), key="k")

        deadline = time.monotonic() + 30
        while True:
            async with engine.connect() as conn:
                applied = (await conn.execute(select(effects.c.job_id))).scalars().all()
            if applied or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        assert applied == ["job-2"]

        letters = await read_topic(
            infra.kafka_bootstrap_servers, topic + ".dlq", until=lambda r: len(r) >= 2
        )
    finally:
        await runtime.close()

    assert letters[0].value == b"{not json", "the original bytes are kept"
    reasons = [dict(r.headers)[REASON].decode() for r in letters]
    assert reasons[0].startswith("not JSON")
    assert "data.job_id: Field required" in reasons[1]
    assert [dict(r.headers)[ORIGIN_OFFSET] for r in letters] == [b"0", b"1"]
