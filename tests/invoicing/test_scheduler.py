"""Overdue marking and reminders: each once, through repeated scheduler passes."""

from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once
from closeout.shared.capability_links import DEV_LINK_SECRET
from support.invoicing import Harness, configure_business, job_completed, turn_on_reminders
from support.services import runtime_of
from support.waiting import eventually

LINKER = Linker("http://invoices.test", DEV_LINK_SECRET)


async def test_overdue_then_reminders_each_once(harness: Harness) -> None:
    await configure_business(harness, timezone="Australia/Sydney")
    await turn_on_reminders(harness)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    invoice_id = invoice["invoice_id"]
    sessionmaker = runtime_of(harness.app).sessionmaker

    await harness.sql(
        "UPDATE invoices SET due_date = current_date - 3, next_action_at = now()"
        " WHERE invoice_id = :i RETURNING 1",
        i=invoice_id,
    )
    first = await run_once(sessionmaker, LINKER)
    assert first.marked_overdue == [invoice_id]
    assert first.reminders == [(invoice_id, 1)]
    again = await run_once(sessionmaker, LINKER)
    assert (again.marked_overdue, again.reminders) == ([], [])
    assert (await harness.invoice(invoice_id))["status"] == "overdue"

    await harness.sql(
        "UPDATE invoices SET due_date = current_date - 20, next_action_at = now()"
        " WHERE invoice_id = :i RETURNING 1",
        i=invoice_id,
    )
    later = await run_once(sessionmaker, LINKER)
    assert later.reminders == [(invoice_id, 3)]
    types = await harness.outbox_types(invoice_id)
    assert types.count("invoice.overdue") == 1
    # The overdue notice is reminder 1 (one mail that day); only later reminders stand alone.
    assert types.count("invoice.reminder_due") == 1
    [notice] = await harness.outbox_events(invoice_id, "invoice.overdue")
    assert notice["data"]["reminder_number"] == 1
    reminder = (await harness.outbox_events(invoice_id, "invoice.reminder_due"))[-1]["data"]
    assert reminder["reminder_number"] == 3
    assert reminder["payment_url"].startswith("http://invoices.test/i/")

    overdue = await harness.client.get("/v1/invoices?overdue=true", headers=harness.admin_headers())
    assert [i["invoice_id"] for i in overdue.json()["items"]] == [invoice_id]
