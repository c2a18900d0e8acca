"""Jobs test fixtures: a fresh migrated database and the app on real Kafka + Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from closeout.jobs.app import create_app
from support.databases import create_migrated_database
from support.infra import Infra
from support.jobs import MIGRATIONS, Harness, settings_for
from support.kafka import unique_prefix
from support.services import running
from support.waiting import unique


@pytest.fixture
async def database_url(infra: Infra) -> str:
    return await create_migrated_database(infra.postgres_url, "jobs", MIGRATIONS)


@pytest.fixture
async def harness(infra: Infra, database_url: str) -> AsyncIterator[Harness]:
    prefix, group = unique_prefix(), unique("jobs")
    app = create_app(settings_for(database_url, prefix, infra, group))
    async with running(app) as client:
        yield Harness(infra, prefix, database_url, client, unique("biz"), group)
