"""Database plumbing: async engine and sessions, the outbox and inbox tables, migrations."""

from closeout.shared.db.engine import create_engine, create_sessionmaker, normalize_database_url
from closeout.shared.db.tables import add_messaging_tables

__all__ = ["add_messaging_tables", "create_engine", "create_sessionmaker", "normalize_database_url"]
