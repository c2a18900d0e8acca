"""The notifications API keeps its OpenAPI contract: schemathesis with all checks (every answer
documented and matching its schema, schema-valid input accepted, invalid input refused) against
an in-process server on real PostgreSQL and Kafka, with the credentials its routes take."""

from __future__ import annotations

import asyncio

import pytest

from closeout.notifications.app import create_app as create_notifications
from closeout.notifications.settings import NotificationsSettings
from contracts.schemathesis_cli import failures, run_schemathesis
from contracts.serving import served
from support import notifications
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import unique

# Schemathesis runs a few hundred requests: minutes on a busy 2-core machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]


async def test_notifications_api_keeps_its_openapi_contract(infra: Infra) -> None:
    url = await create_migrated_database(
        infra.postgres_url, "notifications", notifications.MIGRATIONS
    )
    settings = NotificationsSettings(
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=unique_prefix(),
        kafka_topic_partitions=1,
        smtp_host=infra.smtp_host,
        smtp_port=infra.smtp_port,
        auth_secret=notifications.SECRET,
        kafka_consumer_enabled=False,
        dead_letter_alerts_enabled=False,
        log_json=False,
        log_level="WARNING",
    )
    key = issue_key(unique("biz"), "admin", databases=[url])
    with served(create_notifications(settings)) as base_url:
        run = await asyncio.to_thread(run_schemathesis, base_url, key)
    assert run.returncode == 0, failures(run)
