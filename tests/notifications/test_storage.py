"""The tables hang on the shared metadata and name every constraint and index exactly as the
migrated database does (the first migration let PostgreSQL name some of them)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, PrimaryKeyConstraint, UniqueConstraint, text

from closeout.notifications.storage.tables import metadata
from closeout.shared.db import create_engine
from closeout.shared.db.metadata import NAMING_CONVENTION

OWN_TABLES = {"notifications", "suppressions", "invoice_contexts", "deferred_events"}
OWN_TABLES |= {"alert_windows"}


def test_tables_hang_on_the_shared_metadata() -> None:
    assert metadata.naming_convention == NAMING_CONVENTION
    assert {"outbox", "inbox", "api_keys"} | OWN_TABLES <= set(metadata.tables)


def _declared_names() -> set[tuple[str, object]]:
    names: set[tuple[str, object]] = set()
    for table in OWN_TABLES:
        for constraint in metadata.tables[table].constraints:
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint):
                names.add((table, constraint.name))
        names |= {(table, index.name) for index in metadata.tables[table].indexes}
    return names


def _own(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) in OWN_TABLES


async def test_the_migrated_database_names_what_the_tables_name(database_url: str) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _own}
        )
        return list(compare_metadata(context, metadata))

    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            constraints = await connection.execute(
                text(
                    "SELECT c.relname, k.conname FROM pg_constraint k"
                    " JOIN pg_class c ON c.oid = k.conrelid"
                    " WHERE k.contype IN ('p', 'u') AND c.relname = ANY(:tables)"
                ),
                {"tables": sorted(OWN_TABLES)},
            )
            indexes = await connection.execute(
                text(
                    "SELECT tablename, indexname FROM pg_indexes"
                    " WHERE tablename = ANY(:tables) AND schemaname = current_schema()"
                ),
                {"tables": sorted(OWN_TABLES)},
            )
            in_database: set[tuple[str, object]] = {(t, n) for t, n in constraints}
            in_database |= {(t, n) for t, n in indexes}
    finally:
        await engine.dispose()
    # pg_indexes also lists the indexes behind primary keys and unique constraints.
    assert _declared_names() == in_database
