"""Fixtures for the notifications tests: a fresh database and app per test, Kafka publishing.
Helpers the tests import live in `support.notifications`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from closeout.notifications.settings import NotificationsSettings
from closeout.shared.events import Envelope, encode_event
from support.api_keys import serve_keys_from
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.notifications import (
    MIGRATIONS,
    SECRET,
    SMTP_PASSWORD,
    SMTP_USER,
    MakeSettings,
    Publish,
)
from support.private_mailpit import find_mailpit
from support.tls_certs import TlsFiles, make_server_certificate


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
def make_settings(infra: Infra, database_url: str) -> MakeSettings:
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
