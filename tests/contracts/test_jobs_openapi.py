"""The jobs API keeps its OpenAPI contract: schemathesis with all checks (every answer
documented and matching its schema, schema-valid input accepted, invalid input refused) against
an in-process server on real PostgreSQL and Kafka, with the credentials its routes take."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from closeout.jobs.app import create_app as create_jobs
from contracts.schemathesis_cli import failures, run_schemathesis
from contracts.serving import served
from support import jobs
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import unique

# Schemathesis runs a few hundred requests: minutes on a busy 2-core machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]


async def test_jobs_api_keeps_its_openapi_contract(infra: Infra) -> None:
    url = await create_migrated_database(infra.postgres_url, "jobs", jobs.MIGRATIONS)
    settings = jobs.settings_for(
        url, unique_prefix(), infra, unique("jobs"), kafka_consumer_enabled=False
    )
    key = issue_key(unique("biz"), "integration,admin", databases=[url])
    with served(create_jobs(settings)) as base_url:
        run = await asyncio.to_thread(
            run_schemathesis,
            base_url,
            key,
            config=Path(__file__).with_name("jobs.schemathesis.toml"),
        )
    assert run.returncode == 0, failures(run)
