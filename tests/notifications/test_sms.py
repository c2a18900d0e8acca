"""SMS through a provider speaking Twilio's Messages API: a stand-in served over real HTTP
(`support.sms_provider`), with real Kafka and Postgres behind the service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
import pytest

from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import InvoiceSnapshot
from support.notification_events import invoice_event, snapshot
from support.notifications import (
    MakeSettings,
    Publish,
    admin_headers,
    build_app,
    handled,
    mail_settled,
    sms_settings,
)
from support.services import running
from support.sms_provider import SENDER, Answer, StandInSmsProvider, sms_provider
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


@pytest.fixture
async def provider() -> AsyncIterator[StandInSmsProvider]:
    async with sms_provider() as stand_in:
        yield stand_in


def phone_number() -> str:
    """A number no other test uses, as the provider takes it (E.164)."""
    return "+1555" + str(int(unique("n").split("-")[1], 16))[-7:].rjust(7, "0")


def invoice_for(phone: str, *, consent: bool, email: bool = True) -> InvoiceSnapshot:
    address = f"{unique('x')}@example.com"
    invoice = snapshot(unique("inv"), address)
    customer = Customer(
        name="Jordan Lee", email=address if email else None, phone=phone, sms_consent=consent
    )
    return invoice.model_copy(update={"customer": customer})


async def notifications_of(
    client: httpx.AsyncClient, business_id: str, **params: str
) -> list[dict[str, Any]]:
    response = await client.get(
        "/v1/notifications", params=params, headers=admin_headers(business_id)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def sms_of(client: httpx.AsyncClient, business_id: str, status: str) -> dict[str, Any]:
    """The business's one SMS once it has `status`."""

    async def probe() -> dict[str, Any]:
        items = [i for i in await notifications_of(client, business_id) if i["channel"] == "sms"]
        return items[0] if items and items[0]["status"] == status else {}

    # Generous: the shared machine can be slow to start the consumer.
    return await eventually(probe, timeout=60, what=f"the SMS {status}")


async def test_an_invoice_for_a_consenting_customer_goes_by_sms_once(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    app = build_app(settings)
    business_id, phone = unique("biz"), phone_number()
    written = f"{phone[:2]} ({phone[2:5]}) {phone[5:8]}-{phone[8:]}"  # as a person typed it
    link = f"https://pay.example/i/{unique('t')}"
    issued = invoice_event(
        "invoice.issued", business_id, invoice_for(written, consent=True), payment_url=link
    )

    async with running(app) as client:
        for _ in range(2):
            await publish(settings, issued)
        await handled(app, 2)
        sms = await sms_of(client, business_id, "sent")
        await mail_settled(settings.database_url)

    [sent] = provider.to(phone)
    assert len(provider.sent) == 1
    assert link in sent.body
    assert "$1,234.00" in sent.body
    assert sent.sender == SENDER
    assert sent.status_callback == settings.sms_status_callback_url
    assert sms["recipient"] == phone
    assert sms["provider_message_id"] == sent.sid
    assert sms["attempts"] == 1


async def test_no_sms_without_consent(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    app = build_app(settings)
    business_id, refusing, consenting = unique("biz"), phone_number(), phone_number()

    async with running(app) as client:
        without = invoice_for(refusing, consent=False)
        await publish(settings, invoice_event("invoice.issued", business_id, without))
        later = invoice_for(consenting, consent=True)
        await publish(settings, invoice_event("invoice.issued", business_id, later))
        await handled(app, 2)
        await mail_settled(settings.database_url)
        # The later invoice's SMS went: the first one's was decided (not to send) before it.
        assert len(provider.to(consenting)) == 1
        items = await notifications_of(client, business_id, invoice_id=without.invoice_id)

    assert provider.to(refusing) == []
    assert [i["channel"] for i in items] == ["email"]


async def test_a_500_and_a_429_are_retried_and_the_text_goes_once(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    business_id, phone = unique("biz"), phone_number()
    provider.fail_next(Answer(500, None, "Internal error"), Answer(429, 20429, "Too many requests"))

    async with running(build_app(settings)) as client:
        invoice = invoice_for(phone, consent=True)
        await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        sms = await sms_of(client, business_id, "sent")

    assert provider.requests == 3
    [sent] = provider.to(phone)
    assert sms["attempts"] == 3
    assert sms["provider_message_id"] == sent.sid


async def test_an_invalid_number_fails_and_is_suppressed(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    business_id, phone = unique("biz"), phone_number()
    provider.fail_next(Answer(400, 21211, f"The 'To' number {phone} is not a valid phone number"))
    invoice = invoice_for(phone, consent=True)

    async with running(build_app(settings)) as client:
        await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        failed = await sms_of(client, business_id, "failed")
        suppressed = await client.get("/v1/suppressions", headers=admin_headers(business_id))
        reminder = invoice_event("invoice.reminder_due", business_id, invoice, days_overdue=3)
        await publish(settings, reminder)

        async def reminder_sms() -> list[dict[str, Any]]:
            items = await notifications_of(client, business_id)
            return [i for i in items if i["channel"] == "sms" and i["template"] == "reminder"]

        [later] = await eventually(reminder_sms, what="the reminder's SMS recorded")

    assert "21211" in failed["last_error"]
    assert [(s["address"], s["reason"]) for s in suppressed.json()["items"]] == [(phone, "bounced")]
    assert later["status"] == "suppressed"
    assert provider.requests == 1  # the reminder never reached the provider
    assert provider.sent == []


CRASH_ONCE_BEFORE_RECORDING_A_SEND = """
CREATE SEQUENCE record_attempts;
CREATE FUNCTION crash_once_before_recording() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A sequence survives the rollback, so only the first recording attempt fails.
    IF NEW.status = 'sent' AND nextval('record_attempts') = 1 THEN
        RAISE EXCEPTION 'simulated crash between the provider accepting and the commit';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER crash_once_before_recording BEFORE UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION crash_once_before_recording();
"""


async def test_a_crash_after_the_provider_accepted_does_not_send_twice(
    database_url: str,
    make_settings: MakeSettings,
    publish: Publish,
    provider: StandInSmsProvider,
) -> None:
    db = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await db.execute(CRASH_ONCE_BEFORE_RECORDING_A_SEND)
        settings = make_settings(**sms_settings(provider))
        business_id, phone = unique("biz"), phone_number()
        # No email address: the SMS is the only message, so it meets the simulated crash.
        invoice = invoice_for(phone, consent=True, email=False)
        async with running(build_app(settings)) as client:
            await publish(settings, invoice_event("invoice.issued", business_id, invoice))
            sms = await sms_of(client, business_id, "sent")
        record_attempts = await db.fetchval("SELECT last_value FROM record_attempts")
    finally:
        await db.close()

    assert record_attempts == 2  # the first recording failed, the second stuck
    [sent] = provider.to(phone)
    assert provider.requests == 1
    assert sms["provider_message_id"] == sent.sid


async def test_signed_status_callbacks_set_the_delivery_state_and_forged_ones_are_refused(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    business_id, phone = unique("biz"), phone_number()

    async with running(build_app(settings)) as client:
        invoice = invoice_for(phone, consent=True)
        await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        await sms_of(client, business_id, "sent")
        [sent] = provider.to(phone)

        forged = await provider.report_status(client, sent, "failed", "30008", auth_token="guess")
        unsigned = await client.post(
            "/webhooks/sms/status", data={"MessageSid": sent.sid, "MessageStatus": "failed"}
        )
        after_forgery = await sms_of(client, business_id, "sent")

        answers = [
            await provider.report_status(client, sent, "sent"),
            await provider.report_status(client, sent, "delivered"),
            await provider.report_status(client, sent, "delivered"),  # repeated
            await provider.report_status(client, sent, "sent"),  # late, out of order
        ]
        delivered = await sms_of(client, business_id, "sent")
        unknown = await provider.report_status(
            client, replace(sent, sid="SM" + "0" * 32), "delivered"
        )

    assert (forged.status_code, unsigned.status_code) == (403, 403)
    assert after_forgery["delivery_status"] is None
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    assert [a.json()["changed"] for a in answers] == [True, True, False, False]
    assert delivered["delivery_status"] == "delivered"
    assert delivered["delivery_error"] is None
    assert (unknown.status_code, unknown.json()["changed"]) == (200, False)


async def test_a_failed_delivery_is_recorded_with_its_error(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    business_id, phone = unique("biz"), phone_number()

    async with running(build_app(settings)) as client:
        invoice = invoice_for(phone, consent=True)
        await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        await sms_of(client, business_id, "sent")
        [sent] = provider.to(phone)
        answer = await provider.report_status(client, sent, "undelivered", "30006")
        item = await sms_of(client, business_id, "sent")
        suppressed = await client.get("/v1/suppressions", headers=admin_headers(business_id))

    assert answer.status_code == 200
    assert item["delivery_status"] == "undelivered"
    assert item["delivery_error"] == "provider error 30006"
    # 30006: a landline or unreachable carrier: the number gets nothing more.
    assert [s["address"] for s in suppressed.json()["items"]] == [phone]


async def test_a_number_an_admin_suppressed_as_written_gets_no_text(
    make_settings: MakeSettings, publish: Publish, provider: StandInSmsProvider
) -> None:
    settings = make_settings(**sms_settings(provider))
    business_id, phone = unique("biz"), phone_number()
    written = f"{phone[:2]} ({phone[2:5]}) {phone[5:8]}-{phone[8:]}"

    async with running(build_app(settings)) as client:
        added = await client.post(
            "/v1/suppressions",
            json={"address": written, "reason": "opted_out"},
            headers=admin_headers(business_id),
        )
        invoice = invoice_for(phone, consent=True)
        await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        sms = await sms_of(client, business_id, "suppressed")
        removed = await client.delete(
            f"/v1/suppressions/{written}", headers=admin_headers(business_id)
        )

    assert added.status_code == 201, added.text
    assert sms["recipient"] == phone
    assert provider.requests == 0
    assert removed.status_code == 204
