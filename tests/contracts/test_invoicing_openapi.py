"""The invoicing API keeps its OpenAPI contract: schemathesis with all checks (every answer
documented and matching its schema, schema-valid input accepted, invalid input refused) against
an in-process server on real PostgreSQL and Kafka, with the credentials its routes take."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from closeout.invoicing.app import create_app as create_invoicing
from contracts.schemathesis_cli import failures, run_schemathesis
from contracts.serving import served
from support import invoicing
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import unique

# What the schema cannot state, per operation (each rule documented on its route).
CONFIG = Path(__file__).with_name("invoicing.schemathesis.toml")

# Schemathesis runs a few hundred requests: minutes on a busy 2-core machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]


async def test_invoicing_api_keeps_its_openapi_contract(infra: Infra) -> None:
    url = await create_migrated_database(infra.postgres_url, "invoicing", invoicing.MIGRATIONS)
    settings = invoicing.settings_for(url, unique_prefix(), infra, kafka_consumer_enabled=False)

    def payments_stub(request: httpx.Request) -> httpx.Response:
        body = {
            "attempt_id": "att_1",
            "checkout_session_id": "cs_test_1",
            "url": invoicing.CHECKOUT_URL,
        }
        return httpx.Response(201, json=body)

    app = create_invoicing(settings, payments_transport=httpx.MockTransport(payments_stub))
    key = issue_key(unique("biz"), "admin", databases=[url])
    with served(app) as base_url:
        run = await asyncio.to_thread(run_schemathesis, base_url, key, config=CONFIG)
    assert run.returncode == 0, failures(run)
