"""Failed Stripe webhook processing alerts the operators with the error and the business's
admin with a notice without it, rate limited like dead letters."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from closeout.notifications.domain.rendering import RenderedMessage, render_webhook_failure_alert
from closeout.notifications.usecases.alerts import Alert, record_alert
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.kafka.consumer import Outcome
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot, webhook_failed_event
from support.notifications import (
    MakeSettings,
    Publish,
    build_app,
    consumer_of,
    handled,
    mail_settled,
)
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


async def _rows(database_url: str, sql: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(text(sql))).mappings()]
    finally:
        await engine.dispose()


async def test_failure_storm_gives_one_alert_per_recipient(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    ops = f"{unique('ops')}@example.com"
    # A day-long window: the storm cannot straddle two windows.
    settings = make_settings(ops_email=ops, alert_window_seconds=86_400)
    app = build_app(settings)
    business_id, invoice_id = unique("biz"), unique("inv")
    admin = f"{unique('admin')}@example.com"
    customer = f"{unique('x')}@example.com"
    issued = invoice_event(
        "invoice.issued", business_id, snapshot(invoice_id, customer), admin_email=admin
    )
    storm = [webhook_failed_event(business_id, invoice_id) for _ in range(5)]
    strangers = [webhook_failed_event(None, None, stripe_event_type="refund.failed")] * 2

    async with running(app):
        await publish(settings, issued)
        await handled(app, 1)
        for failed in storm:
            await publish(settings, failed)
        await publish(settings, storm[0])  # a redelivery adds nothing
        for failed in strangers:
            await publish(settings, failed)
        await handled(app, 1 + 6 + 2)

        [alert] = await wait_for_messages(infra.mailpit_api_url, admin)
        assert (
            alert["Subject"] == "Closeout: a Stripe event could not be processed (charge.refunded)"
        )
        first = storm[0].data
        for part in (alert["Text"], alert["HTML"]):
            assert first.stripe_event_id in part
            assert "INV-2026-000123" in part
            assert "next 1440 minutes" in part
            assert "NotYetKnown" not in part
            assert "no confirmed payment" not in part
            assert "/v1/ops/" not in part
        [ops_alert] = await wait_for_messages(infra.mailpit_api_url, ops)
        assert "charge.refunded" in ops_alert["Subject"]
        for part in (ops_alert["Text"], ops_alert["HTML"]):
            assert first.stripe_event_id in part
            assert "NotYetKnown: no confirmed payment for payment intent pi_123" in part
            assert "/v1/ops/webhook-events" in part

        await mail_settled(database_url)
        assert len(await messages_to(infra.mailpit_api_url, admin)) == 1
        assert len(await messages_to(infra.mailpit_api_url, ops)) == 1
        assert len(await messages_to(infra.mailpit_api_url, customer)) == 1  # the invoice only
    counted = await _rows(
        database_url, "SELECT business_id, occurrences FROM alert_windows ORDER BY business_id"
    )
    assert counted == [
        {"business_id": business_id, "occurrences": 5},
        {"business_id": "ops", "occurrences": 5 + 1},  # every one (the stranger came twice)
    ]


async def test_held_back_alerts_are_counted_into_the_next_windows_mail(
    make_settings: MakeSettings, database_url: str
) -> None:
    ops = f"{unique('ops')}@example.com"
    settings = make_settings(ops_email=ops, alert_window_seconds=60)
    engine = create_engine(database_url, pool_size=1)
    sessionmaker = create_sessionmaker(engine)

    def alert(n: int) -> Alert:
        def render(held_back: int) -> RenderedMessage:
            return render_webhook_failure_alert(
                stripe_event_type="charge.refunded",
                stripe_event_id=f"evt_{n}",
                error="boom",
                attempts=6,
                invoice_number=None,
                window_minutes=1,
                held_back=held_back,
            )

        return Alert(
            kind="webhook-failures",
            template="webhook_failed_admin",
            business_id=None,
            cause_event_id=f"cause-{n}",
            cause_event_type="payment.webhook_failed",
            render=render,
        )

    start = 60.0 * 1_000_000
    moments = [start + 1, start + 2, start + 30, start + 59, start + 61, start + 62, start + 300]
    recorded = []
    try:
        for n, now in enumerate(moments):
            async with sessionmaker() as session, session.begin():
                recorded.append(await record_alert(session, settings, alert(n), now=now))
    finally:
        await engine.dispose()
    assert recorded == [True, False, False, False, True, False, True]
    mails = await _rows(
        database_url, "SELECT cause_event_id, body_text FROM notifications ORDER BY cause_event_id"
    )
    assert [m["cause_event_id"] for m in mails] == ["cause-0", "cause-4", "cause-6"]
    assert "more Stripe event" not in mails[0]["body_text"]
    assert "3 more Stripe events failed" in mails[1]["body_text"]
    assert "1 more Stripe event failed" in mails[2]["body_text"]


async def test_no_ops_address_means_no_alert_and_no_dead_letter(
    make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    settings = make_settings(ops_email=None)
    app = build_app(settings)
    async with running(app):
        await publish(settings, webhook_failed_event(None, None))
        await handled(app, 1)
    assert consumer_of(app).counts[Outcome.DEAD_LETTERED] == 0
    assert await _rows(database_url, "SELECT id FROM notifications") == []
