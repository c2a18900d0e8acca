"""Driving the payments service in tests: settings, API keys, and a harness that plays Stripe
(signed webhooks) and invoicing (invoice events on real Kafka) against a running app."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.app import create_app
from closeout.payments.settings import PaymentsSettings
from closeout.shared.auth import Role
from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import BusinessProfile, InvoiceEvent, InvoiceSnapshot
from closeout.shared.db import create_engine
from closeout.shared.events import encode_event, new_event
from support.api_keys import ServiceTokenHeaders, bearer, issue_key
from support.infra import Infra
from support.services import running
from support.stripe_events import StripeObjects, encode, sign, stripe_event
from support.waiting import eventually

MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/payments/src/closeout/payments/migrations"
)
AUTH_SECRET = "payments-test-secret"
WEBHOOK_SECRET = "whsec_test_current"
OLD_WEBHOOK_SECRET = "whsec_test_previous"
SERVICE_HEADERS = ServiceTokenHeaders(AUTH_SECRET)


def key_headers(
    business_id: str, role: Role = "admin", key_id: str | None = None
) -> dict[str, str]:
    return bearer(issue_key(business_id, role, key_id=key_id))


def ops_headers() -> dict[str, str]:
    """An operator's key (`/v1/ops/*`)."""
    return key_headers("*", "ops")


def new_ids() -> tuple[str, str]:
    """A fresh invoice id and business id."""
    return f"inv-{uuid.uuid4().hex[:12]}", f"biz-{uuid.uuid4().hex[:8]}"


def payments_settings(
    infra: Infra, database_url: str, topic_prefix: str, **overrides: Any
) -> PaymentsSettings:
    """Settings for a payments app under test: fast polls, quiet logs, no reconciler."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "kafka_bootstrap_servers": infra.kafka_bootstrap_servers,
        "kafka_topic_prefix": topic_prefix,
        "kafka_topic_partitions": 1,
        "auth_secret": AUTH_SECRET,
        "stripe_api_base": infra.stripe_api_base,
        "stripe_webhook_secret": f"{WEBHOOK_SECRET},{OLD_WEBHOOK_SECRET}",
        "webhook_poll_seconds": 0.2,
        "webhook_retry_base_seconds": 0.2,
        "reconcile_enabled": False,
        "outbox_poll_seconds": 0.2,
        "consumer_retry_base_seconds": 0.05,
        "log_json": False,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return PaymentsSettings(**values)


MakeSettings = Callable[..., PaymentsSettings]
StartPayments = Callable[..., AbstractAsyncContextManager["Payments"]]


@dataclass
class Payments:
    """A running payments app and helpers to drive it like Stripe and invoicing would."""

    app: FastAPI
    client: httpx.AsyncClient
    settings: PaymentsSettings
    engine: AsyncEngine
    stripe: StripeObjects
    infra: Infra

    async def deliver(
        self,
        evt: dict[str, Any],
        *,
        secret: str = WEBHOOK_SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        payload = encode(evt)
        return await self.client.post(
            "/webhooks/stripe",
            content=payload,
            headers={"Stripe-Signature": sign(payload, secret), **(headers or {})},
        )

    async def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            result = await conn.execute(text(sql), params)
            return [dict(r) for r in result.mappings()]

    async def events(self, event_type: str, invoice_id: str | None = None) -> list[dict[str, Any]]:
        """Events the service committed to its outbox (what the relay publishes)."""
        rows = await self.rows(
            "SELECT payload FROM outbox WHERE event_type = :t ORDER BY id", t=event_type
        )
        events = [json.loads(bytes(r["payload"])) for r in rows]
        if invoice_id is not None:
            events = [e for e in events if e["data"]["invoice_id"] == invoice_id]
        return events

    async def settled(self, timeout: float = 20) -> None:
        """Wait until the worker has no due or pending webhook event left."""

        async def idle() -> bool:
            rows = await self.rows(
                "SELECT count(*) AS n FROM webhook_events WHERE status = 'pending'"
            )
            return bool(rows[0]["n"] == 0)

        await eventually(idle, timeout=timeout, what="webhook events processed")

    async def connect_account(self, business_id: str, *, charges_enabled: bool = True) -> str:
        """Onboard the business through Stripe Connect (stripe-mock), then report the
        account's `account.updated` (signed, from that account) and wait until it is applied."""
        started = await self.client.post("/v1/connect/onboarding", headers=key_headers(business_id))
        assert started.status_code == 200, started.text
        account_id: str = started.json()["account_id"]
        if charges_enabled:
            updated = stripe_event(
                "account.updated",
                {
                    "id": account_id,
                    "object": "account",
                    "charges_enabled": True,
                    "details_submitted": True,
                },
            )
            updated["account"] = account_id
            assert (await self.deliver(updated)).status_code == 200

            async def enabled() -> bool:
                rows = await self.rows(
                    "SELECT charges_enabled FROM connect_accounts WHERE business_id = :b",
                    b=business_id,
                )
                return bool(rows and rows[0]["charges_enabled"])

            await eventually(enabled, what="account.updated applied")
        return account_id

    async def checkout(
        self, invoice_id: str, business_id: str, amount: int, currency: str = "USD", **extra: Any
    ) -> httpx.Response:
        body = {
            "invoice_id": invoice_id,
            "business_id": business_id,
            "invoice_number": "INV-2026-000001",
            "amount": amount,
            "currency": currency,
            "customer_email": "customer@example.com",
            "description": "Boiler service",
            "success_url": "http://127.0.0.1:8002/i/tok/paid",
            "cancel_url": "http://127.0.0.1:8002/i/tok",
            **extra,
        }
        return await self.client.post(
            "/internal/v1/checkout-sessions", json=body, headers=SERVICE_HEADERS
        )

    async def publish_invoice(
        self,
        *,
        invoice_id: str,
        business_id: str,
        total: int,
        amount_due: int | None = None,
        currency: str = "USD",
        status: str = "open",
        version: int = 1,
    ) -> None:
        """Publish invoice.issued on real Kafka and wait until payments has projected it."""
        snapshot = InvoiceSnapshot(
            invoice_id=invoice_id,
            number="INV-2026-000042",
            status=status,
            version=version,
            customer=Customer(name="Ada", email="ada@example.com"),
            currency=currency,
            lines=[],
            subtotal=total,
            tax_total=0,
            total=total,
            amount_paid=total - (total if amount_due is None else amount_due),
            amount_due=total if amount_due is None else amount_due,
            issued_at=datetime.now(UTC),
        )
        data = InvoiceEvent(
            invoice=snapshot, business=BusinessProfile(business_id=business_id, name="Acme")
        )
        event = new_event(
            "invoice.issued", data, source="test", business_id=business_id, subject=invoice_id
        )
        producer = AIOKafkaProducer(
            bootstrap_servers=self.infra.kafka_bootstrap_servers, acks="all"
        )
        await producer.start()
        try:
            await producer.send_and_wait(
                self.settings.kafka_topic_prefix + "invoice.issued",
                encode_event(event),
                key=invoice_id.encode(),
            )
        finally:
            await producer.stop()

        async def projected() -> bool:
            rows = await self.rows(
                "SELECT version FROM invoices WHERE invoice_id = :i", i=invoice_id
            )
            return bool(rows) and rows[0]["version"] >= version

        await eventually(projected, what="invoice projected")


@asynccontextmanager
async def start_payments(
    settings: PaymentsSettings, infra: Infra, stripe_gateway: StripeGateway | None = None
) -> AsyncIterator[Payments]:
    """Run a payments app with these settings (its lifespan included) for the block."""
    app = create_app(settings, stripe_gateway=stripe_gateway)
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        async with running(app) as client:
            yield Payments(
                app, client, settings, engine, StripeObjects(infra.stripe_api_base), infra
            )
    finally:
        await engine.dispose()
