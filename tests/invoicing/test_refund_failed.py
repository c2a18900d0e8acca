"""`payment.refund_failed`: an applied refund is reversed (the invoice reads paid again), one
not yet applied never is; once per refund, in any order."""

from __future__ import annotations

import operator
import random
from datetime import UTC, datetime
from functools import partial
from typing import Any

from closeout.shared.contracts.payments import PaymentEvent, RefundFailed
from closeout.shared.events.envelope import Envelope
from support.invoicing import (
    TOTAL,
    Harness,
    configure_business,
    inbox_count,
    issued_invoice,
    payment,
)
from support.waiting import eventually, unique

REASON = "expired_or_canceled_card"


def refund_failed(refund: PaymentEvent) -> RefundFailed:
    """As payments publishes it after applying `charge.refunded`."""
    return RefundFailed.model_validate(
        refund.model_dump()
        | {
            "occurred_at": datetime.now(UTC),
            "failure_reason": REASON,
            "refund_was_applied": True,
        }
    )


def refund(paid: PaymentEvent, amount: int) -> PaymentEvent:
    return payment(
        "payment.refunded",
        paid.invoice_id,
        amount,
        payment_id=paid.payment_id,
        refund_id=unique("re"),
    )


async def paid_invoice(h: Harness) -> PaymentEvent:
    invoice = await issued_invoice(h)
    paid = payment("payment.confirmed", invoice["invoice_id"], TOTAL)
    await h.apply(h.event("payment.confirmed", paid))
    return paid


async def ledger(h: Harness, invoice_id: str) -> list[tuple[str, int, str | None]]:
    rows = await h.sql(
        "SELECT kind, amount, refund_id FROM ledger_entries WHERE invoice_id = :i"
        " ORDER BY recorded_at, kind",
        i=invoice_id,
    )
    return [(r["kind"], r["amount"], r["refund_id"]) for r in rows]


async def timeline(h: Harness, invoice_id: str, kind: str) -> list[dict[str, Any]]:
    return await h.sql(
        "SELECT detail, data FROM invoice_timeline WHERE invoice_id = :i AND kind = :k ORDER BY id",
        i=invoice_id,
        k=kind,
    )


def amounts(invoice: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("status", "amount_paid", "amount_refunded", "amount_due")
    return tuple(invoice[k] for k in keys)


async def test_an_applied_refund_that_failed_is_reversed_once(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    paid = await paid_invoice(harness)
    invoice_id = paid.invoice_id
    back = refund(paid, TOTAL)
    await harness.apply(harness.event("payment.refunded", back))
    assert amounts(await harness.invoice(invoice_id)) == ("refunded", TOTAL, TOTAL, TOTAL)

    failure = harness.event("payment.refund_failed", refund_failed(back))
    await harness.apply(failure)
    await harness.publish(failure)  # redelivered: the inbox drops it
    # Reported again by another event: the refund id makes it the same fact.
    await harness.apply(harness.event("payment.refund_failed", refund_failed(back)))

    after = await harness.invoice(invoice_id)
    assert amounts(after) == ("paid", TOTAL, 0, 0)
    assert await ledger(harness, invoice_id) == [
        ("payment", TOTAL, None),
        ("refund", TOTAL, back.refund_id),
        ("reversal", TOTAL, back.refund_id),
    ]
    rows = await timeline(harness, invoice_id, "refund_failed")
    assert len(rows) == 1
    assert REASON in rows[0]["detail"]
    assert "reversed" in rows[0]["detail"]
    assert rows[0]["data"]["refund_id"] == back.refund_id
    changes = await timeline(harness, invoice_id, "status_changed")
    assert changes[-1]["data"] == {"from": "refunded", "to": "paid"}

    types = await harness.outbox_types(invoice_id)
    assert types[-2:] == ["invoice.refunded", "invoice.status_changed"]
    (changed,) = await harness.outbox_events(invoice_id, "invoice.status_changed")
    snapshot = changed["data"]["invoice"]
    assert (snapshot["status"], snapshot["amount_refunded"], snapshot["version"]) == (
        "paid",
        0,
        after["version"],
    )
    assert REASON in changed["data"]["reason"]


async def test_a_failure_before_the_refund_leaves_it_unapplied(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    paid = await paid_invoice(harness)
    invoice_id = paid.invoice_id
    back = refund(paid, 5000)
    # The flag says "applied" (payments saw charge.refunded), but this ledger never did.
    await harness.apply(harness.event("payment.refund_failed", refund_failed(back)))
    await harness.apply(harness.event("payment.refunded", back))
    await harness.apply(harness.event("payment.refunded", back))

    assert amounts(await harness.invoice(invoice_id)) == ("paid", TOTAL, 0, 0)
    assert await ledger(harness, invoice_id) == [("payment", TOTAL, None)]
    failed = await timeline(harness, invoice_id, "refund_failed")
    assert len(failed) == 1
    assert "not been applied" in failed[0]["detail"]
    late = await timeline(harness, invoice_id, "refund_not_applied")
    assert len(late) == 1
    assert REASON in late[0]["detail"]
    types = await harness.outbox_types(invoice_id)
    assert types[-1] == "invoice.paid"
    assert not {"invoice.refunded", "invoice.status_changed", "invoice.updated"} & set(types)


async def test_one_of_two_refunds_failing_keeps_the_other(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    paid = await paid_invoice(harness)
    invoice_id = paid.invoice_id
    kept, lost = refund(paid, 5000), refund(paid, 3000)
    await harness.apply(harness.event("payment.refunded", kept))
    await harness.apply(harness.event("payment.refunded", lost))
    assert amounts(await harness.invoice(invoice_id)) == ("partially_refunded", TOTAL, 8000, 8000)

    await harness.apply(harness.event("payment.refund_failed", refund_failed(lost)))

    assert amounts(await harness.invoice(invoice_id)) == ("partially_refunded", TOTAL, 5000, 5000)
    types = await harness.outbox_types(invoice_id)
    assert types[-1] == "invoice.updated"  # amounts changed, the status did not
    (updated,) = await harness.outbox_events(invoice_id, "invoice.updated")
    assert updated["data"]["invoice"]["amount_refunded"] == 5000


async def test_each_fact_three_times_shuffled_ends_the_same(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    handled = await inbox_count(harness, "payment.")
    for seed in (1, 2, 3, 4):
        invoice = await issued_invoice(harness)
        invoice_id = invoice["invoice_id"]
        paid = payment("payment.confirmed", invoice_id, TOTAL)
        back = refund(paid, TOTAL)
        facts: list[tuple[str, PaymentEvent]] = [
            ("payment.confirmed", paid),
            ("payment.refunded", back),
            ("payment.refund_failed", refund_failed(back)),
        ]
        deliveries: list[Envelope[Any]] = []
        for event_type, fact in facts:
            once = harness.event(event_type, fact)
            # The same event redelivered, and the same fact reported by another event.
            deliveries += [once, once, harness.event(event_type, fact)]
        random.Random(seed).shuffle(deliveries)
        for delivery in deliveries:
            await harness.publish(delivery)
        handled += 6
        await eventually(lambda: inbox_count(harness, "payment."), partial(operator.le, handled))

        after = await harness.invoice(invoice_id)
        assert amounts(after) == ("paid", TOTAL, 0, 0), seed
        entries = await ledger(harness, invoice_id)
        kinds = [kind for kind, _, _ in entries]
        assert kinds.count("payment") == 1
        assert kinds.count("refund") == kinds.count("reversal") <= 1, entries
        assert len(await timeline(harness, invoice_id, "refund_failed")) == 1
