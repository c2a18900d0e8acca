"""The billing mirror: invoice and payment events in any order end in the same job record."""

from __future__ import annotations

import random

from support.jobs import Harness, assert_paid, invoice_event, new_job, story
from support.waiting import unique


async def test_mirror_follows_an_invoice_step_by_step(harness: Harness) -> None:
    job_id = await new_job(harness)
    for applied, (expected, event) in enumerate(story(harness, job_id), start=1):
        await harness.publish(event)
        await harness.handled(applied)
        assert (await harness.get_job(job_id))["billing"]["status"] == expected, event.type
    assert_paid(await harness.get_job(job_id))
    facts = await harness.sql("SELECT payment_id FROM payment_facts")
    assert len(facts) == 2, "the repeated payment is one fact"


async def test_mirror_never_moves_back_under_shuffled_order(harness: Harness) -> None:
    handled = 0
    for seed in ("reversed", 7, 2026):
        job_id = await new_job(harness)
        events = [event for _, event in story(harness, job_id)]
        if seed == "reversed":
            # Payments before the invoice is known here, invoice events newest first (a late
            # invoice.issued after paid), and first an event of another business naming this
            # job, which must not count.
            invoice_id = events[0].data.invoice.invoice_id
            stranger = invoice_event(
                harness, "invoice.voided", job_id, invoice_id, 9, "void", 0, unique("other")
            )
            payments = [e for e in events if e.type.startswith("payment.")]
            invoices = [e for e in events if e.type.startswith("invoice.")]
            events = [stranger, *payments, *reversed(invoices)]
        else:
            random.Random(seed).shuffle(events)
        for event in events:
            await harness.publish(event)
            handled += 1
            await harness.handled(handled)
        assert_paid(await harness.get_job(job_id))
