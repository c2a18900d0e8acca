"""The billing mirror: invoice and payment events in any order end in the same job record."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import BusinessProfile, InvoiceEvent, InvoiceSnapshot
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.events import Envelope, new_event
from support.jobs import SAMPLE_EVENT, Harness
from support.waiting import unique

TOTAL = 10000
FIRST_PAID_AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SECOND_PAID_AT = FIRST_PAID_AT + timedelta(days=2)


def invoice_event(
    harness: Harness,
    event_type: str,
    job_id: str,
    invoice_id: str,
    version: int,
    status: str,
    paid: int,
    business_id: str | None = None,
) -> Envelope[InvoiceEvent]:
    snapshot = InvoiceSnapshot(
        invoice_id=invoice_id,
        number=None if status == "draft" else "INV-2026-000042",
        status=status,
        version=version,
        job_id=job_id,
        customer=Customer(name="Dana Lee", email="dana@example.com"),
        currency="AUD",
        lines=[],
        subtotal=TOTAL,
        tax_total=0,
        total=TOTAL,
        amount_paid=paid,
        amount_due=TOTAL - paid,
        paid_at=SECOND_PAID_AT if status == "paid" else None,
    )
    business = business_id or harness.business_id
    data = InvoiceEvent(
        invoice=snapshot, business=BusinessProfile(business_id=business, name="Acme")
    )
    return new_event(event_type, data, source="tests", business_id=business, subject=invoice_id)


def payment_event(
    harness: Harness, invoice_id: str, payment_id: str, amount: int, method: str, when: datetime
) -> Envelope[PaymentEvent]:
    data = PaymentEvent(
        payment_id=payment_id,
        invoice_id=invoice_id,
        amount=amount,
        currency="AUD",
        method=method,
        provider="stripe" if method == "card" else "manual",
        occurred_at=when,
        reference=f"ref-{payment_id}",
    )
    return new_event(
        "payment.confirmed",
        data,
        source="tests",
        business_id=harness.business_id,
        subject=invoice_id,
    )


def story(harness: Harness, job_id: str) -> list[tuple[str, Envelope[Any]]]:
    """One invoice's life, in the order it happened, each step with the status it shows."""
    inv = unique("inv")
    first, second = unique("pay"), unique("pay")
    return [
        ("invoiced", invoice_event(harness, "invoice.created", job_id, inv, 1, "draft", 0)),
        ("sent", invoice_event(harness, "invoice.issued", job_id, inv, 2, "open", 0)),
        ("viewed", invoice_event(harness, "invoice.viewed", job_id, inv, 2, "open", 0)),
        ("viewed", payment_event(harness, inv, first, 4000, "card", FIRST_PAID_AT)),
        (
            "partially_paid",
            invoice_event(
                harness, "invoice.payment_recorded", job_id, inv, 3, "partially_paid", 4000
            ),
        ),
        (
            "partially_paid",
            payment_event(harness, inv, second, 6000, "bank_transfer", SECOND_PAID_AT),
        ),
        ("paid", invoice_event(harness, "invoice.paid", job_id, inv, 4, "paid", TOTAL)),
        # The same payment reported again by another event: a duplicate fact, no effect.
        ("paid", payment_event(harness, inv, second, 6000, "bank_transfer", SECOND_PAID_AT)),
    ]


async def new_job(harness: Harness) -> str:
    data = SAMPLE_EVENT["data"] | {"external_id": unique("EXT")}
    response = await harness.client.post("/v1/jobs/completed", json=data, headers=harness.headers())
    assert response.status_code == 201, response.text
    job_id: str = response.json()["job_id"]
    return job_id


def assert_paid(job: dict[str, Any]) -> None:
    billing = job["billing"]
    assert billing["status"] == "paid"
    assert billing["invoice_number"] == "INV-2026-000042"
    assert (billing["total"], billing["amount_paid"], billing["amount_due"]) == (TOTAL, TOTAL, 0)
    assert billing["paid_at"] == "2026-11-24T09:00:00Z"
    assert billing["viewed_at"] is not None
    last = billing["last_payment"]
    assert (last["method"], last["amount"], last["at"]) == (
        "bank_transfer",
        6000,
        "2026-11-24T09:00:00Z",
    )
    assert last["reference"].startswith("ref-pay-")
    assert billing["last_event_at"] is not None


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
