"""Driving the invoicing service in tests: the app on real Kafka + Postgres (`start_app`,
`Harness`), its settings, event builders, and the customer links its events publish."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pypdfium2  # type: ignore[import-untyped]
from fastapi import FastAPI
from pypdf import PdfReader
from sqlalchemy import text

from closeout.invoicing.app import create_app
from closeout.invoicing.settings import InvoicingSettings
from closeout.shared.capability_links import DEV_LINK_SECRET, resolve_references
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.contracts.jobs import JobCancelled, JobCompleted, JobUpdated
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.db import create_engine
from closeout.shared.events import new_event
from closeout.shared.events.envelope import Envelope, encode_event
from support.api_keys import bearer, issue_key
from support.infra import Infra
from support.kafka import publish_raw
from support.services import running
from support.waiting import eventually, unique

MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/invoicing/src/closeout/invoicing/migrations"
)
SECRET = "invoicing-test-secret"
CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_123"
BASE = "http://invoices.test"  # the test app's public_base_url
TOTAL = 29755  # of the default test job (`job_completed`)


def job_completed(
    job_id: str | None = None,
    *,
    revision: int = 1,
    lines: list[LineItem] | None = None,
    currency: str = "AUD",
) -> JobCompleted:
    return JobCompleted(
        job_id=job_id or unique("job"),
        external_id=unique("EXT"),
        title="Replace hot water system",
        customer=Customer(name="Pat Customer", email="pat@example.com"),
        site_address="12 Example St",
        currency=currency,
        line_items=lines
        if lines is not None
        else [
            LineItem(
                description="Labour",
                quantity=Decimal("2.5"),
                unit_amount=9000,
                tax_rate=Decimal(10),
                kind="labour",
            ),
            LineItem(
                description="Valve",
                quantity=Decimal(1),
                unit_amount=4550,
                tax_rate=Decimal(10),
                kind="materials",
            ),
        ],
        completed_at=datetime.now(UTC),
        revision=revision,
    )


def job_updated(job: JobCompleted, **changes: Any) -> JobUpdated:
    values = job.model_dump() | {"status": "completed"} | changes
    return JobUpdated.model_validate(values)


def job_cancelled(job: JobCompleted, *, revision: int) -> JobCancelled:
    return JobCancelled(
        job_id=job.job_id,
        external_id=job.external_id,
        cancelled_at=datetime.now(UTC),
        revision=revision,
    )


def payment(kind: str, invoice_id: str, amount: int, **extra: Any) -> PaymentEvent:
    values: dict[str, Any] = {
        "payment_id": unique("pay"),
        "invoice_id": invoice_id,
        "amount": amount,
        "currency": "AUD",
        "method": "card",
        "provider": "stripe",
        "occurred_at": datetime.now(UTC),
    } | extra
    return PaymentEvent(**values)


@dataclass
class Harness:
    """One running invoicing app plus helpers to drive it through Kafka and HTTP."""

    infra: Infra
    prefix: str
    database_url: str
    client: httpx.AsyncClient
    app: FastAPI
    business_id: str
    checkout_requests: list[dict[str, Any]] = field(default_factory=list)

    def admin_headers(self, business_id: str | None = None) -> dict[str, str]:
        key = issue_key(business_id or self.business_id, "admin", databases=[self.database_url])
        return bearer(key)

    async def publish(self, event: Envelope[Any], topic: str | None = None) -> None:
        await publish_raw(
            self.infra.kafka_bootstrap_servers,
            self.prefix + (topic or event.type),
            encode_event(event),
            key=event.subject,
        )

    def event(self, event_type: str, data: Any, business_id: str | None = None) -> Envelope[Any]:
        subject = getattr(data, "invoice_id", None) or getattr(data, "job_id", None)
        return new_event(
            event_type,
            data,
            source="tests",
            business_id=business_id or self.business_id,
            subject=subject,
        )

    async def sql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        engine = create_engine(self.database_url, pool_size=1)
        try:
            async with engine.begin() as conn:
                rows = (await conn.execute(text(query), params)).mappings().all()
                return [dict(r) for r in rows]
        finally:
            await engine.dispose()

    async def invoice_for_job(self, job_id: str, timeout: float = 20) -> dict[str, Any]:
        rows = await eventually(
            lambda: self.sql("SELECT * FROM invoices WHERE job_id = :j", j=job_id),
            lambda rows: bool(rows),
            timeout,
        )
        first: dict[str, Any] = rows[0]
        return first

    async def outbox_types(self, invoice_id: str) -> list[str]:
        rows = await self.sql(
            "SELECT event_type FROM outbox WHERE key = :k ORDER BY id", k=invoice_id
        )
        return [r["event_type"] for r in rows]

    async def outbox_events(self, invoice_id: str, event_type: str) -> list[dict[str, Any]]:
        rows = await self.sql(
            "SELECT payload FROM outbox WHERE key = :k AND event_type = :t ORDER BY id",
            k=invoice_id,
            t=event_type,
        )
        return [json.loads(bytes(r["payload"])) for r in rows]

    async def apply(self, event: Envelope[Any]) -> None:
        """Publish `event` and wait until the consumer has handled it (its inbox row)."""
        await self.publish(event)
        await eventually(
            lambda: self.sql("SELECT 1 FROM inbox WHERE event_key = :k", k=event.dedupe_key),
            bool,
        )

    async def invoice(self, invoice_id: str) -> dict[str, Any]:
        return (await self.sql("SELECT * FROM invoices WHERE invoice_id = :i", i=invoice_id))[0]


def settings_for(
    database_url: str, prefix: str, infra: Infra, **overrides: Any
) -> InvoicingSettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": infra.kafka_bootstrap_servers,
        "kafka_topic_prefix": prefix,
        "kafka_topic_partitions": 1,
        "auth_secret": SECRET,
        "public_base_url": BASE,
        "payments_url": "http://payments.test",
        "scheduler_enabled": False,
        "outbox_poll_seconds": 0.2,
        "consumer_retry_base_seconds": 0.05,
        "consumer_max_attempts": 3,
        "log_level": "WARNING",
    } | overrides
    return InvoicingSettings(**values)


@asynccontextmanager
async def start_app(
    infra: Infra,
    database_url: str,
    prefix: str,
    business_id: str,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    requests: list[dict[str, Any]] = []

    def payments_stub(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/internal/v1/checkout-sessions"
        assert request.headers["authorization"].startswith("Bearer cok_")
        requests.append(json.loads(request.content))
        body = {"attempt_id": "att_1", "checkout_session_id": "cs_test_123", "url": CHECKOUT_URL}
        return httpx.Response(201, json=body)

    app = create_app(
        settings_for(database_url, prefix, infra, **overrides),
        payments_transport=httpx.MockTransport(payments_stub),
    )
    async with running(app) as client:
        yield Harness(infra, prefix, database_url, client, app, business_id, requests)


async def configure_business(h: Harness, **settings: Any) -> dict[str, Any]:
    """Set the business's billing settings through the admin API (creates it if new)."""
    body = {"name": "Acme Plumbing", "default_currency": "AUD", "auto_send": True} | settings
    response = await h.client.patch("/v1/business", json=body, headers=h.admin_headers())
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


TODAYS_REMINDERS: dict[str, Any] = {"enabled": True, "steps": [1, 7, 14], "send_hour": 0}


async def turn_on_reminders(h: Harness, **schedule: Any) -> dict[str, Any]:
    """Set the business's reminder schedule (reminders are off for a new business); by
    default the reminders every business had before schedules: 1, 7 and 14 days after due."""
    body = TODAYS_REMINDERS | schedule
    response = await h.client.put(
        "/v1/business/reminder-schedule", json=body, headers=h.admin_headers()
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def issued_invoice(h: Harness) -> dict[str, Any]:
    """A default job completed for an auto-sending business, once its invoice is open."""
    job = job_completed()
    await h.publish(h.event("job.completed", job))
    return await eventually(lambda: h.invoice_for_job(job.job_id), lambda i: i["status"] == "open")


async def issued(h: Harness) -> tuple[dict[str, Any], str]:
    """`issued_invoice` and the path of the customer link `invoice.issued` published."""
    invoice = await issued_invoice(h)
    event = (await h.outbox_events(invoice["invoice_id"], "invoice.issued"))[0]
    return invoice, live_path(event["data"]["payment_url"])


async def inbox_count(h: Harness, prefix: str) -> int:
    """How many events whose type starts with `prefix` the consumers have handled."""
    rows = await h.sql("SELECT count(*) AS n FROM inbox WHERE event_type LIKE :p", p=prefix + "%")
    return int(rows[0]["n"])


def live_url(reference: str) -> str:
    """The live customer link a published link reference stands for (as notifications does)."""
    return resolve_references(reference, DEV_LINK_SECRET)


def live_path(reference: str) -> str:
    return live_url(reference).removeprefix(BASE)


ARTIFACTS = Path(__file__).resolve().parents[2] / ".local/artifacts"


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, as a reader would copy it."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def save_first_page_png(content: bytes, name: str) -> Path:
    """Page 1 of a PDF as a PNG under .local/artifacts/, for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    document = pypdfium2.PdfDocument(content)
    try:
        document[0].render(scale=1.5).to_pil().save(target)
    finally:
        document.close()
    return target
