"""A poison message goes to the dead-letter topic with its reason; the partition keeps moving."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.events import encode_event
from closeout.shared.kafka.dead_letters import ORIGIN_OFFSET, REASON
from shared.messaging_app import applied_job_ids, cancelled, consuming
from support.infra import Infra
from support.kafka import publish_raw, read_topic, unique_prefix
from support.waiting import eventually


async def test_poison_messages_are_dead_lettered_and_the_next_one_still_flows(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    url, engine = plumbing_db
    prefix = unique_prefix()
    topic = prefix + "job.cancelled"
    async with consuming(url, infra.kafka_bootstrap_servers, prefix):
        wrong_schema = json.loads(encode_event(cancelled(1)))
        del wrong_schema["data"]["job_id"]
        # Same key, so all three land on one partition, in this order.
        await publish_raw(infra.kafka_bootstrap_servers, topic, b"{not json", key="k")
        await publish_raw(infra.kafka_bootstrap_servers, topic, wrong_schema, key="k")
        await publish_raw(infra.kafka_bootstrap_servers, topic, encode_event(cancelled(2)), key="k")

        applied = await eventually(lambda: applied_job_ids(engine))
        assert applied == ["job-2"]

        letters = await read_topic(
            infra.kafka_bootstrap_servers, topic + ".dlq", until=lambda r: len(r) >= 2
        )

    assert letters[0].value == b"{not json", "the original bytes are kept"
    reasons = [dict(r.headers)[REASON].decode() for r in letters]
    assert reasons[0].startswith("not JSON")
    assert "data.job_id: Field required" in reasons[1]
    assert [dict(r.headers)[ORIGIN_OFFSET] for r in letters] == [b"0", b"1"]
