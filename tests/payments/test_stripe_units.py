"""Stripe's currency units end to end against stripe-mock: what goes out, what comes back."""

from typing import Any

from closeout.payments.adapters.stripe_gateway import StripeClientGateway
from payments.gateways import Recording
from support.payments import StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event


async def test_an_isk_invoice_is_charged_and_recorded_in_whole_kronur(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway) as payments:
        invoice_id, business_id = new_ids()
        created = await payments.checkout(invoice_id, business_id, 50_000, "ISK")
        assert created.status_code == 201, created.text  # stripe-mock took the amount
        [price] = [item["price_data"] for item in gateway.sessions[0]["line_items"]]
        # ISK 50,000 is 5,000,000 in Stripe's (two-decimal) unit, not 50,000 (ISK 500).
        assert (price["unit_amount"], price["currency"]) == (5_000_000, "isk")

        intent = "pi_isk_units_1"
        paid = await payments.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=created.json()["attempt_id"],
            amount=5_000_000,
            currency="isk",
            payment_intent=intent,
        )
        assert (
            await payments.deliver(stripe_event("checkout.session.completed", paid))
        ).status_code == 200
        await payments.settled()
        [confirmed] = await payments.events("payment.confirmed", invoice_id)
        assert (confirmed["data"]["amount"], confirmed["data"]["currency"]) == (50_000, "ISK")

        refund = await payments.client.post(
            f"/v1/payments/{confirmed['data']['payment_id']}/refunds",
            json={"amount": 20_000},
            headers=key_headers(business_id),
        )
        assert refund.status_code == 202, refund.text
        assert refund.json()["amount"] == 20_000
        assert gateway.refunds[0]["amount"] == 2_000_000
        charge = await payments.stripe.charge(
            payment_intent=intent,
            amount=5_000_000,
            refunds=[(refund.json()["refund_id"], 2_000_000)],
            currency="isk",
        )
        assert (await payments.deliver(stripe_event("charge.refunded", charge))).status_code == 200
        await payments.settled()
        [refunded] = await payments.events("payment.refunded", invoice_id)
        assert refunded["data"]["amount"] == 20_000
        [payment] = await payments.rows("SELECT amount, amount_refunded FROM payments")
        assert payment == {"amount": 50_000, "amount_refunded": 20_000}


async def test_a_checkout_stripe_cannot_take_is_refused_before_calling_stripe(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway) as payments:
        invoice_id, business_id = new_ids()
        refused = await payments.checkout(invoice_id, business_id, 1_005, "KWD")
        assert refused.status_code == 422
        assert "card payment is not possible" in refused.json()["detail"]
        assert "steps of 10" in refused.json()["detail"]
        too_big = await payments.checkout(invoice_id, business_id, 1_000_000, "ISK")
        assert too_big.status_code == 422
        assert gateway.sessions == []
        assert await payments.rows("SELECT * FROM checkout_attempts") == []

        taken = await payments.checkout(invoice_id, business_id, 1_010, "KWD")
        assert taken.status_code == 201, taken.text
        assert gateway.sessions[0]["line_items"][0]["price_data"]["unit_amount"] == 1_010
