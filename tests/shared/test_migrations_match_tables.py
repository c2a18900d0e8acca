"""Each service's migrations build exactly the tables its code declares: Alembic's comparison of
a freshly migrated database with the service's metadata finds nothing to change."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from closeout.shared.db import create_engine
from closeout.shared.db.migrate import upgrade
from closeout.shared.web.app import _migrations_of
from support.databases import create_database
from support.infra import Infra

SERVICES = ("jobs", "invoicing", "payments", "notifications", "dashboard")


def differences(connection: Any, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_build_the_declared_tables(infra: Infra, service: str) -> None:
    migrations = _migrations_of(service)
    assert migrations is not None
    metadata: MetaData = importlib.import_module(f"closeout.{service}.storage.tables").metadata
    url = await create_database(infra.postgres_url, f"schema_{service}")
    await asyncio.to_thread(upgrade, migrations, url, "head")
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            found = await conn.run_sync(differences, metadata)
    finally:
        await engine.dispose()
    assert found == [], f"{service}: migrations and tables disagree: {found}"
