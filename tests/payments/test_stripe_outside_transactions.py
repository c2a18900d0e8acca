"""A slow Stripe holds no transaction and no invoice lock: other requests go on meanwhile."""

import asyncio
from typing import Any

from payments.conftest import Payments, StartPayments, key_headers, new_ids
from payments.gateways import StallingStripe


async def _open_transactions(payments: Payments) -> list[dict[str, Any]]:
    return await payments.rows(
        "SELECT pid, state, query FROM pg_stat_activity"
        " WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
    )


async def test_checkout_waits_for_stripe_with_no_transaction_open(
    start_payments: StartPayments, infra: Any
) -> None:
    stripe = StallingStripe(infra.stripe_api_base)
    base = await stripe.start()
    try:
        async with start_payments(stripe_api_base=base, stripe_max_network_retries=0) as payments:
            invoice_id, business_id = new_ids()
            await payments.publish_invoice(
                invoice_id=invoice_id, business_id=business_id, total=8_000
            )
            checkout = asyncio.ensure_future(payments.checkout(invoice_id, business_id, 8_000))
            await asyncio.wait_for(stripe.connected.wait(), timeout=15)

            assert await _open_transactions(payments) == []
            # The same invoice's lock is free: an admin's confirmation goes through at once.
            confirmed = await asyncio.wait_for(
                payments.client.post(
                    f"/v1/invoices/{invoice_id}/payments/manual",
                    json={"amount": 2_000, "currency": "USD", "method": "cash"},
                    headers={**key_headers(business_id), "Idempotency-Key": "during-stripe"},
                ),
                timeout=10,
            )
            assert confirmed.status_code == 201, confirmed.text
            [attempt] = await payments.rows("SELECT status FROM checkout_attempts")
            assert attempt["status"] == "creating"
            assert not checkout.done()

            stripe.release.set()
            created = await asyncio.wait_for(checkout, timeout=20)
            assert created.status_code == 201, created.text
            [attempt] = await payments.rows("SELECT status FROM checkout_attempts")
            assert attempt["status"] == "open"
            assert len(await payments.events("payment.checkout_started", invoice_id)) == 1
    finally:
        await stripe.close()
