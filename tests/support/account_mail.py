"""The dashboard with notifications behind it: its account mails (invitations, password
resets) really go out through Kafka, notifications and SMTP, and are read back from Mailpit."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from closeout.notifications.settings import NotificationsSettings
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.mailpit import wait_for_messages
from support.notifications import MIGRATIONS, SECRET, build_app
from support.services import running

LINK = re.compile(r"https?://[^\s\"<>]+/i/[A-Za-z0-9_-]{20,}")


@asynccontextmanager
async def notifications_running(infra: Infra, topic_prefix: str) -> AsyncIterator[Any]:
    url = await create_migrated_database(infra.postgres_url, "notifications", MIGRATIONS)
    settings = NotificationsSettings(
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=topic_prefix,
        kafka_topic_partitions=1,
        smtp_host=infra.smtp_host,
        smtp_port=infra.smtp_port,
        auth_secret=SECRET,
        delivery_poll_seconds=0.1,
        consumer_retry_base_seconds=0.05,
        dead_letter_alerts_enabled=False,
        log_json=False,
        log_level="WARNING",
    )
    app = build_app(settings)
    async with running(app):
        yield app


def relaying(prefix: str | None = None) -> dict[str, Any]:
    """Dashboard settings overrides that publish its outbox under a topic prefix."""
    return {
        "KAFKA_TOPIC_PREFIX": prefix or unique_prefix(),
        "OUTBOX_RELAY_ENABLED": True,
        "OUTBOX_POLL_SECONDS": 0.2,
    }


async def link_mailed_to(
    infra: Infra, recipient: str, count: int = 1
) -> tuple[str, dict[str, Any]]:
    """The live link in the newest of `count` mails to `recipient`, and that mail."""
    mails = await wait_for_messages(infra.mailpit_api_url, recipient, count=count, timeout=60)
    assert len(mails) >= count, f"{count} mail(s) to {recipient} expected, got {len(mails)}"
    newest = max(mails, key=lambda m: m["Date"])
    found = LINK.search(newest["Text"])
    assert found, newest["Text"]
    return found.group(0), newest
