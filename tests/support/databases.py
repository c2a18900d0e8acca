"""Fresh, migrated databases per test on the real Postgres server."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg

from closeout.shared.db.migrate import upgrade


async def create_database(postgres_url: str, label: str) -> str:
    """Create an empty database and return its SQLAlchemy (asyncpg) URL."""
    name = f"t_{label}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{postgres_url}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"{postgres_url.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"


async def create_migrated_database(postgres_url: str, label: str, migrations: Path) -> str:
    url = await create_database(postgres_url, label)
    await asyncio.to_thread(upgrade, migrations, url)
    return url
