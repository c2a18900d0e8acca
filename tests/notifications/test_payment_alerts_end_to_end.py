"""Payments and notifications together on real Kafka, Postgres, Mailpit and stripe-mock: a Stripe
event payments gives up on, and a refund that fails at Stripe, each reach the admin once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from closeout.payments.app import create_app as create_payments_app
from closeout.payments.settings import PaymentsSettings
from closeout.shared.db import create_engine
from support.api_keys import serve_keys_from
from support.databases import create_migrated_database
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, handled, mail_settled
from support.payments import AUTH_SECRET, WEBHOOK_SECRET, Payments, key_headers
from support.services import running
from support.stripe_events import StripeObjects, stripe_event
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration

PAYMENTS_MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/payments/src/closeout/payments/migrations"
)


@pytest.fixture
async def payments_database_url(infra: Infra) -> str:
    url = await create_migrated_database(infra.postgres_url, "payments", PAYMENTS_MIGRATIONS)
    return serve_keys_from("payments", url)


async def _start_payments(
    stack: AsyncExitStack, infra: Infra, database_url: str, topic_prefix: str
) -> Payments:
    settings = PaymentsSettings(
        database_url=database_url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=topic_prefix,
        kafka_topic_partitions=1,
        auth_secret=AUTH_SECRET,
        stripe_api_base=infra.stripe_api_base,
        stripe_webhook_secret=WEBHOOK_SECRET,
        webhook_poll_seconds=0.2,
        webhook_retry_base_seconds=0.1,
        webhook_max_attempts=3,
        webhook_wait_recheck_seconds=0.2,  # refunds of unknown payments give up in a second
        reconcile_enabled=False,
        outbox_poll_seconds=0.2,
        log_json=False,
        log_level="WARNING",
    )
    app = create_payments_app(settings)
    engine = create_engine(database_url, pool_size=2)
    stack.push_async_callback(engine.dispose)
    client = await stack.enter_async_context(running(app))
    return Payments(app, client, settings, engine, StripeObjects(infra.stripe_api_base), infra)


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as exit_stack:
        yield exit_stack


async def test_failed_webhooks_and_a_failed_refund_alert_the_admin_once(
    infra: Infra,
    make_settings: MakeSettings,
    publish: Publish,
    payments_database_url: str,
    database_url: str,
    stack: AsyncExitStack,
) -> None:
    ops = f"{unique('ops')}@example.com"
    settings = make_settings(ops_email=ops, alert_window_seconds=86_400)
    notifications = build_app(settings)
    await stack.enter_async_context(running(notifications))
    payments = await _start_payments(
        stack, infra, payments_database_url, settings.kafka_topic_prefix
    )
    business_id, invoice_id = unique("biz"), unique("inv")
    admin = f"{unique('admin')}@example.com"
    customer = f"{unique('x')}@example.com"
    await publish(
        settings,
        invoice_event(
            "invoice.issued", business_id, snapshot(invoice_id, customer), admin_email=admin
        ),
    )
    await handled(notifications, 1)

    # A card payment, a refund asked for, and Stripe's news that the refund failed: three
    # reports of it, each delivered three times.
    checkout = await payments.checkout(invoice_id, business_id, 123_400)
    assert checkout.status_code == 201, checkout.text
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=checkout.json()["attempt_id"],
        amount=123_400,
        payment_intent="pi_e2e_refund",
    )
    await payments.deliver(stripe_event("checkout.session.completed", paid))
    await payments.settled()
    [confirmed] = await payments.events("payment.confirmed", invoice_id)
    payment_id = confirmed["data"]["payment_id"]
    refund = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount": 6_000},
        headers=key_headers(business_id),
    )
    assert refund.status_code == 202, refund.text
    failed = await payments.stripe.refund(
        refund_id=refund.json()["refund_id"],
        payment_intent="pi_e2e_refund",
        amount=6_000,
        status="failed",
        failure_reason="lost_or_stolen_card",
        metadata={"invoice_id": invoice_id, "business_id": business_id, "payment_id": payment_id},
    )
    for event_type in ("charge.refund.updated", "refund.updated", "refund.failed"):
        report = stripe_event(event_type, failed)
        for _ in range(3):
            await payments.deliver(report)
    await payments.settled()

    [refund_alert] = await wait_for_messages(infra.mailpit_api_url, admin)
    assert refund_alert["Subject"] == (
        "Refund failed on invoice INV-2026-000123 — $60.00 not returned"
    )
    assert "the card was reported lost or stolen" in refund_alert["Text"]

    # Stripe events about this invoice that keep failing: a storm of four.
    storm = []
    for n in range(4):
        charge = await payments.stripe.charge(
            payment_intent=f"pi_e2e_unknown_{n}", amount=1_000, refunds=[(f"re_e2e_{n}", 1_000)]
        )
        charge["metadata"] = {"invoice_id": invoice_id, "business_id": business_id}
        storm.append(stripe_event("charge.refunded", charge))
    for failing in storm:
        await payments.deliver(failing)

    async def all_given_up() -> bool:
        return len(await payments.events("payment.webhook_failed")) == len(storm)

    await eventually(all_given_up, what="every failing event given up on")
    await handled(notifications, 1 + 1 + len(storm))
    mails = await wait_for_messages(infra.mailpit_api_url, admin, count=2)
    subjects = sorted(m["Subject"] for m in mails)
    assert subjects == [
        "Closeout: a Stripe event could not be processed (charge.refunded)",
        "Refund failed on invoice INV-2026-000123 — $60.00 not returned",
    ]
    notice = next(m for m in mails if m["Subject"].startswith("Closeout:"))
    assert storm[0]["id"] in notice["Text"]
    assert "INV-2026-000123" in notice["Text"]

    await mail_settled(database_url)
    assert len(await messages_to(infra.mailpit_api_url, admin)) == 2
    # The operators get the error itself; the admin's notice never shows it.
    [ops_alert] = await messages_to(infra.mailpit_api_url, ops)
    assert storm[0]["id"] in ops_alert["Text"]
    [error] = [line for line in ops_alert["Text"].splitlines() if line.startswith("Error: ")]
    assert error.removeprefix("Error: ").strip()
    assert error.removeprefix("Error: ").strip() not in notice["Text"] + notice["HTML"]
    to_customer = await messages_to(infra.mailpit_api_url, customer)
    assert [m["Subject"].startswith("Invoice ") for m in to_customer] == [True]
