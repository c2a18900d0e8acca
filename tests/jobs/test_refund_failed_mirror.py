"""After a refund that failed at Stripe the job reads paid again: invoicing publishes the
reversed snapshot (a newer version), and the mirror follows versions in any order.

`payment.refund_failed` itself is not consumed here: it changes neither the job's last payment
(a confirmed payment) nor its billing status (that follows invoice snapshots)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.payments import PaymentEvent, RefundFailed
from closeout.shared.events import Envelope, new_event
from support.databases import create_migrated_database
from support.infra import Infra
from support.invoicing import MIGRATIONS as INVOICING_MIGRATIONS
from support.invoicing import Harness as Invoicing
from support.invoicing import configure_business, payment, start_app
from support.jobs import (
    SECOND_PAID_AT,
    TOTAL,
    Harness,
    assert_paid,
    invoice_event,
    new_job,
    story,
)
from support.waiting import eventually, unique


def with_refund(event: Envelope[InvoiceEvent], refunded: int) -> Envelope[InvoiceEvent]:
    invoice = event.data.invoice.model_copy(update={"amount_refunded": refunded})
    data = event.data.model_copy(update={"invoice": invoice})
    return new_event(
        event.type, data, source="tests", business_id=event.business_id, subject=event.subject
    )


def refund_then_failure(harness: Harness, job_id: str, invoice_id: str) -> list[Envelope[Any]]:
    """What follows `story`'s paid invoice when a refund of 6000 is applied, then fails."""
    refunded = PaymentEvent(
        payment_id=unique("pay"),
        invoice_id=invoice_id,
        amount=6000,
        currency="AUD",
        method="card",
        provider="stripe",
        occurred_at=SECOND_PAID_AT,
        refund_id=unique("re"),
    )
    partial = invoice_event(
        harness, "invoice.refunded", job_id, invoice_id, 5, "partially_refunded", TOTAL
    )
    paid_again = invoice_event(
        harness, "invoice.status_changed", job_id, invoice_id, 6, "paid", TOTAL
    )
    return [
        new_event(
            "payment.refunded",
            refunded,
            source="tests",
            business_id=harness.business_id,
            subject=invoice_id,
        ),
        with_refund(partial, 6000),
        paid_again,
    ]


async def test_mirror_reads_paid_after_a_failed_refund_in_any_order(harness: Harness) -> None:
    handled = 0
    for seed in (None, 5, 11, 2027):
        job_id = await new_job(harness)
        events = [event for _, event in story(harness, job_id)]
        invoice_id = events[0].data.invoice.invoice_id
        events += refund_then_failure(harness, job_id, invoice_id)
        if seed is not None:
            random.Random(seed).shuffle(events)
        for event in events:
            await harness.publish(event)
            handled += 1
            await harness.handled(handled)
        job = await harness.get_job(job_id)
        assert_paid(job)
        assert job["billing"]["amount_refunded"] == 0, seed


async def mirrored(harness: Harness, job_id: str, **expected: Any) -> dict[str, Any]:
    query = "SELECT * FROM jobs WHERE job_id = :j"
    rows = await eventually(
        lambda: harness.sql(query, j=job_id),
        lambda rows: all(rows[0][k] == v for k, v in expected.items()),
    )
    job: dict[str, Any] = rows[0]
    return job


async def test_jobs_and_invoicing_end_paid_after_a_failed_refund(
    harness: Harness, infra: Infra
) -> None:
    """Both services on the same topics: the job completes in jobs, invoicing bills it, and the
    payments gateway's events (published here) confirm, refund and fail the refund."""
    database_url = await create_migrated_database(
        infra.postgres_url, "invoicing", INVOICING_MIGRATIONS
    )
    async with start_app(infra, database_url, harness.prefix, harness.business_id) as billing:
        await configure_business(billing, auto_send=True)
        job_id = await new_job(harness)
        invoice = await eventually(
            lambda: billing.invoice_for_job(job_id), lambda i: i["status"] == "open", 30
        )
        invoice_id, total = invoice["invoice_id"], invoice["total"]
        paid = payment("payment.confirmed", invoice_id, total)
        await publish_and_wait(billing, "payment.confirmed", paid, "paid")
        await mirrored(harness, job_id, invoice_status="paid")

        back = payment(
            "payment.refunded",
            invoice_id,
            total,
            payment_id=paid.payment_id,
            refund_id=unique("re"),
        )
        await publish_and_wait(billing, "payment.refunded", back, "refunded")
        await mirrored(harness, job_id, invoice_status="refunded", amount_refunded=total)

        failed = RefundFailed.model_validate(
            back.model_dump()
            | {
                "occurred_at": datetime.now(UTC),
                "failure_reason": "expired_or_canceled_card",
                "refund_was_applied": True,
            }
        )
        after = await publish_and_wait(billing, "payment.refund_failed", failed, "paid")

    job = await mirrored(harness, job_id, invoice_version=after["version"])
    assert (job["invoice_status"], job["billing_status"]) == ("paid", "paid")
    assert (job["amount_paid"], job["amount_refunded"], job["amount_due"]) == (total, 0, 0)
    assert job["last_payment_amount"] == total


async def publish_and_wait(
    billing: Invoicing, event_type: str, fact: PaymentEvent, status: str
) -> dict[str, Any]:
    await billing.apply(billing.event(event_type, fact))
    invoice = await billing.invoice(fact.invoice_id)
    assert invoice["status"] == status, event_type
    return invoice
