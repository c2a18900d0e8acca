"""Dead-lettered events alert the operators with every detail, and the business's admin with a
short notice that has none of it; one mail per recipient per window, not one per event."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import text

from closeout.shared.db import create_engine
from closeout.shared.kafka.consumer import Outcome
from closeout.shared.kafka.dead_letters import CONSUMER, ORIGIN_TOPIC, REASON
from support.infra import Infra
from support.kafka import publish_raw
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, consumer_of, handled
from support.services import running
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration

# What a tenant must never read: SQL, exception text, hosts, topics, offsets.
LEAKY_REASON = (
    "IntegrityError: (psycopg.errors.UniqueViolation) duplicate key value violates unique "
    'constraint "invoices_pkey"\n[SQL: INSERT INTO invoices (invoice_id, business_id) '
    "VALUES (%(invoice_id)s, %(business_id)s)] connection to db-7.internal.example:5432"
)
NEVER_FOR_TENANTS = (
    "INSERT", "SQL", "IntegrityError", "db-7.internal", "5432", "invoice.issued", "dlq",
    "offset", "partition", "invoicing",
)  # fmt: skip


async def _rows(database_url: str, sql: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(text(sql))).mappings()]
    finally:
        await engine.dispose()


async def _all_sent(database_url: str, mails: int) -> None:
    """Positive marker: exactly `mails` alert rows exist and none is still pending."""

    async def done() -> bool:
        sql = "SELECT status FROM notifications WHERE template <> 'invoice'"
        rows = await _rows(database_url, sql)
        return len(rows) == mails and all(r["status"] == "sent" for r in rows)

    await eventually(done, what=f"{mails} alert mails sent")


async def test_event_storm_gives_one_alert_per_recipient(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    ops = f"{unique('ops')}@example.com"
    settings = make_settings(
        dead_letter_alerts_enabled=True, ops_email=ops, alert_window_seconds=86_400
    )
    app = build_app(settings)
    business_id = unique("biz")
    admin = f"{unique('admin')}@example.com"
    customer = f"{unique('x')}@example.com"
    good = invoice_event(
        "invoice.issued", business_id, snapshot(unique("inv"), customer), admin_email=admin
    )
    broken = json.loads(good.model_dump_json())
    broken["data"]["invoice"]["total"] = "not money"
    topic = settings.kafka_topic_prefix + "invoice.issued"

    async with running(app):
        await publish(settings, good)
        await handled(app, 1)
        for n in range(4):
            broken["id"] = f"broken-{n}"
            await publish_raw(infra.kafka_bootstrap_servers, topic, broken)
        await publish_raw(infra.kafka_bootstrap_servers, topic, b"not json at all")

        async def all_dead_lettered() -> bool:
            return consumer_of(app).counts[Outcome.DEAD_LETTERED] == 5

        await eventually(all_dead_lettered, what="five dead letters")

        async def all_counted() -> bool:
            rows = await _rows(database_url, "SELECT sum(occurrences) AS n FROM alert_windows")
            # ops: every letter; the admin: the four of its business
            return bool(rows[0]["n"] == 5 + 4)

        await eventually(all_counted, what="every dead letter counted")
        await _all_sent(database_url, 2)

    [ops_alert] = await messages_to(infra.mailpit_api_url, ops)
    assert ops_alert["Subject"] == "Closeout: an event on invoice.issued could not be processed"
    assert "invoice.total" in ops_alert["Text"]
    assert business_id in ops_alert["Text"]
    assert "offset" in ops_alert["Text"]
    [notice] = await messages_to(infra.mailpit_api_url, admin)
    assert notice["Subject"] == "Closeout: an update to your account could not be processed"
    assert "broken-0" in notice["Text"]  # a reference to quote, nothing more
    for secret in ("invoice.total", "not money", *NEVER_FOR_TENANTS):
        assert secret not in notice["Text"] + notice["HTML"], secret
    assert len(await messages_to(infra.mailpit_api_url, customer)) == 1


async def test_sql_and_hosts_in_a_dead_letter_reach_only_the_operators(
    infra: Infra, make_settings: MakeSettings, publish: Publish, database_url: str
) -> None:
    ops = f"{unique('ops')}@example.com"
    settings = make_settings(dead_letter_alerts_enabled=True, ops_email=ops)
    app = build_app(settings)
    business_id = unique("biz")
    admin = f"{unique('admin')}@example.com"
    good = invoice_event(
        "invoice.issued",
        business_id,
        snapshot(unique("inv"), f"{unique('x')}@example.com"),
        admin_email=admin,
    )
    prefix = settings.kafka_topic_prefix

    async with running(app):
        await publish(settings, good)
        await handled(app, 1)
        letter = json.loads(good.model_dump_json()) | {"id": unique("evt")}
        await _publish_dead_letter(infra, prefix, "invoice.issued", letter, LEAKY_REASON)
        await _all_sent(database_url, 2)

    [ops_alert] = await messages_to(infra.mailpit_api_url, ops)
    for detail in ("INSERT INTO invoices", "db-7.internal.example:5432", business_id, "invoicing"):
        assert detail in ops_alert["Text"], detail
    [notice] = await messages_to(infra.mailpit_api_url, admin)
    assert letter["id"] in notice["Text"]
    for secret in NEVER_FOR_TENANTS:
        assert secret not in notice["Subject"] + notice["Text"] + notice["HTML"], secret


async def test_without_an_ops_address_the_detail_is_logged_as_an_error(
    infra: Infra,
    make_settings: MakeSettings,
    publish: Publish,
    database_url: str,
) -> None:
    settings = make_settings(dead_letter_alerts_enabled=True, ops_email=None)
    app = build_app(settings)
    business_id = unique("biz")
    admin = f"{unique('admin')}@example.com"
    good = invoice_event(
        "invoice.issued",
        business_id,
        snapshot(unique("inv"), f"{unique('x')}@example.com"),
        admin_email=admin,
    )
    errors = _Recorded(logging.ERROR)
    # On the module's own logger: the service's logging set-up replaces the root's handlers.
    logging.getLogger("closeout.notifications.usecases.alerts").addHandler(errors)
    async with running(app):
        await publish(settings, good)
        await handled(app, 1)
        letter = json.loads(good.model_dump_json()) | {"id": unique("evt")}
        prefix = settings.kafka_topic_prefix
        await _publish_dead_letter(infra, prefix, "invoice.issued", letter, LEAKY_REASON)
        await _all_sent(database_url, 1)  # the admin's notice; no operators' mail

    logging.getLogger("closeout.notifications.usecases.alerts").removeHandler(errors)
    logged = [r.getMessage() for r in errors.records]
    assert any("NOTIFICATIONS_OPS_EMAIL" in e and "db-7.internal" in e for e in logged), logged
    [notice] = await wait_for_messages(infra.mailpit_api_url, admin)
    assert "db-7.internal" not in notice["Text"]


class _Recorded(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def _publish_dead_letter(
    infra: Infra, prefix: str, origin: str, event: dict[str, Any], reason: str
) -> None:
    """A dead letter as a consumer writes it: the event and headers saying where and why."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            f"{prefix}{origin}.dlq",
            json.dumps(event).encode(),
            headers=[
                (ORIGIN_TOPIC, (prefix + origin).encode()),
                (REASON, reason.encode()),
                (CONSUMER, b"invoicing"),
            ],
        )
    finally:
        await producer.stop()
