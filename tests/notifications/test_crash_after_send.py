"""A crash after the SMTP server took a mail but before it was recorded: at-least-once.

The database refuses, once, to record the send (a trigger, as if the process died before its
commit). The worker's transaction rolls back, the message is still pending and is sent again:
the mailbox holds two copies with the same Message-ID, which is how the receiving side can tell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from closeout.notifications.settings import NotificationsSettings
from support.infra import Infra
from support.mailpit import wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import Publish, admin_headers, build_app
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration

CRASH_ONCE_BEFORE_RECORDING_A_SEND = """
CREATE SEQUENCE record_attempts;
CREATE FUNCTION crash_once_before_recording() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A sequence survives the rollback, so only the first recording attempt fails.
    IF NEW.status = 'sent' AND nextval('record_attempts') = 1 THEN
        RAISE EXCEPTION 'simulated crash between the SMTP accept and the commit';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER crash_once_before_recording BEFORE UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION crash_once_before_recording();
"""


def plain_url(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def test_a_crash_before_recording_resends_with_the_same_message_id(
    infra: Infra,
    database_url: str,
    make_settings: Callable[..., NotificationsSettings],
    publish: Publish,
) -> None:
    db = await asyncpg.connect(plain_url(database_url))
    try:
        await db.execute(CRASH_ONCE_BEFORE_RECORDING_A_SEND)
        settings = make_settings()
        business_id, customer = unique("biz"), f"{unique('x')}@example.com"
        async with running(build_app(settings)) as client:
            event = invoice_event("invoice.issued", business_id, snapshot(unique("inv"), customer))
            await publish(settings, event)

            async def sent() -> dict[str, Any]:
                response = await client.get("/v1/notifications", headers=admin_headers(business_id))
                items: list[dict[str, Any]] = response.json()["items"]
                return items[0] if items and items[0]["status"] == "sent" else {}

            item = await eventually(sent, what="the message recorded as sent")
            mails = await wait_for_messages(infra.mailpit_api_url, customer, count=2)
        record_attempts = await db.fetchval("SELECT last_value FROM record_attempts")
    finally:
        await db.close()

    assert record_attempts == 2  # the first recording failed, the second stuck
    assert item["attempts"] == 1  # the failed attempt's bookkeeping was rolled back with it
    assert len(mails) == 2
    assert {m["MessageID"] for m in mails} == {item["message_id"].strip("<>")}
