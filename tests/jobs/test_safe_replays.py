"""Replays and late copies are safe: an older report never overwrites a newer one, and two
businesses' platforms may use the same event ids."""

from __future__ import annotations

from datetime import UTC, datetime

from closeout.jobs.domain.jobs import Content, JobState, decide
from support.jobs import Harness, inbound
from support.waiting import unique

T1, T2, T3 = "2026-11-21T10:15:00Z", "2026-11-21T11:00:00Z", "2026-11-21T12:00:00Z"


async def test_an_older_job_updated_after_a_newer_one_changes_nothing(harness: Harness) -> None:
    ext, biz = unique("EXT"), harness.business_id
    completed = inbound(biz, ext) | {"time": T1}
    newer = inbound(biz, ext, "job.updated", notes="newer record") | {"time": T3}
    older = inbound(biz, ext, "job.updated", notes="older record") | {"time": T2}
    for event in (completed, newer, older):  # one key: one partition, in this order
        await harness.publish_inbound(event)
    await harness.handled(3)  # all three were consumed (the older one last)

    [job] = await harness.sql(
        "SELECT job_id, notes, revision, reported_at FROM jobs WHERE external_id = :e", e=ext
    )
    assert job["notes"] == "newer record"
    assert job["revision"] == 2
    assert job["reported_at"] == datetime(2026, 11, 21, 12, tzinfo=UTC)
    emitted = await harness.sql(
        "SELECT event_type FROM outbox WHERE key = :k ORDER BY id", k=job["job_id"]
    )
    assert [e["event_type"] for e in emitted] == ["job.completed", "job.updated"]

    # Replaying the newer one again (a new event id, as dlq-replay of a copy would) is a no-op
    # too; a genuinely newer report still applies.
    await harness.publish_inbound(newer | {"id": unique("evt")})
    newest = inbound(biz, ext, "job.updated", notes="newest record") | {"time": T3}
    await harness.publish_inbound(newest)
    await harness.handled(5)
    [job] = await harness.sql("SELECT notes, revision FROM jobs WHERE external_id = :e", e=ext)
    assert (job["notes"], job["revision"]) == ("newest record", 3)


async def test_a_late_completion_completes_but_keeps_the_newer_record(harness: Harness) -> None:
    ext, biz = unique("EXT"), harness.business_id
    created = inbound(biz, ext, "job.created", notes="first") | {"time": T1}
    updated = inbound(biz, ext, "job.updated", notes="changed later") | {"time": T3}
    completed = inbound(biz, ext, "job.completed", notes="first") | {"time": T2}
    for event in (created, updated, completed):
        await harness.publish_inbound(event)
    await harness.handled(3)

    [job] = await harness.sql(
        "SELECT status, notes, completed_at FROM jobs WHERE external_id = :e", e=ext
    )
    assert job["status"] == "completed"
    assert job["notes"] == "changed later"
    assert job["completed_at"] == datetime(2026, 11, 21, 10, 14, tzinfo=UTC)


async def test_two_businesses_may_use_the_same_source_and_event_ids(harness: Harness) -> None:
    ext, event_id = unique("EXT"), unique("evt")
    ours, theirs = harness.business_id, unique("biz")
    for business in (ours, theirs):
        await harness.publish_inbound(inbound(business, ext) | {"id": event_id})
    await harness.handled(2)
    rows = await harness.sql(
        "SELECT business_id FROM jobs WHERE external_id = :e ORDER BY business_id", e=ext
    )
    assert [r["business_id"] for r in rows] == sorted([ours, theirs])


def record(title: str) -> Content:
    return {
        "title": title,
        "customer": {"name": "Dana"},
        "site_address": None,
        "currency": "AUD",
        "line_items": [],
        "notes": None,
    }


def test_a_stale_report_keeps_the_record_but_its_action_counts() -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    newer, older = record("newer"), record("older")
    open_job = JobState("open", 2, newer)
    stale_update = decide(open_job, "report", older, completed_at=None, now=now,
                          stale=True)  # fmt: skip
    assert not stale_update.changed
    assert stale_update.emit is None

    late_completion = decide(open_job, "complete", older, completed_at=now,
                             now=now, stale=True)  # fmt: skip
    assert late_completion.emit == "job.completed"
    assert late_completion.state.content == newer
    assert late_completion.state.completed_at == now

    done = JobState("completed", 3, newer, completed_at=now)
    again = decide(done, "complete", older, completed_at=None, now=now, stale=True)
    assert not again.changed
