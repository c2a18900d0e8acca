"""Invoicing and notifications together (real Kafka, Postgres, Mailpit): the customer's mail
carries a live link, yet no outbox, topic payload or notifications table holds the token; on
the first overdue day the customer gets one reminder mail, not two."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text

from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once
from closeout.notifications.app import create_app as create_notifications_app
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.capability_links import DEV_LINK_SECRET, link_token
from closeout.shared.contracts.common import Customer
from closeout.shared.db import create_engine
from support.databases import create_migrated_database
from support.invoicing import Harness, configure_business, job_completed, turn_on_reminders
from support.mailpit import wait_for_messages
from support.services import running, runtime_of
from support.waiting import eventually, unique

NOTIFICATIONS_MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "services/notifications/src/closeout/notifications/migrations"
)
LINK = re.compile(r"http://invoices\.test/i/[A-Za-z0-9_~.\-]+")


@asynccontextmanager
async def notifications_for(h: Harness) -> AsyncIterator[tuple[FastAPI, str]]:
    """The notifications service on the invoicing harness's topics."""
    url = await create_migrated_database(
        h.infra.postgres_url, "notifications", NOTIFICATIONS_MIGRATIONS
    )
    settings = NotificationsSettings(
        database_url=url,
        kafka_bootstrap_servers=h.infra.kafka_bootstrap_servers,
        kafka_topic_prefix=h.prefix,
        kafka_topic_partitions=1,
        smtp_host=h.infra.smtp_host,
        smtp_port=h.infra.smtp_port,
        outbox_poll_seconds=0.2,
        delivery_poll_seconds=0.1,
        consumer_retry_base_seconds=0.05,
        dead_letter_alerts_enabled=False,
        log_level="WARNING",
    )
    app = create_notifications_app(settings)
    async with running(app):
        yield app, url


async def rows_of(database_url: str, query: str, **params: Any) -> list[dict[str, Any]]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as conn:
            return [dict(r) for r in (await conn.execute(text(query), params)).mappings().all()]
    finally:
        await engine.dispose()


async def every_text_in(database_url: str) -> str:
    """Every row of every table of a database, as text."""
    tables = await rows_of(
        database_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )
    dumped: list[str] = []
    for table in tables:
        query = f'SELECT * FROM "{table["tablename"]}"'  # noqa: S608 (names from pg_tables)
        rows = await rows_of(database_url, query)
        dumped.extend(repr(row) for row in rows)
    return "\n".join(dumped)


async def bill(h: Harness, email: str) -> str:
    job = job_completed().model_copy(update={"customer": Customer(name="Pat", email=email)})
    await h.publish(h.event("job.completed", job))
    invoice = await eventually(
        lambda: h.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    return str(invoice["invoice_id"])


async def test_mail_link_is_live_but_no_table_or_outbox_keeps_the_token(harness: Harness) -> None:
    await configure_business(harness, email="accounts@acme.example")
    email = f"{unique('pat')}@example.com"
    async with notifications_for(harness) as (_, notifications_db):
        invoice_id = await bill(harness, email)
        [mail] = await wait_for_messages(harness.infra.mailpit_api_url, email)
        [link] = set(LINK.findall(mail["Text"]))
        assert link in mail["HTML"]
        page = await harness.client.get(link.removeprefix("http://invoices.test"))
        assert page.status_code == 200
        assert "Replace hot water system" in page.text

        links = await harness.sql(
            "SELECT link_id FROM payment_links WHERE invoice_id = :i", i=invoice_id
        )
        [token] = [link_token(DEV_LINK_SECRET, row["link_id"]) for row in links]
        assert link.endswith(f"/i/{token}")
        stored = await every_text_in(notifications_db)
        assert email in stored  # the dump does see the message
        assert invoice_id in stored
        assert token not in stored
        invoicing_rows = await every_text_in(harness.database_url)
        outbox = await harness.sql("SELECT payload FROM outbox WHERE key = :k", k=invoice_id)
        payloads = "\n".join(bytes(r["payload"]).decode() for r in outbox)
        assert "invoice.issued" in payloads
        assert token not in payloads
        assert token not in invoicing_rows


async def test_first_overdue_day_sends_one_reminder_mail(harness: Harness) -> None:
    await configure_business(harness, email="accounts@acme.example")
    await turn_on_reminders(harness)
    email = f"{unique('late')}@example.com"
    async with notifications_for(harness) as (_, notifications_db):
        invoice_id = await bill(harness, email)
        await wait_for_messages(harness.infra.mailpit_api_url, email)  # the invoice
        await harness.sql(
            "UPDATE invoices SET due_date = current_date - 1, next_action_at = now()"
            " WHERE invoice_id = :i RETURNING 1",
            i=invoice_id,
        )
        result = await run_once(
            runtime_of(harness.app).sessionmaker, Linker("http://invoices.test", DEV_LINK_SECRET)
        )
        assert result.marked_overdue == [invoice_id]
        assert result.reminders == [(invoice_id, 1)]

        # Everything invoicing published about the invoice has been consumed by notifications.
        published = await harness.sql(
            "SELECT count(*) AS n FROM outbox WHERE key = :k AND event_type LIKE 'invoice.%'",
            k=invoice_id,
        )

        async def consumed() -> int:
            handled = await rows_of(
                notifications_db,
                "SELECT count(*) AS n FROM inbox WHERE event_type LIKE 'invoice.%'",
            )
            return int(handled[0]["n"])

        await eventually(consumed, lambda n: n >= published[0]["n"], timeout=30)
        reminders = await rows_of(
            notifications_db,
            "SELECT template, cause_event_type FROM notifications"
            " WHERE invoice_id = :i AND template = 'reminder'",
            i=invoice_id,
        )
        assert reminders == [{"template": "reminder", "cause_event_type": "invoice.overdue"}]
        mails = await wait_for_messages(harness.infra.mailpit_api_url, email, count=2)
        assert sorted(m["Subject"].split(" ")[0] for m in mails) == ["Invoice", "Reminder:"]
