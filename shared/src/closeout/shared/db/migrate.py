"""Alembic, driven from code: each service keeps its migrations in its own package."""

import asyncio
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from closeout.shared.db.engine import normalize_database_url
from closeout.shared.db.tables import add_messaging_tables


def alembic_config(script_location: Path, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", normalize_database_url(database_url))
    return cfg


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(script_location, database_url), revision)


def run_env(target_metadata: MetaData) -> None:
    """The whole body of a service's `migrations/env.py`."""

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            context.config.get_section(context.config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(
            url=context.config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(run_async())


def create_messaging_tables() -> None:
    """In a service's first migration: create `outbox` and `inbox` from their one definition."""
    outbox, inbox = add_messaging_tables(MetaData())
    bind = op.get_bind()
    outbox.create(bind)
    inbox.create(bind)


def drop_messaging_tables() -> None:
    outbox, inbox = add_messaging_tables(MetaData())
    bind = op.get_bind()
    inbox.drop(bind)
    outbox.drop(bind)


def add_outbox_parking() -> None:
    """`outbox.parked_at` (rows that can never be sent). A database created after it was
    declared already has it from `create_messaging_tables`, hence IF NOT EXISTS."""
    op.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS parked_at timestamptz")


def drop_outbox_parking() -> None:
    op.execute("ALTER TABLE outbox DROP COLUMN IF EXISTS parked_at")
