"""A Stripe event the worker gives up on is reported once, as `payment.webhook_failed`."""

from __future__ import annotations

from typing import Any

from support.payments import Payments, StartPayments, new_ids, ops_headers
from support.stripe_events import stripe_event
from support.waiting import eventually


async def _failed_events(payments: Payments) -> list[dict[str, Any]]:
    response = await payments.client.get(
        "/v1/ops/webhook-events?status=failed", headers=ops_headers()
    )
    rows: list[dict[str, Any]] = response.json()
    return rows


async def _replay(payments: Payments, event_id: str) -> None:
    replay = await payments.client.post(
        f"/v1/ops/webhook-events/{event_id}/replay", headers=ops_headers()
    )
    assert replay.status_code == 202


async def test_event_that_keeps_failing_is_reported_once_with_its_business(
    start_payments: StartPayments,
) -> None:
    async with start_payments(webhook_max_attempts=3, webhook_wait_recheck_seconds=0.2) as payments:
        invoice_id, business_id = new_ids()
        response = await payments.checkout(invoice_id, business_id, 4_500)
        unpaid = await payments.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=response.json()["attempt_id"],
            amount=4_500,
            payment_status="unpaid",
            payment_intent="pi_slow_1",
            method="us_bank_account",
        )
        await payments.deliver(stripe_event("checkout.session.completed", unpaid))
        # A refund of money that is still processing cannot be applied, however often tried.
        charge = await payments.stripe.charge(
            payment_intent="pi_slow_1", amount=4_500, refunds=[("re_slow", 4_500)]
        )
        refunded = stripe_event("charge.refunded", charge)
        for _ in range(3):
            await payments.deliver(refunded)
        await eventually(lambda: _failed_events(payments), what="event marked failed")

        [reported] = await payments.events("payment.webhook_failed")
        assert reported["business_id"] == business_id
        assert reported["subject"] == invoice_id
        data = reported["data"]
        assert (data["stripe_event_id"], data["stripe_event_type"]) == (
            refunded["id"],
            "charge.refunded",
        )
        assert (data["business_id"], data["invoice_id"], data["attempts"]) == (
            business_id,
            invoice_id,
            3,
        )
        assert "NotYetKnown" in data["error"]
        assert "pi_slow_1" in data["error"]

        # Once the money is confirmed, a replay succeeds: nothing more to report.
        paid = dict(unpaid, payment_status="paid")
        await payments.deliver(stripe_event("checkout.session.async_payment_succeeded", paid))
        await payments.settled()
        await _replay(payments, refunded["id"])
        await payments.settled()
        assert len(await payments.events("payment.refunded", invoice_id)) == 1
        assert await _failed_events(payments) == []
        assert len(await payments.events("payment.webhook_failed")) == 1


async def test_event_about_nobody_we_know_is_reported_to_operators(
    start_payments: StartPayments,
) -> None:
    async with start_payments(webhook_max_attempts=2, webhook_wait_recheck_seconds=0.2) as payments:
        charge = await payments.stripe.charge(
            payment_intent="pi_nobody", amount=1_000, refunds=[("re_nobody", 1_000)]
        )
        # Not a plain id: it must not reach an event envelope.
        charge["metadata"] = {"business_id": "no such business!"}
        refunded = stripe_event("charge.refunded", charge)
        await payments.deliver(refunded)
        await eventually(lambda: _failed_events(payments), what="event marked failed")

        [reported] = await payments.events("payment.webhook_failed")
        assert reported["business_id"] == "ops"
        assert reported["subject"] == refunded["id"]
        assert "business_id" not in reported["data"]  # unset, like every empty field
        assert "invoice_id" not in reported["data"]

        # Replayed and failing for good again: a new failure, reported again.
        await _replay(payments, refunded["id"])

        async def reported_twice() -> bool:
            return len(await payments.events("payment.webhook_failed")) == 2

        await eventually(reported_twice, what="second failure reported")
        stored = await payments.rows("SELECT status, attempts FROM webhook_events")
        assert stored == [{"status": "failed", "attempts": 2}]
