"""Fixtures for the notifications tests: a fresh database and app per test, Kafka publishing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

from closeout.notifications.app import create_app
from closeout.notifications.channels import Channel
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.events import Envelope, encode_event
from closeout.shared.kafka import EventConsumer
from support.api_keys import bearer, issue_key, serve_keys_from
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.private_mailpit import find_mailpit
from support.tls_certs import TlsFiles, make_server_certificate

MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "services/notifications/src/closeout/notifications/migrations"
)
SECRET = "notifications-test-secret"


SMTP_USER = "mailer"
SMTP_PASSWORD = "correct-horse-battery"


@pytest.fixture
def mailpit_binary() -> Path:
    """The Mailpit the project builds, to start a private one that demands TLS or a login."""
    found = find_mailpit()
    if found is None:
        pytest.skip("no mailpit binary: run deploy/local/infra.sh once, or set MAILPIT_BIN")
    return found


@pytest.fixture
def tls_files(tmp_path: Path) -> TlsFiles:
    return make_server_certificate(tmp_path / "tls")


@pytest.fixture
def smtp_auth_file(tmp_path: Path) -> Path:
    path = tmp_path / "smtp-users"
    path.write_text(f"{SMTP_USER}:{SMTP_PASSWORD}\n")
    return path


@pytest.fixture
async def database_url(infra: Infra) -> str:
    url = await create_migrated_database(infra.postgres_url, "notifications", MIGRATIONS)
    return serve_keys_from("notifications", url)


@pytest.fixture
def make_settings(infra: Infra, database_url: str) -> Callable[..., NotificationsSettings]:
    prefix = unique_prefix()

    def make(**overrides: Any) -> NotificationsSettings:
        values: dict[str, Any] = {
            "database_url": database_url,
            "kafka_bootstrap_servers": infra.kafka_bootstrap_servers,
            "kafka_topic_prefix": prefix,
            "kafka_topic_partitions": 1,
            "smtp_host": infra.smtp_host,
            "smtp_port": infra.smtp_port,
            "auth_secret": SECRET,
            "outbox_poll_seconds": 0.2,
            "delivery_poll_seconds": 0.1,
            "retry_base_seconds": 0.2,
            "retry_max_seconds": 0.5,
            "consumer_retry_base_seconds": 0.05,
            "dead_letter_alerts_enabled": False,
            "log_json": False,
            "log_level": "WARNING",
        }
        values.update(overrides)
        return NotificationsSettings(**values)

    return make


def build_app(
    settings: NotificationsSettings, channels: dict[str, Channel] | None = None
) -> FastAPI:
    return create_app(settings, channels=channels)


def consumer_of(app: FastAPI) -> EventConsumer:
    consumer: EventConsumer = app.state.consumer
    return consumer


def admin_headers(business_id: str) -> dict[str, str]:
    return bearer(issue_key(business_id, "admin"))


Publish = Callable[[NotificationsSettings, Envelope[Any]], Awaitable[None]]
MakeSettings = Callable[..., NotificationsSettings]


@pytest.fixture
async def publish(infra: Infra) -> AsyncIterator[Publish]:
    """Publish an event on its topic under the test app's prefix, keyed by its subject."""
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap_servers, acks="all")
    await producer.start()

    async def send(settings: NotificationsSettings, event: Envelope[Any]) -> None:
        topic = settings.kafka_topic_prefix + event.type
        key = event.subject.encode() if event.subject else None
        await producer.send_and_wait(topic, encode_event(event), key=key)

    yield send
    await producer.stop()


async def eventually(
    check: Callable[[], Awaitable[Any]], *, timeout: float = 30, what: str = "condition"
) -> Any:
    """Poll `check` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def handled(app: FastAPI, count: int, timeout: float = 30) -> None:
    """Wait until the app's consumer has taken `count` messages (applied or duplicate)."""
    from closeout.shared.kafka.consumer import Outcome

    async def done() -> bool:
        counts = consumer_of(app).counts
        return counts[Outcome.APPLIED] + counts[Outcome.DUPLICATE] >= count

    await eventually(done, timeout=timeout, what=f"{count} events handled")


async def mail_settled(database_url: str, timeout: float = 30) -> None:
    """Wait until no recorded message is still pending. After `handled(...)` (every event
    taken), what Mailpit holds then is final: a check for "no more mail" can follow."""
    from sqlalchemy import text

    from closeout.shared.db import create_engine

    engine = create_engine(database_url, pool_size=1)
    try:

        async def nothing_pending() -> bool:
            async with engine.connect() as conn:
                pending = await conn.execute(
                    text("SELECT count(*) FROM notifications WHERE status = 'pending'")
                )
                return bool(pending.scalar_one() == 0)

        await eventually(nothing_pending, timeout=timeout, what="every message sent or failed")
    finally:
        await engine.dispose()
