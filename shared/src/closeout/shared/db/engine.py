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
    return _create_async_engine(
        normalize_database_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
