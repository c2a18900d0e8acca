"""Field platforms: their broker credential and topic, and the businesses each may report
jobs for (its grants)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.jobs.adapters.kafka_admin import (
    PlatformAccessError,
    provision_platform,
    wait_for_access,
)
from closeout.jobs.domain.platforms import check_name
from closeout.jobs.settings import JobsSettings
from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.records import PlatformGrant


async def grant(session: AsyncSession, platform: str, business_id: str) -> bool:
    """Let the platform report jobs for the business; True if the grant is new."""
    return await repo.add_grant(session, PlatformGrant(check_name(platform), business_id))


async def revoke(session: AsyncSession, platform: str, business_id: str) -> bool:
    """True if there was such a grant."""
    return await repo.delete_grant(session, PlatformGrant(platform, business_id))


async def is_granted(session: AsyncSession, platform: str, business_id: str) -> bool:
    return await repo.has_grant(session, PlatformGrant(platform, business_id))


async def list_grants(session: AsyncSession) -> list[PlatformGrant]:
    return await repo.all_grants(session)


@dataclass(frozen=True)
class AddedPlatform:
    topic: str
    # Why the platform listener did not (yet) accept the new credential; None once it did,
    # or when not asked to wait.
    access_problem: str | None


async def add_platform(
    settings: JobsSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    name: str,
    password: str,
    businesses: list[str],
    *,
    wait: bool = True,
) -> AddedPlatform:
    """Create (or re-key) the platform's principal, topic and ACLs, grant it the businesses,
    and wait until the platform listener lets it in.

    Takes the sessionmaker, not a session: the broker is set up with no transaction open,
    then the grants are written in one transaction of their own."""
    name = check_name(name)
    topic = await provision_platform(
        settings.kafka_bootstrap_servers,
        name,
        password,
        topic_prefix=settings.kafka_topic_prefix,
        partitions=settings.kafka_topic_partitions,
    )
    async with sessionmaker() as session, session.begin():
        for business_id in businesses:
            await grant(session, name, business_id)
    if not wait:
        return AddedPlatform(topic, None)
    try:
        await wait_for_access(settings.kafka_platform_bootstrap_servers, name, password, topic)
    except PlatformAccessError as exc:
        return AddedPlatform(topic, str(exc))
    return AddedPlatform(topic, None)
