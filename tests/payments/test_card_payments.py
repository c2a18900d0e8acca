"""Card payments end to end: checkout session, Stripe webhooks in any order, the ledger."""

import asyncio
import random

from support.payments import Payments, StartPayments, key_headers, new_ids, ops_headers
from support.stripe_events import stripe_event
from support.waiting import eventually


async def _checkout(payments: Payments, invoice_id: str, business_id: str, amount: int) -> str:
    response = await payments.checkout(invoice_id, business_id, amount)
    assert response.status_code == 201, response.text
    attempt_id: str = response.json()["attempt_id"]
    return attempt_id


async def test_checkout_session_is_created_once_per_open_balance(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    first = await payments.checkout(invoice_id, business_id, 12_500)
    again = await payments.checkout(invoice_id, business_id, 12_500)
    assert first.status_code == 201, first.text
    assert again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["url"].startswith("https://checkout.stripe.com/")

    started = await payments.events("payment.checkout_started", invoice_id)
    assert len(started) == 1
    assert started[0]["data"]["amount"] == 12_500
    assert started[0]["data"]["checkout_session_id"] == first.json()["checkout_session_id"]
    attempt = (await payments.rows("SELECT * FROM checkout_attempts"))[0]
    assert attempt["idempotency_key"] == f"checkout:{invoice_id}:12500:1"

    other = await payments.checkout(invoice_id, business_id, 9_000)  # balance changed
    assert other.status_code == 201
    assert other.json()["attempt_id"] != first.json()["attempt_id"]

    bad = await payments.checkout(invoice_id, business_id, -5)
    assert bad.status_code == 422
    admin = await payments.client.post(
        "/internal/v1/checkout-sessions", json={}, headers=key_headers(business_id)
    )
    assert admin.status_code == 403


async def test_every_event_three_times_shuffled_has_one_effect_each(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    attempt_id = await _checkout(payments, invoice_id, business_id, 10_000)
    intent = "pi_shuffled_1"
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=attempt_id,
        amount=10_000,
        payment_intent=intent,
    )
    refund_1 = await payments.stripe.charge(
        payment_intent=intent, amount=10_000, refunds=[("re_a", 3_000)]
    )
    refund_2 = await payments.stripe.charge(
        payment_intent=intent, amount=10_000, refunds=[("re_a", 3_000), ("re_b", 2_000)]
    )
    dispute_closed = await payments.stripe.dispute(
        payment_intent=intent, amount=5_000, status="won", dispute_id="dp_shuffled"
    )
    events = [
        stripe_event("checkout.session.completed", paid),
        stripe_event("checkout.session.async_payment_succeeded", paid),
        stripe_event("charge.refunded", refund_1),
        stripe_event("charge.refunded", refund_2),
        stripe_event("charge.dispute.closed", dispute_closed),
        stripe_event("invoice.finalized", {"id": "in_1", "object": "invoice"}),
    ]
    deliveries = [e for e in events for _ in range(3)]
    random.shuffle(deliveries)
    # Half concurrently, half one by one.
    half = len(deliveries) // 2
    responses = list(await asyncio.gather(*(payments.deliver(e) for e in deliveries[:half])))
    responses += [await payments.deliver(e) for e in deliveries[half:]]
    assert all(r.status_code == 200 for r in responses)
    await payments.settled()

    confirmed = await payments.events("payment.confirmed", invoice_id)
    assert len(confirmed) == 1
    assert confirmed[0]["data"]["amount"] == 10_000
    assert confirmed[0]["data"]["reference"] == intent
    assert confirmed[0]["data"]["method"] == "card"
    assert confirmed[0]["data"]["provider"] == "stripe"
    assert confirmed[0]["business_id"] == business_id
    refunded = await payments.events("payment.refunded", invoice_id)
    assert sorted((e["data"]["refund_id"], e["data"]["amount"]) for e in refunded) == [
        ("re_a", 3_000),
        ("re_b", 2_000),
    ]
    assert len(await payments.events("payment.dispute_closed", invoice_id)) == 1
    assert await payments.events("payment.processing", invoice_id) == []
    stored = await payments.rows("SELECT status FROM webhook_events")
    assert len(stored) == len(events)
    assert {r["status"] for r in stored} <= {"done", "ignored"}

    log = await payments.client.get(
        f"/v1/invoices/{invoice_id}/payments", headers=key_headers(business_id)
    )
    assert log.status_code == 200
    body = log.json()
    assert [p["amount_refunded"] for p in body["payments"]] == [5_000]
    kinds = [e["kind"] for e in body["entries"]]
    assert kinds.count("confirmed") == 1
    assert kinds.count("refunded") == 2
    assert kinds.count("checkout_started") == 1
    assert all(e["occurred_at"] for e in body["entries"])
    stranger = await payments.client.get(
        f"/v1/invoices/{invoice_id}/payments", headers=key_headers("biz-other")
    )
    assert stranger.status_code == 404


async def test_async_payment_processing_then_succeeded(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    attempt_id = await _checkout(payments, invoice_id, business_id, 7_700)
    unpaid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=attempt_id,
        amount=7_700,
        payment_status="unpaid",
        method="us_bank_account",
        payment_intent="pi_async_1",
    )
    assert (
        await payments.deliver(stripe_event("checkout.session.completed", unpaid))
    ).status_code == 200
    await payments.settled()
    processing = await payments.events("payment.processing", invoice_id)
    assert len(processing) == 1
    assert processing[0]["data"]["method"] == "bank_transfer"
    assert await payments.events("payment.confirmed", invoice_id) == []  # not money yet

    succeeded = dict(unpaid, payment_status="paid")
    await payments.deliver(stripe_event("checkout.session.async_payment_succeeded", succeeded))
    await payments.deliver(stripe_event("checkout.session.async_payment_succeeded", succeeded))
    await payments.settled()
    confirmed = await payments.events("payment.confirmed", invoice_id)
    assert len(confirmed) == 1
    assert confirmed[0]["data"]["payment_id"] == processing[0]["data"]["payment_id"]
    assert confirmed[0]["data"]["amount"] == 7_700
    attempt = await payments.rows("SELECT status FROM checkout_attempts")
    assert attempt == [{"status": "paid"}]


async def test_failure_then_success_on_a_new_attempt(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    first_attempt = await _checkout(payments, invoice_id, business_id, 4_000)
    failed_session = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=first_attempt,
        amount=4_000,
        payment_status="unpaid",
        payment_intent="pi_fail_1",
        method="sepa_debit",
    )
    metadata = failed_session["metadata"]
    declined = await payments.stripe.failed_intent(
        payment_intent="pi_fail_1", metadata=metadata, message="Insufficient funds"
    )
    await payments.deliver(stripe_event("checkout.session.async_payment_failed", failed_session))
    # The same failure reported again, by the payment intent.
    await payments.deliver(stripe_event("payment_intent.payment_failed", declined))
    await payments.settled()
    failed = await payments.events("payment.failed", invoice_id)
    assert len(failed) == 1
    assert failed[0]["data"]["failure_reason"]
    assert failed[0]["data"]["attempt_id"] == first_attempt

    second = await payments.checkout(invoice_id, business_id, 4_000)
    assert second.status_code == 201
    second_attempt = second.json()["attempt_id"]
    assert second_attempt != first_attempt
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=second_attempt,
        amount=4_000,
        payment_intent="pi_ok_2",
    )
    await payments.deliver(stripe_event("checkout.session.completed", paid))
    await payments.settled()
    confirmed = await payments.events("payment.confirmed", invoice_id)
    assert len(confirmed) == 1
    assert confirmed[0]["data"]["attempt_id"] == second_attempt
    statuses = await payments.rows(
        "SELECT attempt_no, status FROM checkout_attempts ORDER BY attempt_no"
    )
    assert statuses == [{"attempt_no": 1, "status": "failed"}, {"attempt_no": 2, "status": "paid"}]


async def test_partial_refund_through_stripe_applies_on_charge_refunded(
    payments: Payments,
) -> None:
    invoice_id, business_id = new_ids()
    attempt_id = await _checkout(payments, invoice_id, business_id, 20_000)
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=attempt_id,
        amount=20_000,
        payment_intent="pi_refund_1",
    )
    await payments.deliver(stripe_event("checkout.session.completed", paid))
    await payments.settled()
    payment_id = (await payments.events("payment.confirmed", invoice_id))[0]["data"]["payment_id"]
    admin = key_headers(business_id)

    too_much = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds", json={"amount": 20_001}, headers=admin
    )
    assert too_much.status_code == 422
    assert "at most 20000" in too_much.json()["detail"]
    stranger = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds", json={"amount": 100}, headers=key_headers("biz-x")
    )
    assert stranger.status_code == 404

    started = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds", json={"amount": 6_000}, headers=admin
    )
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "requested"
    refund_id = started.json()["refund_id"]
    assert refund_id.startswith("re_")
    assert await payments.events("payment.refunded", invoice_id) == []  # not until Stripe says

    charge = await payments.stripe.charge(
        payment_intent="pi_refund_1", amount=20_000, refunds=[(refund_id, 6_000)]
    )
    for _ in range(3):
        await payments.deliver(stripe_event("charge.refunded", charge))
    await payments.settled()
    refunded = await payments.events("payment.refunded", invoice_id)
    assert [(e["data"]["refund_id"], e["data"]["amount"]) for e in refunded] == [(refund_id, 6_000)]
    entries = await payments.rows(
        "SELECT kind, amount FROM ledger_entries WHERE kind LIKE 'refund%'"
    )
    assert sorted((e["kind"], e["amount"]) for e in entries) == [
        ("refund_requested", 6_000),
        ("refunded", 6_000),
    ]
    rest = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds", json={"amount": 14_001}, headers=admin
    )
    assert rest.status_code == 422


async def test_disputes_open_and_close_once(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    attempt_id = await _checkout(payments, invoice_id, business_id, 3_000)
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=attempt_id,
        amount=3_000,
        payment_intent="pi_dispute_1",
    )
    await payments.deliver(stripe_event("checkout.session.completed", paid))
    opened = await payments.stripe.dispute(
        payment_intent="pi_dispute_1", amount=3_000, status="needs_response", dispute_id="dp_1"
    )
    closed = dict(opened, status="lost")
    for evt in [
        stripe_event("charge.dispute.created", opened),
        stripe_event("charge.dispute.closed", closed),
    ]:
        await payments.deliver(evt)
        await payments.deliver(evt)
    await payments.settled()
    disputed = await payments.events("payment.disputed", invoice_id)
    assert [(e["data"]["dispute_id"], e["data"]["amount"]) for e in disputed] == [("dp_1", 3_000)]
    resolved = await payments.events("payment.dispute_closed", invoice_id)
    assert [e["data"]["dispute_status"] for e in resolved] == ["lost"]


async def test_failed_processing_is_listed_and_replayable(start_payments: StartPayments) -> None:
    # Waiting for a confirmation is re-checked at once here, so it gives up quickly.
    async with start_payments(webhook_max_attempts=2, webhook_wait_recheck_seconds=0.2) as payments:
        invoice_id, business_id = new_ids()
        charge = await payments.stripe.charge(
            payment_intent="pi_not_yet", amount=1_000, refunds=[("re_early", 1_000)]
        )
        early = stripe_event("charge.refunded", charge)
        await payments.deliver(early)

        async def failed() -> list[dict[str, object]]:
            response = await payments.client.get(
                "/v1/ops/webhook-events?status=failed", headers=ops_headers()
            )
            rows: list[dict[str, object]] = response.json()
            return rows

        listed = await eventually(failed, what="event marked failed")
        assert listed[0]["event_id"] == early["id"]
        assert "pi_not_yet" in str(listed[0]["last_error"])
        assert listed[0]["attempts"] == 2
        admin = await payments.client.get(
            "/v1/ops/webhook-events?status=failed", headers=key_headers(business_id)
        )
        assert admin.status_code == 403

        attempt_id = await _checkout(payments, invoice_id, business_id, 1_000)
        paid = await payments.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=attempt_id,
            amount=1_000,
            payment_intent="pi_not_yet",
        )
        await payments.deliver(stripe_event("checkout.session.completed", paid))
        replay = await payments.client.post(
            f"/v1/ops/webhook-events/{early['id']}/replay", headers=ops_headers()
        )
        assert replay.status_code == 202
        await payments.settled()
        refunded = await payments.events("payment.refunded", invoice_id)
        assert [e["data"]["amount"] for e in refunded] == [1_000]
        assert await failed() == []
