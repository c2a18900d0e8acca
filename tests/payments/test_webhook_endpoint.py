"""The public webhook endpoint: signatures, limits, storing each Stripe event once."""

import asyncio
import time

from support.payments import WEBHOOK_SECRET, Payments, new_ids, ops_headers
from support.stripe_events import encode, sign, stripe_event


async def test_rejects_unsigned_forged_stale_future_and_stores_nothing(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    obj = await payments.stripe.session(
        invoice_id=invoice_id, business_id=business_id, attempt_id=None, amount=1000
    )
    evt = stripe_event("checkout.session.completed", obj)
    payload = encode(evt)
    now = int(time.time())
    bad_headers = {
        "missing": {},
        "forged": {"Stripe-Signature": sign(payload, "whsec_attacker")},
        "stale": {"Stripe-Signature": sign(payload, WEBHOOK_SECRET, timestamp=now - 301)},
        "future": {"Stripe-Signature": sign(payload, WEBHOOK_SECRET, timestamp=now + 310)},
        "tampered": {"Stripe-Signature": sign(payload + b" ", WEBHOOK_SECRET)},
    }
    for name, headers in bad_headers.items():
        response = await payments.client.post("/webhooks/stripe", content=payload, headers=headers)
        assert response.status_code == 400, name
        assert response.json()["detail"]

    not_json = b"<xml/>"
    response = await payments.client.post(
        "/webhooks/stripe",
        content=not_json,
        headers={"Stripe-Signature": sign(not_json, WEBHOOK_SECRET)},
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]

    huge = b'{"id":"evt_x","type":"x","pad":"' + b"a" * 300_000 + b'"}'
    response = await payments.client.post(
        "/webhooks/stripe", content=huge, headers={"Stripe-Signature": sign(huge, WEBHOOK_SECRET)}
    )
    assert response.status_code == 413

    assert await payments.rows("SELECT * FROM webhook_events") == []
    assert await payments.rows("SELECT * FROM outbox") == []
    counts = (await payments.client.get("/v1/ops/webhook-rejections", headers=ops_headers())).json()
    assert sum(counts.values()) == 6


async def test_concurrent_duplicate_deliveries_store_once_and_unknown_types_are_acknowledged(
    payments: Payments,
) -> None:
    evt = stripe_event("customer.created", {"id": "cus_123", "object": "customer"})
    responses = await asyncio.gather(*(payments.deliver(evt) for _ in range(8)))
    assert [r.status_code for r in responses] == [200] * 8
    assert sorted(r.json()["duplicate"] for r in responses) == [False] + [True] * 7
    await payments.settled()
    rows = await payments.rows("SELECT status, outcome FROM webhook_events")
    assert rows == [{"status": "ignored", "outcome": "unhandled event type"}]
