"""Payment facts from `payment.*` events: applied once, in any order; claims change nothing."""

import operator
import random
from functools import partial
from typing import Any

from closeout.shared.contracts.payments import ClaimRejected
from support.invoicing import (
    TOTAL,
    Harness,
    configure_business,
    inbox_count,
    issued_invoice,
    job_completed,
    live_path,
    payment,
)
from support.waiting import eventually, unique


def final_state(invoice: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("status", "amount_paid", "amount_refunded", "amount_due", "overpaid", "paid_at")
    return tuple(invoice[k] for k in keys)


async def test_shuffled_payment_facts_give_the_same_final_state(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    rng = random.Random(20260101)
    finals = []
    sent = 0
    for _ in range(4):
        invoice = await issued_invoice(harness)
        invoice_id = invoice["invoice_id"]
        first = payment("payment.confirmed", invoice_id, 20000, payment_id=unique("pay-a"))
        second = payment("payment.confirmed", invoice_id, TOTAL - 20000, payment_id=unique("pay-b"))
        refund = payment(
            "payment.refunded",
            invoice_id,
            5000,
            payment_id=first.payment_id,
            refund_id=unique("re"),
        )
        failed = payment("payment.failed", invoice_id, TOTAL, failure_reason="card_declined")
        events = [
            harness.event("payment.confirmed", first),
            harness.event("payment.confirmed", second),
            harness.event("payment.confirmed", first),  # the same payment, reported again
            harness.event("payment.refunded", refund),
            harness.event("payment.failed", failed),
        ]
        rng.shuffle(events)
        for event in events:
            await harness.publish(event)
        sent += len(events)
        await eventually(lambda: inbox_count(harness, "payment."), partial(operator.le, sent))
        after = await harness.invoice(invoice_id)
        finals.append(final_state(after))
        ledger = await harness.sql(
            "SELECT kind, amount FROM ledger_entries WHERE invoice_id = :i ORDER BY kind, amount",
            i=invoice_id,
        )
        assert [(r["kind"], r["amount"]) for r in ledger] == [
            ("payment", TOTAL - 20000),
            ("payment", 20000),
            ("refund", 5000),
        ]
        types = await harness.outbox_types(invoice_id)
        assert types.count("invoice.payment_recorded") == 2
        assert types.count("invoice.refunded") == 1
        assert types.count("invoice.paid") <= 1

    statuses = {f[:5] for f in finals}
    assert statuses == {("partially_refunded", TOTAL, 5000, 5000, False)}  # the refund is due
    assert all(f[5] is not None for f in finals)


async def test_partial_then_full_payment_and_a_failed_attempt(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice = await issued_invoice(harness)
    invoice_id = invoice["invoice_id"]

    await harness.publish(
        harness.event("payment.failed", payment("payment.failed", invoice_id, TOTAL))
    )
    await harness.publish(
        harness.event("payment.confirmed", payment("payment.confirmed", invoice_id, 10000))
    )
    partial = await eventually(
        lambda: harness.invoice(invoice_id), lambda i: i["status"] == "partially_paid"
    )
    assert partial["amount_due"] == TOTAL - 10000
    await harness.publish(
        harness.event("payment.confirmed", payment("payment.confirmed", invoice_id, TOTAL))
    )
    paid = await eventually(lambda: harness.invoice(invoice_id), lambda i: i["status"] == "paid")
    assert paid["overpaid"] is True
    assert paid["amount_due"] == 0
    types = await harness.outbox_types(invoice_id)
    assert types.count("invoice.paid") == 1
    paid_events = await harness.outbox_events(invoice_id, "invoice.paid")
    assert paid_events[0]["data"]["invoice"]["status"] == "paid"
    detail = (
        await harness.client.get(f"/v1/invoices/{invoice_id}", headers=harness.admin_headers())
    ).json()
    kinds = [t["kind"] for t in detail["timeline"]]
    assert "payment_failed" in kinds
    assert "overpaid" in kinds
    assert len(detail["payments"]) == 2


async def test_customer_claim_changes_no_balance_until_confirmed(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    invoice_id = invoice["invoice_id"]
    issued = await harness.outbox_events(invoice_id, "invoice.issued")
    path = live_path(issued[0]["data"]["payment_url"])

    claimed = await harness.client.post(
        f"{path}/claim",
        content="method=bank_transfer&amount=297.55&reference=PAT123&note=paid+Friday",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert claimed.status_code == 303
    page = await harness.client.get(claimed.headers["location"])
    assert "we have let" in page.text
    after = await harness.invoice(invoice_id)
    assert (after["status"], after["amount_paid"], after["amount_due"]) == ("open", 0, TOTAL)
    claim_events = await harness.outbox_events(invoice_id, "invoice.payment_claimed")
    claim = claim_events[0]["data"]["claim"]
    assert (claim["method"], claim["amount"], claim["reference"]) == (
        "bank_transfer",
        29755,
        "PAT123",
    )

    bad = await harness.client.post(
        f"{path}/claim",
        content="method=bitcoin",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert bad.status_code == 400

    rejected = {
        "claim_id": claim["claim_id"],
        "invoice_id": invoice_id,
        "reason": "no transfer received",
        "rejected_by": "admin@acme",
        "occurred_at": "2026-01-01T00:00:00Z",
    }
    await harness.publish(
        harness.event("payment.claim_rejected", ClaimRejected.model_validate(rejected))
    )
    claims = await eventually(
        lambda: harness.sql(
            "SELECT status FROM payment_claims WHERE invoice_id = :i", i=invoice_id
        ),
        lambda rows: bool(rows) and rows[0]["status"] == "rejected",
    )
    assert len(claims) == 1
    after = await harness.invoice(invoice_id)
    assert (after["status"], after["amount_paid"]) == ("open", 0)


async def test_dispute_closed_before_opened_never_reopens(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice = await issued_invoice(harness)
    invoice_id = invoice["invoice_id"]
    paid = payment("payment.confirmed", invoice_id, TOTAL)
    dispute = {"payment_id": paid.payment_id, "dispute_id": unique("dp")}
    closed = payment("payment.dispute_closed", invoice_id, TOTAL, dispute_status="won", **dispute)
    opened = payment("payment.disputed", invoice_id, TOTAL, **dispute)
    for event_type, fact in (
        ("payment.confirmed", paid),
        ("payment.dispute_closed", closed),
        ("payment.disputed", opened),
    ):
        await harness.publish(harness.event(event_type, fact))
    await eventually(lambda: inbox_count(harness, "payment."), lambda n: n >= 3)
    after = await harness.invoice(invoice_id)
    assert (after["status"], after["amount_paid"]) == ("paid", TOTAL)
