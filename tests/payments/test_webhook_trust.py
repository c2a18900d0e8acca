"""Whose Stripe event is it: Connect accounts and metadata are checked against our records."""

from typing import Any

from support.payments import Payments, new_ids
from support.stripe_events import stripe_event
from support.waiting import eventually


async def _status(payments: Payments, event_id: str) -> dict[str, Any]:
    async def stored() -> list[dict[str, Any]]:
        return await payments.rows(
            "SELECT status, outcome FROM webhook_events"
            " WHERE event_id = :e AND status <> 'pending'",
            e=event_id,
        )

    [found] = await eventually(stored, what=f"event {event_id} processed")
    return found


async def test_connect_events_from_another_account_are_rejected(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    own_account = await payments.connect_account(business_id)
    created = await payments.checkout(invoice_id, business_id, 9_000)
    assert created.status_code == 201, created.text
    attempt_id = created.json()["attempt_id"]
    intent = "pi_connect_check_1"
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=attempt_id,
        amount=9_000,
        payment_intent=intent,
    )
    for account in ("acct_1SomeoneElse", None):
        evt = stripe_event("checkout.session.completed", paid)
        if account:
            evt["account"] = account
        assert (await payments.deliver(evt)).status_code == 200
        row = await _status(payments, evt["id"])
        assert row["status"] == "rejected", row
        assert "account" in row["outcome"]
    assert await payments.events("payment.confirmed", invoice_id) == []

    own = dict(stripe_event("checkout.session.completed", paid), account=own_account)
    assert (await payments.deliver(own)).status_code == 200
    assert (await _status(payments, own["id"]))["status"] == "done"
    assert len(await payments.events("payment.confirmed", invoice_id)) == 1

    # A refund of that payment reported by another account changes nothing either.
    charge = await payments.stripe.charge(
        payment_intent=intent, amount=9_000, refunds=[("re_connect_1", 9_000)]
    )
    foreign = dict(stripe_event("charge.refunded", charge), account="acct_1SomeoneElse")
    assert (await payments.deliver(foreign)).status_code == 200
    assert (await _status(payments, foreign["id"]))["status"] == "rejected"
    assert await payments.events("payment.refunded", invoice_id) == []


async def test_metadata_naming_another_business_is_rejected_not_trusted(
    payments: Payments,
) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=4_000)
    forged = await payments.stripe.session(
        invoice_id=invoice_id, business_id="biz-intruder", attempt_id=None, amount=4_000
    )
    evt = stripe_event("checkout.session.completed", forged)
    assert (await payments.deliver(evt)).status_code == 200
    row = await _status(payments, evt["id"])
    assert row["status"] == "rejected"
    assert "business" in row["outcome"]
    assert await payments.rows("SELECT * FROM payments") == []

    # Without an attempt, the business comes from our own invoice records.
    honest = await payments.stripe.session(
        invoice_id=invoice_id, business_id=business_id, attempt_id=None, amount=4_000
    )
    evt = stripe_event("checkout.session.completed", honest)
    assert (await payments.deliver(evt)).status_code == 200
    assert (await _status(payments, evt["id"]))["status"] == "done"
    [confirmed] = await payments.events("payment.confirmed", invoice_id)
    assert confirmed["business_id"] == business_id


async def test_a_failed_intent_of_an_attempt_we_do_not_know_is_recorded(
    payments: Payments,
) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=7_000)
    intent = await payments.stripe.failed_intent(
        payment_intent="pi_unknown_attempt_1",
        metadata={
            "invoice_id": invoice_id,
            "business_id": business_id,
            "attempt_id": "att_never_created_here",
        },
        message="Your card has insufficient funds.",
    )
    intent.update(amount=7_000, currency="usd")
    evt = stripe_event("payment_intent.payment_failed", intent)
    assert (await payments.deliver(evt)).status_code == 200
    row = await _status(payments, evt["id"])
    assert row["status"] == "done", row
    [failed] = await payments.events("payment.failed", invoice_id)
    assert (failed["data"]["amount"], failed["data"]["currency"]) == (7_000, "USD")
    assert failed["data"]["failure_reason"] == "Your card has insufficient funds."
