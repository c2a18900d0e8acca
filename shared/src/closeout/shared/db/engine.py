"""Async SQLAlchemy engine and session factory (asyncpg)."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine


def normalize_database_url(url: str) -> str:
    """Accept `postgres://`, `postgresql://` and `postgresql+asyncpg://` alike."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def asyncpg_dsn(url: str) -> str:
    """The plain DSN asyncpg itself understands (for LISTEN/NOTIFY connections)."""
    return normalize_database_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    # No pre-ping: it costs a round trip on every checkout. After a database restart the first
    # statement on a stale connection fails as a disconnect, SQLAlchemy then invalidates the
    # whole pool, and that one failure is an infrastructure fault every caller already waits
    # out (consumers retry, HTTP answers 503 + Retry-After).
    return _create_async_engine(
        normalize_database_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
