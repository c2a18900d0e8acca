"""A refund or dispute that Stripe reports before the payment's confirmation waits for it."""

from typing import Any

from support.payments import Payments, new_ids
from support.stripe_events import stripe_event
from support.waiting import eventually


async def test_refund_and_dispute_before_the_confirmation_are_applied_when_it_lands(
    payments: Payments,
) -> None:
    invoice_id, business_id = new_ids()
    created = await payments.checkout(invoice_id, business_id, 6_000)
    assert created.status_code == 201, created.text
    intent = "pi_out_of_order_1"
    charge = await payments.stripe.charge(
        payment_intent=intent, amount=6_000, refunds=[("re_early_1", 2_000)]
    )
    dispute = await payments.stripe.dispute(
        payment_intent=intent, amount=4_000, status="needs_response", dispute_id="dp_early_1"
    )
    early = [
        stripe_event("charge.refunded", charge),
        stripe_event("charge.dispute.created", dispute),
    ]
    for evt in early:
        assert (await payments.deliver(evt)).status_code == 200

    async def waiting() -> list[dict[str, Any]]:
        rows = await payments.rows(
            "SELECT status, waiting_for FROM webhook_events WHERE event_id IN (:a, :b)",
            a=early[0]["id"],
            b=early[1]["id"],
        )
        return rows if [r["status"] for r in rows] == ["waiting", "waiting"] else []

    rows = await eventually(waiting, what="both events waiting for the payment")
    assert {r["waiting_for"] for r in rows} == {intent}

    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=created.json()["attempt_id"],
        amount=6_000,
        payment_intent=intent,
    )
    assert (
        await payments.deliver(stripe_event("checkout.session.completed", paid))
    ).status_code == 200
    # Re-checks are an hour apart: only the confirmation itself can requeue them this soon.
    await payments.settled(timeout=15)

    async def applied() -> bool:
        refunded = await payments.events("payment.refunded", invoice_id)
        disputed = await payments.events("payment.disputed", invoice_id)
        return len(refunded) == 1 and len(disputed) == 1

    await eventually(applied, timeout=15, what="refund and dispute applied")
    [refunded] = await payments.events("payment.refunded", invoice_id)
    assert refunded["data"]["amount"] == 2_000
    statuses = await payments.rows("SELECT status FROM webhook_events")
    assert {r["status"] for r in statuses} == {"done"}
