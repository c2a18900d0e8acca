"""Invoicing test fixtures: a fresh migrated database and the app on real Kafka + Postgres
(helpers are in `support.invoicing`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from support.databases import create_migrated_database
from support.infra import Infra
from support.invoicing import MIGRATIONS, Harness, start_app
from support.kafka import unique_prefix
from support.waiting import unique


@pytest.fixture
async def database_url(infra: Infra) -> str:
    return await create_migrated_database(infra.postgres_url, "invoicing", MIGRATIONS)


@pytest.fixture
async def harness(infra: Infra, database_url: str) -> AsyncIterator[Harness]:
    async with start_app(infra, database_url, unique_prefix(), unique("biz")) as running_app:
        yield running_app
