"""`job.cancelled`: a draft is voided, an issued invoice only flagged, an unbilled job never
billed; once per fact, whatever the order of arrival."""

import asyncio
import itertools
from typing import Any

import pytest

from closeout.invoicing.usecases import cancellations, invoices
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once
from closeout.shared.capability_links import DEV_LINK_SECRET
from support.invoicing import (
    Harness,
    configure_business,
    job_cancelled,
    job_completed,
    job_updated,
    payment,
    turn_on_reminders,
)
from support.services import runtime_of
from support.waiting import eventually

TOTAL = 29755  # of the default test job

LINKER = Linker("http://invoices.test", DEV_LINK_SECRET)


async def timeline(h: Harness, invoice_id: str) -> list[dict[str, Any]]:
    return await h.sql(
        "SELECT kind, actor, detail FROM invoice_timeline WHERE invoice_id = :i ORDER BY id",
        i=invoice_id,
    )


async def test_cancelling_a_draft_voids_it(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    job = job_completed()
    await harness.apply(harness.event("job.completed", job))
    cancel = harness.event("job.cancelled", job_cancelled(job, revision=3))
    await harness.apply(cancel)

    invoice = await harness.invoice_for_job(job.job_id)
    assert (invoice["status"], invoice["needs_review"], invoice["amount_due"]) == ("void", False, 0)
    assert invoice["number"] is None
    invoice_id = invoice["invoice_id"]
    assert await harness.outbox_types(invoice_id) == ["invoice.created", "invoice.voided"]
    voided = (await harness.outbox_events(invoice_id, "invoice.voided"))[0]["data"]
    assert f"job {job.external_id} cancelled" in voided["reason"]
    rows = await timeline(harness, invoice_id)
    void_row = next(r for r in rows if r["kind"] == "voided")
    assert void_row["actor"] == f"event:job.cancelled:{cancel.id}"
    assert "cancelled (revision 3) before the invoice was issued" in void_row["detail"]

    # A job record older than the cancellation, arriving late, changes and flags nothing.
    await harness.apply(harness.event("job.updated", job_updated(job, revision=2)))
    after = await harness.invoice(invoice_id)
    assert (after["status"], after["needs_review"], after["total"]) == ("void", False, TOTAL)
    assert await harness.outbox_types(invoice_id) == ["invoice.created", "invoice.voided"]


@pytest.mark.parametrize(
    ("paid", "status", "can_void"),
    [(0, "open", True), (10000, "partially_paid", False), (TOTAL, "paid", False)],
)
async def test_cancelling_an_issued_invoice_flags_it_and_changes_nothing(
    harness: Harness, paid: int, status: str, can_void: bool
) -> None:
    await configure_business(harness, auto_send=True)
    job = job_completed()
    await harness.apply(harness.event("job.completed", job))
    invoice = await harness.invoice_for_job(job.job_id)
    invoice_id = invoice["invoice_id"]
    if paid:
        await harness.apply(
            harness.event("payment.confirmed", payment("payment.confirmed", invoice_id, paid))
        )
    before = await harness.invoice(invoice_id)
    assert before["status"] == status
    types_before = await harness.outbox_types(invoice_id)

    cancel = harness.event("job.cancelled", job_cancelled(job, revision=2))
    await harness.apply(cancel)

    after = await harness.invoice(invoice_id)
    for unchanged in ("status", "total", "amount_paid", "amount_due", "number", "lines"):
        assert after[unchanged] == before[unchanged], unchanged
    assert after["voided_at"] is None
    assert after["needs_review"] is True
    assert f"job {job.external_id} cancelled" in after["review_reason"]
    assert "review needed" in after["review_reason"]
    assert await harness.outbox_types(invoice_id) == [*types_before, "invoice.updated"]
    last = (await timeline(harness, invoice_id))[-1]
    assert (last["kind"], last["actor"]) == ("job_cancelled", f"event:job.cancelled:{cancel.id}")
    assert last["detail"] == after["review_reason"]

    detail = await harness.client.get(f"/v1/invoices/{invoice_id}", headers=harness.admin_headers())
    review = detail.json()["pending_review"]
    assert review["cause"] == "job_cancelled"
    assert review["job_now"] is None
    assert review["total_difference"] is None
    assert review["cancelled_at"] is not None
    assert review["job_revision"] == 2
    assert review["invoiced"]["total"] == TOTAL
    assert review["can_void"] is can_void


async def test_cancelled_before_completed_bills_nothing(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    job = job_completed()
    await harness.apply(harness.event("job.cancelled", job_cancelled(job, revision=2)))
    await harness.apply(harness.event("job.completed", job))
    await harness.apply(harness.event("job.updated", job_updated(job, revision=2)))

    assert await harness.sql("SELECT 1 FROM invoices WHERE job_id = :j", j=job.job_id) == []
    recorded = await harness.sql(
        "SELECT external_id, revision FROM job_cancellations WHERE job_id = :j", j=job.job_id
    )
    assert recorded == [{"external_id": job.external_id, "revision": 2}]
    assert await harness.sql("SELECT 1 FROM outbox") == []


async def test_redelivered_cancellation_has_one_effect(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    draft_job, issued_job = job_completed(), job_completed()
    for job in (draft_job, issued_job):
        await harness.apply(harness.event("job.completed", job))
    draft = await harness.invoice_for_job(draft_job.job_id)
    issued = await harness.invoice_for_job(issued_job.job_id)
    response = await harness.client.post(
        f"/v1/invoices/{issued['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert response.status_code == 200, response.text

    for job in (draft_job, issued_job):
        fact = job_cancelled(job, revision=2)
        event = harness.event("job.cancelled", fact)
        for _ in range(3):
            await harness.publish(event)  # the same event redelivered
        await harness.apply(harness.event("job.cancelled", fact))  # the same fact, new event id

    kinds = [r["kind"] for r in await timeline(harness, draft["invoice_id"])]
    assert kinds.count("voided") == 1
    assert await harness.outbox_types(draft["invoice_id"]) == ["invoice.created", "invoice.voided"]
    kinds = [r["kind"] for r in await timeline(harness, issued["invoice_id"])]
    assert kinds.count("job_cancelled") == 1
    types = await harness.outbox_types(issued["invoice_id"])
    assert types == ["invoice.created", "invoice.issued", "invoice.updated"]
    rows = await harness.sql("SELECT count(*) AS n FROM job_cancellations")
    assert rows[0]["n"] == 2


async def test_a_cancellation_racing_the_completion_waits_and_voids(harness: Harness) -> None:
    """Completion and cancellation come on different topics, maybe to different instances: the
    cancellation waits for an uncommitted invoice of its job instead of missing it."""
    await configure_business(harness, auto_send=False)
    sessionmaker = runtime_of(harness.app).sessionmaker
    job = job_completed()

    async def cancel() -> None:
        async with sessionmaker() as session, session.begin():
            await cancellations.cancel_job(
                session,
                job_cancelled(job, revision=2),
                business_id=harness.business_id,
                actor="test:cancel",
            )

    async with sessionmaker() as session, session.begin():
        await invoices.bill_job(
            session,
            job,
            business_id=harness.business_id,
            correlation_id=None,
            actor="test:bill",
            linker=LINKER,
        )
        cancelling = asyncio.create_task(cancel())
        await asyncio.sleep(0.5)
        assert not cancelling.done()
    await asyncio.wait_for(cancelling, 10)
    assert (await harness.invoice_for_job(job.job_id))["status"] == "void"


async def end_state(h: Harness, job_id: str) -> dict[str, Any]:
    """What the job's billing comes to: whether it is cancelled and what it still asks for."""
    invoices = await h.sql(
        "SELECT status, number, needs_review, amount_due FROM invoices WHERE job_id = :j",
        j=job_id,
    )
    cancelled = await h.sql("SELECT 1 FROM job_cancellations WHERE job_id = :j", j=job_id)
    return {
        "cancelled": bool(cancelled),
        "live_invoices": [i["status"] for i in invoices if i["status"] != "void"],
        "numbers": [i["number"] for i in invoices if i["number"]],
        "open_reviews": sum(1 for i in invoices if i["needs_review"]),
        "amount_asked": sum(i["amount_due"] for i in invoices),
    }


async def test_every_order_of_arrival_ends_in_the_same_state(harness: Harness) -> None:
    """Draft mode (nothing reaches the customer before an admin issues it): whichever of
    completed, updated and cancelled arrives first, the job ends cancelled and unbilled."""
    await configure_business(harness, auto_send=False)
    outcomes: list[dict[str, Any]] = []
    for order in itertools.permutations(("completed", "updated", "cancelled")):
        job = job_completed()
        events = {
            "completed": harness.event("job.completed", job),
            "updated": harness.event("job.updated", job_updated(job, revision=2, notes="gate")),
            "cancelled": harness.event("job.cancelled", job_cancelled(job, revision=3)),
        }
        for name in order:
            await harness.apply(events[name])
        state = await end_state(harness, job.job_id)
        for name in order:  # every fact reported again, under new event ids: no effect
            await harness.apply(harness.event(events[name].type, events[name].data))
        assert await end_state(harness, job.job_id) == state, order
        outcomes.append(state)
        invoices = await harness.sql("SELECT status FROM invoices WHERE job_id = :j", j=job.job_id)
        billed_first = order.index("completed") < order.index("cancelled")
        assert [i["status"] for i in invoices] == (["void"] if billed_first else []), order

    expected = {
        "cancelled": True,
        "live_invoices": [],
        "numbers": [],
        "open_reviews": 0,
        "amount_asked": 0,
    }
    assert outcomes == [expected] * 6


async def test_reminders_wait_for_the_review_of_a_cancelled_jobs_invoice(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=True)
    await turn_on_reminders(harness)
    job = job_completed()
    await harness.apply(harness.event("job.completed", job))
    invoice_id = (await harness.invoice_for_job(job.job_id))["invoice_id"]
    await harness.apply(harness.event("job.cancelled", job_cancelled(job, revision=2)))
    await harness.sql(
        "UPDATE invoices SET due_date = current_date - 3, next_action_at = now()"
        " WHERE invoice_id = :i RETURNING 1",
        i=invoice_id,
    )
    sessionmaker = runtime_of(harness.app).sessionmaker

    held = await run_once(sessionmaker, LINKER)
    assert (held.marked_overdue, held.reminders) == ([], [])
    assert (await harness.invoice(invoice_id))["status"] == "open"

    kept = await harness.client.post(
        f"/v1/invoices/{invoice_id}/review-done",
        json={"note": "customer still owes the call-out"},
        headers=harness.admin_headers(),
    )
    assert kept.status_code == 200, kept.text
    chased = await run_once(sessionmaker, LINKER)
    assert chased.marked_overdue == [invoice_id]


async def test_admin_sees_a_flagged_job_change_and_keeps_or_voids(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    kept_job, voided_job = job_completed(), job_completed()
    cheaper = [kept_job.line_items[0]]
    ids = {}
    for job in (kept_job, voided_job):
        await harness.apply(harness.event("job.completed", job))
        ids[job.job_id] = (await harness.invoice_for_job(job.job_id))["invoice_id"]
        update = job_updated(job, revision=2, line_items=cheaper)
        await harness.apply(harness.event("job.updated", update))

    for job in (kept_job, voided_job):
        detail = await harness.client.get(
            f"/v1/invoices/{ids[job.job_id]}", headers=harness.admin_headers()
        )
        body = detail.json()
        review = body["pending_review"]
        assert review["cause"] == "job_changed"
        assert review["job_revision"] == 2
        assert (review["invoiced"]["total"], review["job_now"]["total"]) == (TOTAL, 24750)
        assert review["total_difference"] == 24750 - TOTAL
        assert [line["description"] for line in review["job_now"]["lines"]] == ["Labour"]
        assert len(review["invoiced"]["lines"]) == 2
        assert review["can_void"] is True
        assert body["total"] == TOTAL  # the issued invoice itself is unchanged

    headers = harness.admin_headers()
    kept = await harness.client.post(
        f"/v1/invoices/{ids[kept_job.job_id]}/review-done", json={"note": "agreed"}, headers=headers
    )
    assert kept.status_code == 200, kept.text
    voided = await harness.client.post(
        f"/v1/invoices/{ids[voided_job.job_id]}/void",
        json={"reason": "job scope changed; re-quoting"},
        headers=headers,
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["needs_review"] is False
    for invoice_id, status in ((ids[kept_job.job_id], "open"), (ids[voided_job.job_id], "void")):
        detail = (await harness.client.get(f"/v1/invoices/{invoice_id}", headers=headers)).json()
        assert (detail["status"], detail["pending_review"]) == (status, None)


async def test_a_flag_without_a_job_fact_still_explains_itself(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    job = job_completed(lines=[])  # nothing to bill: not sent automatically, flagged
    await harness.apply(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["needs_review"]
    )
    detail = await harness.client.get(
        f"/v1/invoices/{invoice['invoice_id']}", headers=harness.admin_headers()
    )
    review = detail.json()["pending_review"]
    assert review["cause"] == "other"
    assert "not sent automatically" in review["reason"]
    assert review["job_now"] is None
    assert review["can_void"] is True
