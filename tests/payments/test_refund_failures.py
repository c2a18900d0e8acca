"""Refunds that fail at Stripe after they were requested: recorded once, in any order."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from closeout.payments.adapters.stripe_gateway import (
    CreatedRefund,
    CreatedSession,
    StripeClientGateway,
    StripeGateway,
)
from support.payments import Payments, StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event

REFUND_EVENTS = ("charge.refund.updated", "refund.updated", "refund.failed")


async def _paid_card_payment(payments: Payments, amount: int, intent: str) -> tuple[str, str, str]:
    """A confirmed card payment: (invoice id, business id, payment id)."""
    invoice_id, business_id = new_ids()
    response = await payments.checkout(invoice_id, business_id, amount)
    assert response.status_code == 201, response.text
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=response.json()["attempt_id"],
        amount=amount,
        payment_intent=intent,
    )
    await payments.deliver(stripe_event("checkout.session.completed", paid))
    await payments.settled()
    confirmed = await payments.events("payment.confirmed", invoice_id)
    return invoice_id, business_id, confirmed[0]["data"]["payment_id"]


async def _request_refund(
    payments: Payments, business_id: str, payment_id: str, amount: int
) -> str:
    started = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount": amount},
        headers=key_headers(business_id),
    )
    assert started.status_code == 202, started.text
    refund_id: str = started.json()["refund_id"]
    return refund_id


async def _failed_refund(
    payments: Payments,
    *,
    invoice_id: str,
    business_id: str,
    payment_id: str,
    refund_id: str,
    intent: str,
    amount: int,
) -> dict[str, Any]:
    return await payments.stripe.refund(
        refund_id=refund_id,
        payment_intent=intent,
        amount=amount,
        status="failed",
        failure_reason="expired_or_canceled_card",
        metadata={"invoice_id": invoice_id, "business_id": business_id, "payment_id": payment_id},
    )


async def _payment_log(payments: Payments, invoice_id: str, business_id: str) -> dict[str, Any]:
    log = await payments.client.get(
        f"/v1/invoices/{invoice_id}/payments", headers=key_headers(business_id)
    )
    assert log.status_code == 200, log.text
    body: dict[str, Any] = log.json()
    return body


async def test_refund_failing_after_request_is_recorded_once(payments: Payments) -> None:
    intent = "pi_refund_fails_1"
    invoice_id, business_id, payment_id = await _paid_card_payment(payments, 20_000, intent)
    refund_id = await _request_refund(payments, business_id, payment_id, 6_000)
    failed = await _failed_refund(
        payments,
        invoice_id=invoice_id,
        business_id=business_id,
        payment_id=payment_id,
        refund_id=refund_id,
        intent=intent,
        amount=6_000,
    )
    # Every API version's report of the failure, each delivered three times, in any order.
    deliveries = [stripe_event(t, failed) for t in REFUND_EVENTS for _ in range(3)]
    random.shuffle(deliveries)
    responses = await asyncio.gather(*(payments.deliver(d) for d in deliveries))
    assert all(r.status_code == 200 for r in responses)
    await payments.settled()

    reported = await payments.events("payment.refund_failed", invoice_id)
    assert len(reported) == 1
    data = reported[0]["data"]
    assert (data["payment_id"], data["refund_id"], data["amount"]) == (payment_id, refund_id, 6_000)
    assert data["failure_reason"] == "expired_or_canceled_card"
    assert data["refund_was_applied"] is False
    assert reported[0]["business_id"] == business_id
    assert await payments.events("payment.refunded", invoice_id) == []

    body = await _payment_log(payments, invoice_id, business_id)
    [refund] = body["refunds"]
    assert (refund["refund_id"], refund["status"], refund["amount"]) == (refund_id, "failed", 6_000)
    assert refund["failure_reason"] == "expired_or_canceled_card"
    assert refund["requested_at"] is not None
    failures = [e for e in body["entries"] if e["kind"] == "refund_failed"]
    assert [(e["reference"], e["amount"], e["detail"]) for e in failures] == [
        (refund_id, 6_000, "expired_or_canceled_card")
    ]
    assert body["payments"][0]["amount_refunded"] == 0  # no money moved

    # Stripe's earlier announcement of the refund arrives late: it is not applied.
    charge = await payments.stripe.charge(
        payment_intent=intent, amount=20_000, refunds=[(refund_id, 6_000)]
    )
    await payments.deliver(stripe_event("charge.refunded", charge))
    await payments.settled()
    assert await payments.events("payment.refunded", invoice_id) == []
    body = await _payment_log(payments, invoice_id, business_id)
    assert body["payments"][0]["amount_refunded"] == 0
    assert [r["status"] for r in body["refunds"]] == ["failed"]

    # The admin may ask again: a new refund request, not Stripe's answer to the failed one.
    again = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount": 6_000},
        headers=key_headers(business_id),
    )
    assert again.status_code == 202, again.text
    requested = await payments.rows(
        "SELECT dedupe_key FROM ledger_entries WHERE kind = 'refund_requested' ORDER BY id"
    )
    assert len(requested) == 2
    assert requested[1]["dedupe_key"].endswith(":after-1-failed")


async def test_failure_after_the_refund_was_applied_undoes_it(payments: Payments) -> None:
    intent = "pi_refund_fails_2"
    invoice_id, business_id, payment_id = await _paid_card_payment(payments, 10_000, intent)
    refund_id = await _request_refund(payments, business_id, payment_id, 10_000)
    charge = await payments.stripe.charge(
        payment_intent=intent, amount=10_000, refunds=[(refund_id, 10_000)]
    )
    await payments.deliver(stripe_event("charge.refunded", charge))
    await payments.settled()
    assert len(await payments.events("payment.refunded", invoice_id)) == 1

    failed = await _failed_refund(
        payments,
        invoice_id=invoice_id,
        business_id=business_id,
        payment_id=payment_id,
        refund_id=refund_id,
        intent=intent,
        amount=10_000,
    )
    for event_type in REFUND_EVENTS:
        await payments.deliver(stripe_event(event_type, failed))
    await payments.settled()

    [reported] = await payments.events("payment.refund_failed", invoice_id)
    assert reported["data"]["refund_was_applied"] is True
    body = await _payment_log(payments, invoice_id, business_id)
    assert body["payments"][0]["amount_refunded"] == 0
    assert [(r["refund_id"], r["status"]) for r in body["refunds"]] == [(refund_id, "failed")]
    kinds = [e["kind"] for e in body["entries"]]
    assert (kinds.count("refunded"), kinds.count("refund_failed")) == (1, 1)
    # The money is refundable again.
    again = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount": 10_000},
        headers=key_headers(business_id),
    )
    assert again.status_code == 202, again.text


async def test_succeeded_refund_update_changes_nothing(payments: Payments) -> None:
    intent = "pi_refund_ok_3"
    invoice_id, business_id, payment_id = await _paid_card_payment(payments, 5_000, intent)
    refund_id = await _request_refund(payments, business_id, payment_id, 5_000)
    succeeded = await payments.stripe.refund(
        refund_id=refund_id,
        payment_intent=intent,
        amount=5_000,
        status="succeeded",
        metadata={"invoice_id": invoice_id, "business_id": business_id, "payment_id": payment_id},
    )
    await payments.deliver(stripe_event("refund.updated", succeeded))
    await payments.settled()
    assert await payments.events("payment.refund_failed", invoice_id) == []
    stored = await payments.rows(
        "SELECT outcome FROM webhook_events WHERE event_type = 'refund.updated'"
    )
    assert stored == [{"outcome": "refund succeeded"}]
    body = await _payment_log(payments, invoice_id, business_id)
    assert [r["status"] for r in body["refunds"]] == ["requested"]


async def test_failure_of_a_refund_started_elsewhere_is_recorded(payments: Payments) -> None:
    """A refund made in Stripe's dashboard carries none of our metadata: found by its intent."""
    intent = "pi_refund_fails_5"
    invoice_id, business_id, payment_id = await _paid_card_payment(payments, 3_000, intent)
    failed = await payments.stripe.refund(
        refund_id="re_from_dashboard", payment_intent=intent, amount=1_000, status="failed"
    )
    await payments.deliver(stripe_event("charge.refund.updated", failed))
    await payments.settled()
    [reported] = await payments.events("payment.refund_failed", invoice_id)
    assert (reported["data"]["payment_id"], reported["data"]["failure_reason"]) == (
        payment_id,
        "unknown",
    )
    body = await _payment_log(payments, invoice_id, business_id)
    assert [(r["refund_id"], r["status"], r["requested_at"]) for r in body["refunds"]] == [
        ("re_from_dashboard", "failed", None)
    ]


class FailureReportedDuringRequest:
    """The real stripe-mock gateway, except that Stripe's failure webhook for the new refund
    comes in before our refund request has been stored (its transaction is still open)."""

    def __init__(self, real: StripeGateway) -> None:
        self.real = real
        self.payments: Payments | None = None
        self.webhook_status: int | None = None

    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedSession:
        return await self.real.create_checkout_session(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )

    async def retrieve_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> dict[str, Any]:
        return await self.real.retrieve_checkout_session(session_id, stripe_account=stripe_account)

    async def expire_checkout_session(self, session_id: str, *, stripe_account: str | None) -> None:
        await self.real.expire_checkout_session(session_id, stripe_account=stripe_account)

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedRefund:
        created = await self.real.create_refund(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )
        assert self.payments is not None
        failed = await self.payments.stripe.refund(
            refund_id=created.refund_id,
            payment_intent=str(params["payment_intent"]),
            amount=int(params["amount"]),
            status="failed",
            failure_reason="lost_or_stolen_card",
            metadata=dict(params["metadata"]),
        )
        response = await self.payments.deliver(stripe_event("refund.failed", failed))
        self.webhook_status = response.status_code
        await asyncio.sleep(0.5)  # let the worker pick it up while the request is open
        return created


async def test_failure_reported_before_the_request_is_stored_is_kept(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = FailureReportedDuringRequest(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway) as payments:
        gateway.payments = payments
        intent = "pi_refund_fails_4"
        invoice_id, business_id, payment_id = await _paid_card_payment(payments, 8_000, intent)
        refund_id = await _request_refund(payments, business_id, payment_id, 8_000)
        assert gateway.webhook_status == 200
        await payments.settled()

        [reported] = await payments.events("payment.refund_failed", invoice_id)
        assert reported["data"]["refund_id"] == refund_id
        assert reported["data"]["failure_reason"] == "lost_or_stolen_card"
        body = await _payment_log(payments, invoice_id, business_id)
        [refund] = body["refunds"]
        assert (refund["status"], refund["amount"]) == ("failed", 8_000)
        assert refund["requested_at"] is not None
        assert body["payments"][0]["amount_refunded"] == 0
