"""Failures of one message stay with that message.

- A 5xx to RCPT TO (no such mailbox) fails the message and suppresses the address.
- A 552 (too large) or 554 (spam policy) after DATA fails the message only: the address is not
  suppressed, and its next message is tried again.
- A CR/LF in a business or customer name gives a clean header, and the mail goes.
- A message that cannot be rendered, or built, is failed once (`notification.failed`) instead of
  retried, and the business's next message still goes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from closeout.notifications.adapters.channels import build_email
from closeout.notifications.domain import rendering
from closeout.notifications.domain.outgoing import OutgoingMessage, PermanentDeliveryError
from closeout.notifications.domain.planning import MessageContext, TemplateName
from closeout.notifications.domain.rendering import RenderedMessage
from closeout.notifications.usecases import messages
from closeout.shared.kafka.consumer import Outcome
from support.infra import Infra
from support.kafka import events_of, publish_raw, read_topic
from support.mailpit import wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import (
    MakeSettings,
    Publish,
    admin_headers,
    build_app,
    consumer_of,
    handled,
)
from support.services import running
from support.smtp_server import ScriptedSmtpServer
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


Log = dict[str, list[dict[str, Any]]]


async def _settled_log(client: Any, business_id: str, count: int) -> Log:
    """The business's messages by recipient, once `count` exist and none is pending."""

    async def settled() -> Log:
        response = await client.get("/v1/notifications", headers=admin_headers(business_id))
        items = response.json()["items"]
        if len(items) < count or any(i["status"] == "pending" for i in items):
            return {}
        by_recipient: Log = {}
        for item in items:
            by_recipient.setdefault(item["recipient"], []).append(item)
        return by_recipient

    found: Log = await eventually(settled, what=f"{count} settled")
    return found


async def test_only_a_refused_recipient_is_suppressed_not_a_refused_message(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    gone, too_big, spam, fine = (f"{unique(p)}@example.com" for p in ("gone", "big", "spam", "ok"))
    server = ScriptedSmtpServer(
        rcpt_replies={"gone": "550 5.1.1 no such mailbox"},
        data_replies={
            "big": "552 5.3.4 message size exceeds fixed maximum",
            "spam": "554 5.7.1 message refused by spam policy",
        },
    )
    async with server:
        settings = make_settings(smtp_host=server.host, smtp_port=server.port)
        app = build_app(settings)
        business_id = unique("biz")
        headers = admin_headers(business_id)
        async with running(app) as client:
            for customer in (gone, too_big, spam, fine):
                invoice = snapshot(unique("inv"), customer)
                await publish(settings, invoice_event("invoice.issued", business_id, invoice))
            await handled(app, 4)
            log = await _settled_log(client, business_id, 4)
            assert [m["status"] for m in log[fine]] == ["sent"]
            assert [m["status"] for m in log[gone]] == ["failed"]
            assert "550" in log[gone][0]["last_error"]
            assert [m["status"] for m in log[too_big]] == ["failed"]
            assert "552" in log[too_big][0]["last_error"]
            assert [m["status"] for m in log[spam]] == ["failed"]
            assert "554" in log[spam][0]["last_error"]

            listed = await client.get("/v1/suppressions", headers=headers)
            assert [s["address"] for s in listed.json()["items"]] == [gone.lower()]

            # The next message to a message-refused address is tried again, not suppressed.
            again = snapshot(unique("inv"), too_big)
            await publish(settings, invoice_event("invoice.issued", business_id, again))
            await handled(app, 5)
            log = await _settled_log(client, business_id, 5)
            assert sorted(m["status"] for m in log[too_big]) == ["failed", "failed"]
            assert [r for r in server.data_rejected if r == [too_big]] == [[too_big]] * 2

        failed_topic = settings.kafka_topic_prefix + "notification.failed"
        records = await read_topic(
            infra.kafka_bootstrap_servers, failed_topic, until=lambda r: len(r) >= 4
        )
        failed = sorted(e["data"]["recipient"] for e in events_of(records))
        assert failed == sorted([gone, too_big, too_big, spam])
    assert [a.recipients for a in server.accepted] == [[fine]]


async def test_a_cr_lf_in_names_gives_a_clean_header_and_the_mail_goes(
    infra: Infra, make_settings: MakeSettings
) -> None:
    settings = make_settings()
    app = build_app(settings)
    business_id = unique("biz")
    customer = f"{unique('crlf')}@example.com"
    injected = f"{unique('injected')}@example.com"
    event = json.loads(
        invoice_event(
            "invoice.issued", business_id, snapshot(unique("inv"), customer)
        ).model_dump_json()
    )
    # Raw JSON, as any producer may send it: the names carry header line breaks.
    event["data"]["business"]["name"] = f"Acme\r\nBcc: {injected}\r\nPlumbing"
    event["data"]["invoice"]["customer"]["name"] = "Jordan\nLee"
    async with running(app):
        topic = settings.kafka_topic_prefix + "invoice.issued"
        await publish_raw(infra.kafka_bootstrap_servers, topic, event)
        [mail] = await wait_for_messages(infra.mailpit_api_url, customer, timeout=15)
    sender = mail["From"]["Name"]
    assert not {"\r", "\n"} & set(sender)
    assert sender == f"Acme Bcc: {injected} Plumbing"
    assert "from Acme Bcc:" in mail["Subject"]
    assert [b["Address"] for b in mail["Bcc"] or []] == []
    assert "Jordan Lee" in mail["Text"]


async def test_a_message_that_cannot_be_rendered_fails_once_and_the_next_goes(
    infra: Infra, make_settings: MakeSettings, publish: Publish, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = rendering.render

    def render(template: TemplateName, ctx: MessageContext) -> RenderedMessage:
        if (ctx.invoice.customer.email or "").startswith("unrenderable"):
            raise ValueError("template blew up")
        return real_render(template, ctx)

    monkeypatch.setattr(messages, "render", render)
    settings = make_settings()
    app = build_app(settings)
    business_id = unique("biz")
    broken, next_one = f"{unique('unrenderable')}@example.com", f"{unique('x')}@example.com"
    async with running(app) as client:
        for customer in (broken, next_one):
            invoice = snapshot(unique("inv"), customer)
            await publish(settings, invoice_event("invoice.issued", business_id, invoice))
        await handled(app, 2)
        await wait_for_messages(infra.mailpit_api_url, next_one)
        log = await _settled_log(client, business_id, 2)
    [failed] = log[broken]
    assert failed["status"] == "failed"
    assert "could not be rendered: ValueError: template blew up" in failed["last_error"]
    assert [m["status"] for m in log[next_one]] == ["sent"]
    counts = consumer_of(app).counts
    assert (counts[Outcome.APPLIED], counts[Outcome.DEAD_LETTERED]) == (2, 0)
    records = await read_topic(
        infra.kafka_bootstrap_servers,
        settings.kafka_topic_prefix + "notification.failed",
        until=lambda r: len(r) >= 1,
    )
    [event] = events_of(records)
    assert event["data"]["recipient"] == broken


def _message(**changes: Any) -> OutgoingMessage:
    fields: dict[str, Any] = {
        "notification_id": "n1", "channel": "email", "recipient": "a@example.com",
        "subject": "Invoice", "text": "Hello", "html": None, "message_id": "<n1@closeout>",
        "sender_name": "Acme",
    }  # fmt: skip
    return OutgoingMessage(**(fields | changes))


def test_header_text_is_cleaned_when_the_mail_is_built() -> None:
    """Rows recorded before names were cleaned at the edge still build a valid message."""
    email = build_email(
        _message(sender_name="Acme\r\nBcc: x@example.com", subject="Invoice\nfrom\r Acme"),
        "no-reply@closeout.local",
    )
    assert email["From"] == '"Acme Bcc: x@example.com" <no-reply@closeout.local>'
    assert email["Subject"] == "Invoice from Acme"
    assert email["Bcc"] is None


def test_a_message_that_cannot_be_built_is_a_permanent_failure() -> None:
    with pytest.raises(PermanentDeliveryError, match="could not be built"):
        build_email(_message(recipient="a@example.com\r\nBcc: b@example.com"), "x@closeout.local")
