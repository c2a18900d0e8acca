"""Open Checkout sessions of a paid, voided or changed invoice are expired at Stripe, and manual
confirmations count the payments recorded here."""

from typing import Any

from closeout.payments.adapters.stripe_gateway import StripeClientGateway
from payments.gateways import Recording
from support.payments import Payments, StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event
from support.waiting import eventually


async def _attempt_status(payments: Payments, attempt_id: str) -> str:
    [row] = await payments.rows(
        "SELECT status FROM checkout_attempts WHERE attempt_id = :a", a=attempt_id
    )
    return str(row["status"])


async def _expired(payments: Payments, attempt_id: str) -> None:
    async def done() -> bool:
        return await _attempt_status(payments, attempt_id) == "expired"

    await eventually(done, what=f"attempt {attempt_id} expired")


async def test_sessions_are_expired_when_the_balance_changes_and_when_paid_or_voided(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway, checkout_expiry_poll_seconds=0.2) as payments:
        invoice_id, business_id = new_ids()
        await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=10_000)
        first = await payments.checkout(invoice_id, business_id, 10_000)
        assert first.status_code == 201, first.text
        first_attempt = first.json()["attempt_id"]

        # Another invoice event with the same balance leaves the session alone...
        await payments.publish_invoice(
            invoice_id=invoice_id, business_id=business_id, total=10_000, version=2
        )
        # ...a new balance (6,000 paid by bank transfer at invoicing) expires it.
        await payments.publish_invoice(
            invoice_id=invoice_id,
            business_id=business_id,
            total=10_000,
            amount_due=6_000,
            status="partially_paid",
            version=3,
        )
        await _expired(payments, first_attempt)
        assert gateway.expired == [first.json()["checkout_session_id"]]
        log = await payments.client.get(
            f"/v1/invoices/{invoice_id}/payments", headers=key_headers(business_id)
        )
        [entry] = [e for e in log.json()["entries"] if e["kind"] == "checkout_expired"]
        assert entry["detail"] == "balance changed to 6000"

        second = await payments.checkout(invoice_id, business_id, 6_000)
        assert second.status_code == 201, second.text
        assert second.json()["attempt_id"] != first_attempt
        await payments.publish_invoice(
            invoice_id=invoice_id,
            business_id=business_id,
            total=10_000,
            amount_due=0,
            status="paid",
            version=4,
        )
        await _expired(payments, second.json()["attempt_id"])
        assert len(gateway.expired) == 2

        voided, _ = new_ids()
        await payments.publish_invoice(invoice_id=voided, business_id=business_id, total=3_000)
        third = await payments.checkout(voided, business_id, 3_000)
        assert third.status_code == 201, third.text
        await payments.publish_invoice(
            invoice_id=voided, business_id=business_id, total=3_000, status="void", version=2
        )
        await _expired(payments, third.json()["attempt_id"])
        assert len(gateway.expired) == 3


async def test_manual_confirmation_counts_card_payments_invoicing_has_not_seen(
    payments: Payments,
) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=10_000)
    created = await payments.checkout(invoice_id, business_id, 10_000)
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=created.json()["attempt_id"],
        amount=7_000,
        payment_intent="pi_counted_1",
    )
    assert (
        await payments.deliver(stripe_event("checkout.session.completed", paid))
    ).status_code == 200
    await payments.settled()
    assert len(await payments.events("payment.confirmed", invoice_id)) == 1

    # The projection still says 10,000 due: payments' own record says 3,000.
    url = f"/v1/invoices/{invoice_id}/payments/manual"
    body = {"amount": 10_000, "currency": "USD", "method": "cash"}
    admin = {**key_headers(business_id), "Idempotency-Key": "cash-1"}
    too_much = await payments.client.post(url, json=body, headers=admin)
    assert too_much.status_code == 422
    assert "3000" in too_much.json()["detail"]
    exact = await payments.client.post(url, json={**body, "amount": 3_000}, headers=admin)
    assert exact.status_code == 201, exact.text
    again = await payments.client.post(
        url, json={**body, "amount": 1}, headers={**admin, "Idempotency-Key": "cash-2"}
    )
    assert again.status_code == 422
