"""A credit note on a job's invoice (`invoice.credited`) shows on the job's billing mirror:
what was credited, with the paid amounts and status unchanged; an older snapshot arriving
later does not take it back."""

from __future__ import annotations

from support.jobs import TOTAL, Harness, invoice_event, new_job
from support.waiting import unique


async def test_invoice_credited_is_mirrored_on_the_job(harness: Harness) -> None:
    job_id = await new_job(harness)
    invoice_id = unique("inv")
    paid = invoice_event(harness, "invoice.paid", job_id, invoice_id, 3, "paid", TOTAL)
    credited = invoice_event(
        harness, "invoice.credited", job_id, invoice_id, 4, "paid", TOTAL, credited=2500
    )
    await harness.publish(credited)
    await harness.handled(1)
    await harness.publish(paid)  # older: loses to the credited snapshot
    await harness.handled(2)

    billing = (await harness.get_job(job_id))["billing"]
    assert (billing["invoice_id"], billing["status"]) == (invoice_id, "paid")
    assert (billing["amount_paid"], billing["amount_due"], billing["amount_credited"]) == (
        TOTAL,
        0,
        2500,
    )
