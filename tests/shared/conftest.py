from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.db import create_engine
from shared.messaging_app import metadata
from support.databases import create_database
from support.infra import Infra


@pytest.fixture
async def plumbing_db(infra: Infra) -> AsyncIterator[tuple[str, AsyncEngine]]:
    """A fresh database with the outbox, the inbox and the test's `effects` table."""
    url = await create_database(infra.postgres_url, "plumbing")
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield url, engine
    await engine.dispose()
