"""Alembic, driven from code: each service keeps its migrations in its own package."""

import asyncio
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, async_engine_from_config

from closeout.shared.db.engine import normalize_database_url
from closeout.shared.db.tables import add_messaging_tables


def alembic_config(script_location: Path, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", normalize_database_url(database_url))
    return cfg


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(script_location, database_url), revision)


class MigrationState:
    """Whether a database has the schema this code was written for.

    Behind (its revision is an older one of ours) or never migrated: not current. A revision
    this code does not know is taken as newer (a later release migrated first during a
    rolling deploy; migrations only add), so it is current."""

    def __init__(self, script_location: Path) -> None:
        scripts = ScriptDirectory.from_config(alembic_config(script_location, "postgresql://"))
        self.heads = set(scripts.get_heads())
        self.known = {script.revision for script in scripts.walk_revisions()}

    async def problem(self, conn: AsyncConnection) -> str | None:
        """None when current; otherwise what is wrong, for `/readyz`."""
        exists = await conn.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL"))
        if not exists:
            return "not migrated"
        applied = set(
            (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars()
        )
        behind = (applied & self.known) - self.heads
        if not applied or behind:
            at = ", ".join(sorted(applied)) or "nothing"
            return f"behind: at {at}, code needs {', '.join(sorted(self.heads))}"
        return None


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


def add_pruning_indexes() -> None:
    """The indexes pruning finds old rows by (`closeout.shared.db.pruning`). A database created
    after they were declared already has them from `create_messaging_tables`."""
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_outbox_published_at ON outbox (published_at)"
        " WHERE published_at IS NOT NULL"
    )
    op.execute("CREATE INDEX IF NOT EXISTS ix_inbox_processed_at ON inbox (processed_at)")


def drop_pruning_indexes() -> None:
    op.execute("DROP INDEX IF EXISTS ix_inbox_processed_at")
    op.execute("DROP INDEX IF EXISTS ix_outbox_published_at")
