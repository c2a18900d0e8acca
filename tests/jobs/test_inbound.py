"""Kafka ingress: the public sample in, the job stored, `job.completed` out exactly once."""

from __future__ import annotations

import copy
import json
from typing import Any

from support.jobs import SAMPLE_EVENT, Harness, inbound
from support.waiting import eventually, unique


async def test_sample_event_published_three_times_completes_the_job_once(
    harness: Harness,
) -> None:
    for _ in range(3):
        await harness.publish_inbound(SAMPLE_EVENT)
    resent = copy.deepcopy(SAMPLE_EVENT) | {"id": "evt-platform-resent"}  # same fact, new id
    await harness.publish_inbound(resent)
    await harness.handled(2)

    job = await harness.job_by_external_id("JOB-1001", business_id="demo")
    assert job["status"] == "completed"
    assert job["revision"] == 1
    assert job["completed_at"] == "2026-11-21T10:14:00Z"
    assert job["customer"]["address"] == "12 Beach Rd, Manly NSW 2095"
    assert [i["unit_amount"] for i in job["line_items"]] == [12000, 89900]
    assert job["source"] == "acme-dispatch"
    assert job["billing"]["status"] == "unbilled"

    # A later change of the lines is a job.updated; it is relayed after anything before it.
    changed = copy.deepcopy(SAMPLE_EVENT) | {"id": "evt-lines-changed"}
    changed["data"]["line_items"][0]["quantity"] = 4
    await harness.publish_inbound(changed)
    updated = await harness.published("job.updated", lambda events: len(events) >= 1)
    completed = await harness.published("job.completed", lambda events: len(events) >= 1)

    assert len(completed) == 1, "redelivery and resending emit nothing new"
    event = completed[0]
    assert event["subject"] == job["job_id"]
    assert event["business_id"] == "demo"
    assert event["correlation_id"] == job["correlation_id"]
    data = event["data"]
    assert data["job_id"] == job["job_id"]
    assert data["external_id"] == "JOB-1001"
    # As reported, plus the SMS consent the report did not give (false).
    assert data["customer"] == {**SAMPLE_EVENT["data"]["customer"], "sms_consent": False}
    assert [(i["description"], i["quantity"], i["tax_rate"]) for i in data["line_items"]] == [
        ("Labour", "3", "10"),
        ("Water heater 50L", "1", "10"),
    ]
    assert data["revision"] == 1

    assert len(updated) == 1
    assert updated[0]["data"]["status"] == "completed"
    assert updated[0]["data"]["revision"] == 2
    assert updated[0]["data"]["line_items"][0]["quantity"] == "4"
    outbox = await harness.sql("SELECT event_type FROM outbox ORDER BY id")
    assert [r["event_type"] for r in outbox] == ["job.completed", "job.updated"]


async def test_lifecycle_created_updated_completed_cancelled(harness: Harness) -> None:
    ext, biz = unique("EXT"), harness.business_id
    correlation = unique("corr")
    created = inbound(biz, ext, "job.created", completed_at=None) | {"correlation_id": correlation}
    await harness.publish_inbound(created)
    await harness.handled(1)
    job = await harness.job_by_external_id(ext)
    assert (job["status"], job["revision"], job["completed_at"]) == ("open", 1, None)
    assert job["correlation_id"] == correlation

    renamed = inbound(biz, ext, "job.updated", title="Replace water heater (urgent)")
    await harness.publish_inbound(renamed)
    completed = inbound(biz, ext, "job.completed", title=renamed["data"]["title"])
    await harness.publish_inbound(completed)
    await harness.publish_inbound(inbound(biz, ext, "job.cancelled"))
    await harness.handled(4)

    job = await harness.get_job(job["job_id"])
    assert (job["status"], job["revision"]) == ("cancelled", 4)
    assert job["title"] == "Replace water heater (urgent)"
    assert job["completed_at"] == "2026-11-21T10:14:00Z"

    rows = await harness.sql("SELECT event_type, payload FROM outbox ORDER BY id")
    assert [r["event_type"] for r in rows] == ["job.updated", "job.completed", "job.cancelled"]
    cancelled = await harness.published("job.cancelled", lambda events: len(events) >= 1)
    assert cancelled[0]["data"]["revision"] == 4
    assert {cancelled[0]["correlation_id"]} == {correlation}


async def test_invalid_events_go_to_the_dead_letter_topic_with_reason(harness: Harness) -> None:
    biz = harness.business_id
    float_amount = inbound(biz, unique("EXT"))
    float_amount["data"]["line_items"][0]["unit_amount"] = 120.5
    no_customer = inbound(biz, unique("EXT"))
    del no_customer["data"]["customer"]
    unknown_type = inbound(biz, unique("EXT"), "job.exploded")
    bad: list[tuple[dict[str, Any] | bytes, str]] = [
        (b"{not json", "not JSON"),
        (float_amount, "data.line_items.0.unit_amount"),
        (no_customer, "data.customer: Field required"),
        (unknown_type, "unexpected event type 'job.exploded'"),
    ]
    for event, _ in bad:
        await harness.publish_inbound(event, key="same-partition")
    good_ext = unique("EXT")
    await harness.publish_inbound(inbound(biz, good_ext), key="same-partition")

    job = await harness.job_by_external_id(good_ext)
    assert job["status"] == "completed", "the partition keeps moving past poison messages"

    records = await _dlq_records(harness)
    assert len(records) == 4
    for record, (event, expected) in zip(records, bad, strict=True):
        original = event if isinstance(event, bytes) else json.dumps(event).encode()
        assert record.value == original, "the original bytes are kept"
        assert expected in record.reason, record.reason
    jobs = await harness.sql("SELECT external_id FROM jobs")
    assert [r["external_id"] for r in jobs] == [good_ext], "nothing half-written"


async def test_completing_a_cancelled_job_is_dead_lettered_not_applied(harness: Harness) -> None:
    ext, biz = unique("EXT"), harness.business_id
    await harness.publish_inbound(inbound(biz, ext, "job.cancelled"))
    await harness.publish_inbound(inbound(biz, ext, "job.completed"))
    records = await _dlq_records(harness, count=1)
    assert "job is cancelled; cannot complete it" in records[0].reason
    job = await harness.job_by_external_id(ext)
    assert job["status"] == "cancelled"


async def _dlq_records(harness: Harness, count: int = 4) -> list[Any]:
    from closeout.shared.kafka.dlq_tools import read_dead_letters

    async def probe() -> list[Any]:
        return await read_dead_letters(
            harness.infra.kafka_bootstrap_servers, "jobs.inbound", topic_prefix=harness.prefix
        )

    records: list[Any] = await eventually(probe, lambda rs: len(rs) >= count)
    return records
