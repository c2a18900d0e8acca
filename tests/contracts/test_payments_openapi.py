"""The payments API keeps its OpenAPI contract: schemathesis with all checks (every answer
documented and matching its schema, schema-valid input accepted, invalid input refused) against
an in-process server on real PostgreSQL and Kafka, with the credentials its routes take."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from closeout.payments.app import create_app as create_payments
from contracts.schemathesis_cli import failures, run_schemathesis
from contracts.serving import served
from support import payments
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import unique

# What the schema cannot state, per operation (each rule documented on its route).
CONFIG = Path(__file__).with_name("payments.schemathesis.toml")

# Schemathesis runs a few hundred requests: minutes on a busy 2-core machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]


async def test_payments_api_keeps_its_openapi_contract(infra: Infra) -> None:
    url = await create_migrated_database(infra.postgres_url, "payments", payments.MIGRATIONS)
    settings = payments.payments_settings(infra, url, unique_prefix(), kafka_consumer_enabled=False)
    admin = issue_key(unique("biz"), "admin", databases=[url])
    operator = issue_key("*", "ops", databases=[url])
    with served(create_payments(settings)) as base_url:
        tenant_run = await asyncio.to_thread(run_schemathesis, base_url, admin, config=CONFIG)
        ops_run = await asyncio.to_thread(
            run_schemathesis, base_url, operator, "--include-path-regex", "^/v1/ops/", config=CONFIG
        )
    assert tenant_run.returncode == 0, failures(tenant_run)
    assert ops_run.returncode == 0, failures(ops_run)
