"""A slow Stripe holds no transaction and no invoice lock: other requests go on meanwhile."""

import asyncio
from typing import Any

from sqlalchemy import text

from closeout.payments.storage import repository as repo
from closeout.shared.db import create_sessionmaker
from payments.gateways import StallingStripe
from support.payments import Payments, StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event


async def _open_transactions(payments: Payments) -> list[dict[str, Any]]:
    """Transactions of this service holding an invoice lock, or left open on the payments
    tables (the shared outbox relay's and the webhook worker's short polling transactions are
    not the subject here: they can be caught between two of their statements)."""
    return await payments.rows(
        "SELECT a.pid, a.state, a.query FROM pg_stat_activity a"
        " WHERE a.datname = current_database() AND ("
        "   a.pid IN (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted)"
        "   OR (a.state LIKE 'idle in transaction%' AND a.query NOT ILIKE '%outbox%'"
        "       AND a.query NOT ILIKE '%FROM webhook_events%'"
        "       AND a.query NOT ILIKE 'BEGIN%' AND a.query <> ';'))"
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


async def test_card_refund_waits_for_stripe_with_no_transaction_open(
    start_payments: StartPayments, infra: Any
) -> None:
    stripe = StallingStripe(infra.stripe_api_base)
    base = await stripe.start()
    stripe.release.set()  # the checkout goes through at once
    try:
        async with start_payments(stripe_api_base=base, stripe_max_network_retries=0) as payments:
            invoice_id, business_id = new_ids()
            created = await payments.checkout(invoice_id, business_id, 8_000)
            assert created.status_code == 201, created.text
            intent = "pi_refund_stalls_1"
            paid = await payments.stripe.session(
                invoice_id=invoice_id,
                business_id=business_id,
                attempt_id=created.json()["attempt_id"],
                amount=8_000,
                payment_intent=intent,
            )
            await payments.deliver(stripe_event("checkout.session.completed", paid))
            await payments.settled()
            [confirmed] = await payments.events("payment.confirmed", invoice_id)

            stripe.hold()
            refund = asyncio.ensure_future(
                payments.client.post(
                    f"/v1/payments/{confirmed['data']['payment_id']}/refunds",
                    json={"amount": 3_000},
                    headers=key_headers(business_id),
                )
            )
            await asyncio.wait_for(stripe.connected.wait(), timeout=15)
            assert await _open_transactions(payments) == []
            # Stripe's dispute webhook for the same invoice is applied meanwhile.
            dispute = await payments.stripe.dispute(
                payment_intent=intent, amount=8_000, status="needs_response", dispute_id="dp_st_1"
            )
            await payments.deliver(stripe_event("charge.dispute.created", dispute))
            await payments.settled(timeout=10)
            assert len(await payments.events("payment.disputed", invoice_id)) == 1
            assert not refund.done()

            stripe.release.set()
            answered = await asyncio.wait_for(refund, timeout=20)
            assert answered.status_code == 202, answered.text
            assert answered.json()["status"] == "requested"
    finally:
        await stripe.close()


async def test_money_transactions_have_lock_and_statement_timeouts(payments: Payments) -> None:
    async with create_sessionmaker(payments.engine)() as session, session.begin():
        await repo.lock_invoice(session, "inv-timeouts")
        lock = (await session.execute(text("SHOW lock_timeout"))).scalar_one()
        statement = (await session.execute(text("SHOW statement_timeout"))).scalar_one()
    assert (lock, statement) == ("10s", "30s")
