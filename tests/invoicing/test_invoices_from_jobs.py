"""`job.completed` -> exactly one invoice; draft vs auto-send; job changes after invoicing."""

from closeout.shared.kafka.dead_letters import REASON
from support.infra import Infra
from support.invoicing import Harness, configure_business, job_completed, job_updated, start_app
from support.kafka import publish_raw, read_topic, unique_prefix
from support.waiting import eventually, unique


async def test_redelivered_and_repeated_reports_create_one_invoice(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    job = job_completed()
    event = harness.event("job.completed", job)
    await harness.publish(event)
    await harness.publish(event)  # the same event redelivered
    await harness.publish(harness.event("job.completed", job))  # the same fact, new event id
    marker = job_completed()  # published last on the same topic: when it is in, all are
    await harness.publish(harness.event("job.completed", marker))
    await harness.invoice_for_job(marker.job_id)

    rows = await harness.sql(
        "SELECT invoice_id, status FROM invoices WHERE job_id = :j", j=job.job_id
    )
    assert len(rows) == 1
    invoice_id = rows[0]["invoice_id"]
    assert await harness.outbox_types(invoice_id) == ["invoice.created", "invoice.issued"]
    numbers = await harness.sql("SELECT number FROM invoices WHERE number IS NOT NULL")
    assert len(numbers) == 2


async def test_two_consumer_instances_create_one_invoice_per_job(
    infra: Infra, database_url: str
) -> None:
    """Two instances in separate consumer groups both receive every event and race on the
    same database: the (business, job) constraint still yields one invoice per job."""
    prefix, business = unique_prefix(), unique("biz")
    async with (
        start_app(infra, database_url, prefix, business, consumer_group=unique("g1")) as first,
        start_app(infra, database_url, prefix, business, consumer_group=unique("g2")),
    ):
        await configure_business(first, auto_send=True)
        jobs = [job_completed() for _ in range(10)]
        for job in jobs:
            await first.publish(first.event("job.completed", job))

        async def both_instances_done() -> int:
            rows = await first.sql("SELECT count(*) AS n FROM inbox")
            return int(rows[0]["n"])

        await eventually(both_instances_done, lambda n: n >= 20, timeout=30)
        per_job = await first.sql("SELECT job_id, count(*) AS n FROM invoices GROUP BY job_id")
        assert sorted(r["n"] for r in per_job) == [1] * 10
        numbers = await first.sql("SELECT number FROM invoices ORDER BY number")
        assert [r["number"][-6:] for r in numbers] == [f"{n:06d}" for n in range(1, 11)]
        issued = await first.sql(
            "SELECT count(*) AS n FROM outbox WHERE event_type = 'invoice.issued'"
        )
        assert issued[0]["n"] == 10


async def test_draft_mode_waits_for_an_admin(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))
    invoice = await harness.invoice_for_job(job.job_id)
    assert invoice["status"] == "draft"
    assert invoice["number"] is None
    assert await harness.outbox_types(invoice["invoice_id"]) == ["invoice.created"]

    issued = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert issued.status_code == 200, issued.text
    assert issued.json()["invoice"]["status"] == "open"
    assert issued.json()["payment_url"].startswith("http://invoices.test/i/")
    again = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert again.status_code == 409
    assert "cannot issue an invoice that is open" in again.json()["detail"]


async def test_a_job_for_an_unknown_business_is_dead_lettered_not_provisioned(
    harness: Harness,
) -> None:
    job = job_completed(currency="NZD")
    await harness.publish(harness.event("job.completed", job))
    letters = await read_topic(
        harness.infra.kafka_bootstrap_servers,
        harness.prefix + "job.completed.dlq",
        until=bool,
    )
    reason = dict(letters[0].headers)[REASON].decode()
    assert f"business {harness.business_id!r} is unknown" in reason
    assert await harness.sql("SELECT 1 FROM invoices WHERE job_id = :j", j=job.job_id) == []
    known = await harness.sql("SELECT 1 FROM businesses WHERE business_id = :b",
                              b=harness.business_id)  # fmt: skip
    assert known == []

    # Nothing is lost: once an admin creates the business, the replayed letter bills the job.
    await configure_business(harness, auto_send=False)
    key = letters[0].key.decode() if letters[0].key else None
    await publish_raw(
        harness.infra.kafka_bootstrap_servers,
        harness.prefix + "job.completed",
        letters[0].value,
        key=key,
    )
    invoice = await harness.invoice_for_job(job.job_id)
    assert invoice["status"] == "draft"


async def test_job_update_changes_a_draft_but_only_flags_an_issued_invoice(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    draft_job, issued_job = job_completed(), job_completed()
    for job in (draft_job, issued_job):
        await harness.publish(harness.event("job.completed", job))
    draft = await harness.invoice_for_job(draft_job.job_id)
    issued = await harness.invoice_for_job(issued_job.job_id)
    response = await harness.client.post(
        f"/v1/invoices/{issued['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert response.status_code == 200

    cheaper = [draft_job.line_items[0]]
    for job in (draft_job, issued_job):
        update = job_updated(job, revision=2, line_items=cheaper)
        await harness.publish(harness.event("job.updated", update))
        # a stale revision arriving late changes nothing
        await harness.publish(harness.event("job.updated", job_updated(job, revision=1)))

    draft_after = await eventually(
        lambda: harness.invoice(draft["invoice_id"]), lambda i: i["job_revision"] == 2
    )
    assert draft_after["status"] == "draft"
    assert draft_after["total"] == 24750
    issued_after = await eventually(
        lambda: harness.invoice(issued["invoice_id"]), lambda i: i["needs_review"]
    )
    assert issued_after["total"] == issued["total"]
    assert "review needed" in issued_after["review_reason"]
    marker = job_completed()  # after the stale events on the same partition-ordered path
    await harness.publish(harness.event("job.updated", job_updated(draft_job, revision=2)))
    await harness.publish(harness.event("job.completed", marker))
    await harness.invoice_for_job(marker.job_id)
    await eventually(
        lambda: harness.sql("SELECT count(*) AS n FROM inbox WHERE event_type = 'job.updated'"),
        lambda rows: rows[0]["n"] == 5,
    )
    assert (await harness.invoice(draft["invoice_id"]))["total"] == 24750
    detail = await harness.client.get(
        f"/v1/invoices/{issued['invoice_id']}", headers=harness.admin_headers()
    )
    assert [t["kind"] for t in detail.json()["timeline"]][-1] == "job_changed"


async def test_a_job_change_after_the_invoice_was_voided_is_noted_not_flagged(
    harness: Harness,
) -> None:
    await configure_business(harness)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    voided = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/void",
        json={"reason": "billed elsewhere"},
        headers=harness.admin_headers(),
    )
    assert voided.status_code == 200, voided.text

    await harness.publish(harness.event("job.updated", job_updated(job, revision=2)))
    after = await eventually(
        lambda: harness.invoice(invoice["invoice_id"]), lambda i: i["job_revision"] == 2
    )
    assert (after["status"], after["needs_review"]) == ("void", False)
    detail = await harness.client.get(
        f"/v1/invoices/{invoice['invoice_id']}", headers=harness.admin_headers()
    )
    notes = [t for t in detail.json()["timeline"] if t["kind"] == "job_changed"]
    assert len(notes) == 1
    assert "after the invoice was voided" in notes[0]["detail"]
