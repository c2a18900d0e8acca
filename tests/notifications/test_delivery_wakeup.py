"""The delivery worker drains a backlog without pausing between batches, and an idle worker
sends a newly recorded message at once instead of at its next poll (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from closeout.notifications.domain.outgoing import message_id_for
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NewNotification
from closeout.shared.db import create_engine, create_sessionmaker
from support.infra import Infra
from support.mailpit import wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, handled
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration

POLL_SECONDS = 30.0


async def sent_count(database_url: str, recipient: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            found = await conn.execute(
                text("SELECT count(*) FROM notifications WHERE recipient = :r AND status = 'sent'"),
                {"r": recipient},
            )
            return int(found.scalar_one())
    finally:
        await engine.dispose()


async def record_backlog(database_url: str, recipient: str, count: int) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for n in range(count):
                notification_id = unique("ntf")
                await repo.insert_notification(
                    session,
                    NewNotification(
                        id=notification_id,
                        dedupe_key=unique("backlog"),
                        business_id=unique("biz"),
                        invoice_id=None,
                        template="invoice",
                        channel="email",
                        recipient=recipient,
                        subject=f"Backlog message {n}",
                        body_text="hello",
                        body_html=None,
                        reply_to=None,
                        sender_name=None,
                        cause_event_id=unique("evt"),
                        cause_event_type="invoice.issued",
                        correlation_id=None,
                        status="pending",
                        last_error=None,
                        message_id=message_id_for(notification_id),
                        traceparent=None,
                        attachment=None,
                    ),
                )
    finally:
        await engine.dispose()


async def test_a_backlog_is_drained_batch_after_batch_without_waiting_for_the_poll(
    infra: Infra, make_settings: MakeSettings, database_url: str
) -> None:
    recipient = f"{unique('backlog')}@example.com"
    await record_backlog(database_url, recipient, 35)
    settings = make_settings(delivery_poll_seconds=POLL_SECONDS, delivery_batch_size=10)

    async with running(build_app(settings)):

        async def all_sent() -> bool:
            return await sent_count(database_url, recipient) == 35

        # The first round takes 10; the old worker then slept a whole poll (30 s).
        await eventually(all_sent, timeout=20, what="all 35 backlog messages sent")

    assert len(await wait_for_messages(infra.mailpit_api_url, recipient, 35)) == 35


async def test_a_message_recorded_while_the_worker_idles_is_sent_at_once(
    infra: Infra, make_settings: MakeSettings, database_url: str, publish: Publish
) -> None:
    settings = make_settings(delivery_poll_seconds=60.0)
    app = build_app(settings)
    customer = f"{unique('idle')}@example.com"
    issued = invoice_event("invoice.issued", unique("biz"), snapshot(unique("inv"), customer))

    async with running(app):
        await publish(settings, issued)
        await handled(app, 1)  # recorded and committed; the worker idles since startup

        async def sent() -> bool:
            return await sent_count(database_url, customer) == 1

        # The old worker was only woken by its poll, 60 s after startup.
        await eventually(sent, timeout=20, what="the new message sent before the next poll")

    [mail] = await wait_for_messages(infra.mailpit_api_url, customer)
    assert mail["Subject"].startswith("Invoice")
