"""Grants: the businesses a platform may report jobs for (SQLAlchemy Core on a session)."""

from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.platforms.names import check_name
from closeout.jobs.storage.tables import platform_grants


async def grant(session: AsyncSession, platform: str, business_id: str) -> bool:
    """True if the grant is new."""
    statement = (
        insert(platform_grants)
        .values(platform=check_name(platform), business_id=business_id)
        .on_conflict_do_nothing()
        .returning(platform_grants.c.platform)
    )
    return (await session.execute(statement)).first() is not None


async def revoke(session: AsyncSession, platform: str, business_id: str) -> bool:
    """True if there was such a grant."""
    statement = (
        delete(platform_grants)
        .where(
            platform_grants.c.platform == platform,
            platform_grants.c.business_id == business_id,
        )
        .returning(platform_grants.c.platform)
    )
    return (await session.execute(statement)).first() is not None


async def is_granted(session: AsyncSession, platform: str, business_id: str) -> bool:
    query = select(
        exists().where(
            platform_grants.c.platform == platform,
            platform_grants.c.business_id == business_id,
        )
    )
    return bool((await session.execute(query)).scalar())


async def list_grants(session: AsyncSession) -> list[tuple[str, str]]:
    query = select(platform_grants.c.platform, platform_grants.c.business_id).order_by(
        platform_grants.c.platform, platform_grants.c.business_id
    )
    return [(row.platform, row.business_id) for row in (await session.execute(query)).all()]
