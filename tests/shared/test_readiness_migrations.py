"""`/readyz` says whether the database has the schema the code needs: never migrated or behind
is not ready; at head, or at a revision from a newer release (rolling deploy), is."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from closeout.shared.db import create_engine
from closeout.shared.db.migrate import MigrationState, upgrade
from closeout.shared.web.app import _migrations_of
from support.databases import create_database
from support.infra import Infra


async def test_the_migration_check_follows_the_database_revision(infra: Infra) -> None:
    migrations = _migrations_of("jobs")
    assert migrations is not None, "a service's migrations are found by convention"
    assert _migrations_of("plumbing-test") is None
    state = MigrationState(migrations)
    url = await create_database(infra.postgres_url, "readyz")
    engine = create_engine(url)
    try:

        async def problem() -> str | None:
            async with engine.connect() as conn:
                return await state.problem(conn)

        assert await problem() == "not migrated"
        first = min(state.known)
        await _upgrade(migrations, url, first)
        behind = await problem()
        assert behind is not None
        assert behind.startswith(f"behind: at {first}, code needs ")
        await _upgrade(migrations, url, "head")
        assert await problem() is None
        async with engine.begin() as conn:
            await conn.execute(
                text("UPDATE alembic_version SET version_num = 'from_a_newer_release'")
            )
        assert await problem() is None
    finally:
        await engine.dispose()


async def _upgrade(migrations: Path, url: str, revision: str) -> None:
    # Alembic's env runs its own event loop, so it runs in a thread here.
    await asyncio.to_thread(upgrade, migrations, url, revision)
