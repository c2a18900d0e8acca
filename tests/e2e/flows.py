"""Steps of the end-to-end scenarios, each through a public interface, each timed."""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import asyncpg
import httpx

from closeout.shared.events.catalogue import spec_for, topics_of
from e2e.stack import Stack
from support import stripe_events
from support.kafka import publish_raw, wait_until_caught_up
from support.mailpit import wait_for_messages
from support.waiting import eventually

T = TypeVar("T")
LINK = re.compile(r"https?://[^\s\"'<>]+/i/[A-Za-z0-9_\-]+")


class StepTimer:
    """Logs each step's latency; the scenario's total shows it finishes in seconds."""

    def __init__(self, scenario: str) -> None:
        self.scenario = scenario
        self.started = self.last = time.monotonic()

    def step(self, name: str) -> None:
        now = time.monotonic()
        print(f"[{self.scenario}] {name}: {now - self.last:.2f}s", file=sys.stderr)
        self.last = now

    def total(self) -> float:
        return time.monotonic() - self.started


async def publish_job(stack: Stack, event: dict[str, Any]) -> None:
    await publish_raw(
        stack.infra.kafka_bootstrap_servers,
        stack.topic_prefix + "jobs.inbound",
        event,
        key=event["data"]["external_id"],
    )


async def invoice_for_job(stack: Stack, external_id: str) -> dict[str, Any]:
    async with stack.admin("invoicing") as client:

        async def find() -> list[dict[str, Any]]:
            found = await client.get("/v1/invoices", params={"job_external_id": external_id})
            found.raise_for_status()
            items: list[dict[str, Any]] = found.json()["items"]
            return items

        items = await eventually(find, lambda items: len(items) == 1)
        detail = await client.get(f"/v1/invoices/{items[0]['invoice_id']}")
        detail.raise_for_status()
        invoice: dict[str, Any] = detail.json()
        return invoice


async def invoice(stack: Stack, invoice_id: str) -> dict[str, Any]:
    async with stack.admin("invoicing") as client:
        found = await client.get(f"/v1/invoices/{invoice_id}")
        found.raise_for_status()
        result: dict[str, Any] = found.json()
        return result


async def wait_for_invoice(
    stack: Stack, invoice_id: str, check: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    return await eventually(lambda: invoice(stack, invoice_id), check)


async def mails(stack: Stack, recipient: str, count: int) -> list[dict[str, Any]]:
    messages = await wait_for_messages(stack.infra.mailpit_api_url, recipient, count)
    assert len(messages) >= count, f"{len(messages)} mails to {recipient}, wanted {count}"
    return messages


def link_in(mail: dict[str, Any]) -> str:
    found = LINK.search(mail["Text"])
    assert found, f"no customer link in: {mail['Text'][:500]}"
    return found.group(0)


async def start_card_checkout(stack: Stack, link: str) -> str:
    """The customer chooses card: the page redirects to Stripe Checkout."""
    async with httpx.AsyncClient(timeout=15) as browser:
        response = await browser.post(f"{link}/pay/card")
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert "/i/" not in location, f"expected a Checkout redirect, got {location}"
    return location


async def checkout_attempt(stack: Stack, invoice_id: str) -> str:
    async with stack.admin("payments") as client:

        async def attempts() -> list[str]:
            log = await client.get(f"/v1/invoices/{invoice_id}/payments")
            log.raise_for_status()
            entries = log.json()["entries"]
            return [e["attempt_id"] for e in entries if e["attempt_id"]]

        found = await eventually(attempts, bool)
        return found[-1]


async def deliver_webhook(
    stack: Stack, event_type: str, obj: dict[str, Any], event_id: str | None = None
) -> str:
    payload = stripe_events.event(event_type, obj, event_id=event_id)
    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=10) as stripe:
        response = await stripe.post(
            "/webhooks/stripe",
            content=payload,
            headers={
                "Stripe-Signature": stripe_events.sign(payload, stack.webhook_secret),
                "Content-Type": "application/json",
            },
        )
    assert response.status_code == 200, response.text
    event_id_sent: str = stripe_events.json_id(payload)
    return event_id_sent


async def job_for(stack: Stack, external_id: str, business_id: str = "demo") -> dict[str, Any]:
    key = stack.key(business_id, "integration")
    async with httpx.AsyncClient(
        base_url=stack.urls["jobs"], headers={"Authorization": f"Bearer {key}"}, timeout=10
    ) as platform:
        found = await platform.get("/v1/jobs", params={"external_id": external_id})
        found.raise_for_status()
        items: list[dict[str, Any]] = found.json()["items"]
        assert len(items) == 1, items
        return items[0]


async def wait_for_job(
    stack: Stack,
    external_id: str,
    check: Callable[[dict[str, Any]], bool],
    business_id: str = "demo",
) -> dict[str, Any]:
    return await eventually(lambda: job_for(stack, external_id, business_id), check)


async def open_page(link: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as browser:
        return await browser.get(link)


async def invoice_paid(stack: Stack, invoice_id: str) -> dict[str, Any]:
    return await wait_for_invoice(stack, invoice_id, lambda i: i["status"] == "paid")


async def receipts(stack: Stack, email: str, count: int = 1) -> list[dict[str, Any]]:
    messages = await wait_for_messages(stack.infra.mailpit_api_url, email, 99, timeout=0)
    deadline = time.monotonic() + 30
    while len(found := [m for m in messages if m["Subject"].startswith("Receipt")]) < count:
        assert time.monotonic() < deadline, f"{len(found)} receipts to {email}, wanted {count}"
        await asyncio.sleep(0.2)
        messages = await wait_for_messages(stack.infra.mailpit_api_url, email, 99, timeout=0)
    return found


# The topics each consumer group on the way to a mail reads (see the services' consumers.py).
INVOICING_READS = [
    "payment.confirmed", "payment.failed", "payment.processing", "payment.refunded",
    "payment.disputed", "payment.dispute_closed", "payment.refund_failed",
    "payment.claim_rejected",
]  # fmt: skip
NOTIFICATIONS_READS = [
    *topics_of("invoice."), "payment.failed", "payment.refunded", "payment.refund_failed",
    "payment.webhook_failed",
]  # fmt: skip


async def _until_zero(stack: Stack, service: str, sql: str, *args: Any) -> None:
    url = stack.env[f"{service.upper()}_DATABASE_URL"].replace("+asyncpg", "", 1)
    connection = await asyncpg.connect(url)
    try:
        await eventually(lambda: connection.fetchval(sql, *args), lambda n: n == 0)
    finally:
        await connection.close()


async def outbox_drained(stack: Stack, service: str) -> None:
    """Every event `service` has recorded so far is on Kafka."""
    url = stack.env[f"{service.upper()}_DATABASE_URL"].replace("+asyncpg", "", 1)
    connection = await asyncpg.connect(url)
    try:
        newest = await connection.fetchval("SELECT coalesce(max(id), 0) FROM outbox")
    finally:
        await connection.close()
    unpublished = "SELECT count(*) FROM outbox WHERE id <= $1 AND published_at IS NULL"
    await _until_zero(stack, service, unpublished, newest)


async def caught_up(stack: Stack, service: str, event_types: list[str]) -> None:
    topics = sorted({stack.topic_prefix + spec_for(t).topic for t in event_types})
    bootstrap = stack.infra.kafka_bootstrap_servers
    await wait_until_caught_up(bootstrap, stack.topic_prefix + service, topics)


async def settled(stack: Stack) -> None:
    """Positive marker for a check that something did not happen: everything that happened
    so far has gone all the way through, in causal order: Stripe events received by payments,
    its events, invoicing, its events, notifications (every message it will record is
    recorded)."""
    # Each Stripe event tried once; one waiting to retry (e.g. about nothing we know) may wait.
    tried = "SELECT count(*) FROM webhook_events WHERE status = 'pending' AND attempts = 0"
    await _until_zero(stack, "payments", tried)
    await outbox_drained(stack, "payments")
    await caught_up(stack, "invoicing", INVOICING_READS)
    await outbox_drained(stack, "invoicing")
    await caught_up(stack, "notifications", NOTIFICATIONS_READS)


async def recorded(stack: Stack, recipient: str, template: str | None = None) -> list[str]:
    """The statuses of the messages notifications recorded for `recipient` (of `template`)."""
    url = stack.env["NOTIFICATIONS_DATABASE_URL"].replace("+asyncpg", "", 1)
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT status FROM notifications WHERE recipient = $1"
            " AND ($2::text IS NULL OR template = $2) ORDER BY created_at",
            recipient, template,
        )  # fmt: skip
    finally:
        await connection.close()
    return [row["status"] for row in rows]


async def all_sent(stack: Stack, recipient: str) -> None:
    """Every message recorded for `recipient` has reached Mailpit (or failed): what Mailpit
    holds for them is then final."""
    await _until_zero(
        stack, "notifications",
        "SELECT count(*) FROM notifications WHERE recipient = $1 AND status = 'pending'",
        recipient,
    )  # fmt: skip


async def no_receipt_yet(stack: Stack, email: str) -> None:
    await settled(stack)
    assert await recorded(stack, email, "receipt") == []
    messages = await wait_for_messages(stack.infra.mailpit_api_url, email, 99, timeout=0)
    assert not [m for m in messages if m["Subject"].startswith("Receipt")]


async def pay_by_card(
    stack: Stack, link: str, invoice_id: str, amount: int, email: str, intent: str
) -> None:
    """Customer pays the open balance by card; Stripe confirms through a signed webhook."""
    await start_card_checkout(stack, link)
    attempt_id = await checkout_attempt(stack, invoice_id)
    session = stripe_events.checkout_session(
        invoice_id=invoice_id, business_id="demo", amount=amount, attempt_id=attempt_id,
        payment_intent=intent, email=email,
    )  # fmt: skip
    await deliver_webhook(stack, "checkout.session.completed", session)


async def confirm_manual(
    stack: Stack, invoice_id: str, amount: int, method: str, reference: str,
    claim_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    body: dict[str, Any] = {"amount": amount, "currency": "AUD", "method": method,
                            "reference": reference}  # fmt: skip
    if claim_id:
        body["claim_id"] = claim_id
    async with stack.admin("payments") as client:
        response = await client.post(
            f"/v1/invoices/{invoice_id}/payments/manual",
            json=body,
            headers={"Idempotency-Key": f"{invoice_id}-{reference}"},
        )
    assert response.status_code in (200, 201), response.text
    confirmed: dict[str, Any] = response.json()
    return confirmed


async def wait_for_messages_about(stack: Stack, recipient: str, text: str) -> list[dict[str, Any]]:
    messages = await wait_for_messages(stack.infra.mailpit_api_url, recipient, 999, timeout=0)
    return [m for m in messages if text in m["Subject"]]
