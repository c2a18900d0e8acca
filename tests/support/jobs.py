"""Jobs test support: the sample report, a harness driving a running jobs app through Kafka
and HTTP, and the settings the tests run it with (the fixtures are in tests/jobs/conftest.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from closeout.jobs.settings import JobsSettings
from closeout.shared.auth import Role, mint_service_token
from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import BusinessProfile, InvoiceEvent, InvoiceSnapshot
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.db import create_engine
from closeout.shared.events import Envelope, encode_event, new_event
from support.api_keys import bearer, issue_key
from support.infra import Infra
from support.kafka import events_of, publish_raw, read_topic
from support.waiting import eventually, unique

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/jobs/src/closeout/jobs/migrations"
SECRET = "jobs-test-secret"

# The public contract's sample, exactly as the issue gives it.
SAMPLE_EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "evt-7f3c",
    "source": "acme-dispatch",
    "type": "job.completed",
    "time": "2026-11-21T10:15:00Z",
    "business_id": "demo",
    "data": {
        "external_id": "JOB-1001",
        "title": "Replace water heater",
        "customer": {
            "name": "Dana Lee",
            "email": "dana@example.com",
            "phone": "+61400000000",
            "address": "12 Beach Rd, Manly NSW 2095",
        },
        "currency": "AUD",
        "line_items": [
            {"description": "Labour", "quantity": 3, "unit_amount": 12000, "tax_rate": "10"},
            {
                "description": "Water heater 50L",
                "quantity": 1,
                "unit_amount": 89900,
                "tax_rate": "10",
            },
        ],
        "completed_at": "2026-11-21T10:14:00Z",
        "notes": "Old unit removed",
    },
}


def body(external_id: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(SAMPLE_EVENT["data"])
    return data | {"external_id": external_id} | changes


def inbound(
    business_id: str, external_id: str, event_type: str = "job.completed", **data: Any
) -> dict[str, Any]:
    """The sample event for another business, job and type (a fresh event id)."""
    event = copy.deepcopy(SAMPLE_EVENT)
    event |= {"id": unique("evt"), "type": event_type, "business_id": business_id}
    event["data"] |= {"external_id": external_id} | data
    return event


@dataclass
class Harness:
    """One running jobs app plus helpers to drive it through Kafka and HTTP."""

    infra: Infra
    prefix: str
    database_url: str
    client: httpx.AsyncClient
    business_id: str
    consumer_group: str

    def headers(self, business_id: str | None = None, role: Role = "integration") -> dict[str, str]:
        if role == "service":
            return bearer(mint_service_token(SECRET, issuer="tests"))
        key = issue_key(business_id or self.business_id, role, databases=[self.database_url])
        return bearer(key)

    async def publish_inbound(self, event: dict[str, Any] | bytes, key: str | None = None) -> None:
        if isinstance(event, dict):
            key = key or event.get("data", {}).get("external_id")
        await publish_raw(
            self.infra.kafka_bootstrap_servers, self.prefix + "jobs.inbound", event, key=key
        )

    async def publish(self, event: Envelope[Any]) -> None:
        await publish_raw(
            self.infra.kafka_bootstrap_servers,
            self.prefix + event.type,
            encode_event(event),
            key=event.subject,
        )

    async def sql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        engine = create_engine(self.database_url, pool_size=1)
        try:
            async with engine.begin() as conn:
                rows = (await conn.execute(text(query), params)).mappings().all()
                return [dict(r) for r in rows]
        finally:
            await engine.dispose()

    async def handled(self, count: int, timeout: float = 20) -> None:
        """Wait until the consumer has applied `count` distinct events (its inbox rows)."""
        query = "SELECT count(*) AS n FROM inbox WHERE consumer = :c"
        await eventually(
            lambda: self.sql(query, c=self.consumer_group),
            lambda rows: rows[0]["n"] >= count,
            timeout,
            f"{count} events handled",
        )

    async def job_by_external_id(
        self, external_id: str, business_id: str | None = None, timeout: float = 20
    ) -> dict[str, Any]:
        async def probe() -> list[dict[str, Any]]:
            response = await self.client.get(
                "/v1/jobs",
                params={"external_id": external_id},
                headers=self.headers(business_id),
            )
            assert response.status_code == 200, response.text
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        items = await eventually(probe, bool, timeout, f"job {external_id}")
        job: dict[str, Any] = items[0]
        return job

    async def get_job(self, job_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/v1/jobs/{job_id}", headers=self.headers())
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def published(
        self, topic: str, until: Callable[[list[dict[str, Any]]], bool], timeout: float = 20
    ) -> list[dict[str, Any]]:
        """Events on `topic` (read from the start) once `until(events)` holds."""
        records = await read_topic(
            self.infra.kafka_bootstrap_servers,
            self.prefix + topic,
            until=lambda rs: until(events_of(rs)),
            timeout=timeout,
        )
        return events_of(records)


def settings_for(
    database_url: str, prefix: str, infra: Infra, group: str, **overrides: Any
) -> JobsSettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": infra.kafka_bootstrap_servers,
        "kafka_topic_prefix": prefix,
        "kafka_topic_partitions": 1,
        "consumer_group": group,
        "auth_secret": SECRET,
        "outbox_poll_seconds": 0.2,
        "consumer_retry_base_seconds": 0.05,
        "consumer_max_attempts": 3,
        "log_level": "WARNING",
    } | overrides
    return JobsSettings(**values)


# --- the billing mirror: one invoice's life as invoice and payment events ---------------

TOTAL = 10000
FIRST_PAID_AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SECOND_PAID_AT = FIRST_PAID_AT + timedelta(days=2)


def invoice_event(
    harness: Harness,
    event_type: str,
    job_id: str,
    invoice_id: str,
    version: int,
    status: str,
    paid: int,
    business_id: str | None = None,
    credited: int = 0,
) -> Envelope[InvoiceEvent]:
    snapshot = InvoiceSnapshot(
        invoice_id=invoice_id,
        number=None if status == "draft" else "INV-2026-000042",
        status=status,
        version=version,
        job_id=job_id,
        customer=Customer(name="Dana Lee", email="dana@example.com"),
        currency="AUD",
        lines=[],
        subtotal=TOTAL,
        tax_total=0,
        total=TOTAL,
        amount_paid=paid,
        amount_due=TOTAL - paid,
        amount_credited=credited,
        paid_at=SECOND_PAID_AT if status == "paid" else None,
    )
    business = business_id or harness.business_id
    data = InvoiceEvent(
        invoice=snapshot, business=BusinessProfile(business_id=business, name="Acme")
    )
    return new_event(event_type, data, source="tests", business_id=business, subject=invoice_id)


def payment_event(
    harness: Harness, invoice_id: str, payment_id: str, amount: int, method: str, when: datetime
) -> Envelope[PaymentEvent]:
    data = PaymentEvent(
        payment_id=payment_id,
        invoice_id=invoice_id,
        amount=amount,
        currency="AUD",
        method=method,
        provider="stripe" if method == "card" else "manual",
        occurred_at=when,
        reference=f"ref-{payment_id}",
    )
    return new_event(
        "payment.confirmed",
        data,
        source="tests",
        business_id=harness.business_id,
        subject=invoice_id,
    )


def story(harness: Harness, job_id: str) -> list[tuple[str, Envelope[Any]]]:
    """One invoice's life, in the order it happened, each step with the status it shows."""
    inv = unique("inv")
    first, second = unique("pay"), unique("pay")
    return [
        ("invoiced", invoice_event(harness, "invoice.created", job_id, inv, 1, "draft", 0)),
        ("sent", invoice_event(harness, "invoice.issued", job_id, inv, 2, "open", 0)),
        ("viewed", invoice_event(harness, "invoice.viewed", job_id, inv, 2, "open", 0)),
        ("viewed", payment_event(harness, inv, first, 4000, "card", FIRST_PAID_AT)),
        (
            "partially_paid",
            invoice_event(
                harness, "invoice.payment_recorded", job_id, inv, 3, "partially_paid", 4000
            ),
        ),
        (
            "partially_paid",
            payment_event(harness, inv, second, 6000, "bank_transfer", SECOND_PAID_AT),
        ),
        ("paid", invoice_event(harness, "invoice.paid", job_id, inv, 4, "paid", TOTAL)),
        # The same payment reported again by another event: a duplicate fact, no effect.
        ("paid", payment_event(harness, inv, second, 6000, "bank_transfer", SECOND_PAID_AT)),
    ]


async def new_job(harness: Harness) -> str:
    data = SAMPLE_EVENT["data"] | {"external_id": unique("EXT")}
    response = await harness.client.post("/v1/jobs/completed", json=data, headers=harness.headers())
    assert response.status_code == 201, response.text
    job_id: str = response.json()["job_id"]
    return job_id


def assert_paid(job: dict[str, Any]) -> None:
    billing = job["billing"]
    assert billing["status"] == "paid"
    assert billing["invoice_number"] == "INV-2026-000042"
    assert (billing["total"], billing["amount_paid"], billing["amount_due"]) == (TOTAL, TOTAL, 0)
    assert billing["paid_at"] == "2026-11-24T09:00:00Z"
    assert billing["viewed_at"] is not None
    last = billing["last_payment"]
    assert (last["method"], last["amount"], last["at"]) == (
        "bank_transfer",
        6000,
        "2026-11-24T09:00:00Z",
    )
    assert last["reference"].startswith("ref-pay-")
    assert billing["last_event_at"] is not None
