"""The api_keys table every service keeps: authentication against it, and applying
`apikey.*` records in any order (a revocation is never undone)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.shared.api_keys import (
    add_api_keys_table,
    apply_record,
    authenticate,
    find_record,
    issue_api_key,
    revoke_api_key,
)
from closeout.shared.auth import InvalidApiKeyError, mint_service_token
from closeout.shared.db import add_messaging_tables, create_engine, create_sessionmaker
from closeout.shared.ids import utcnow
from support.databases import create_database
from support.infra import Infra

SECRET = "shared-test-secret"


@pytest.fixture
async def sessions(infra: Infra) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    metadata = MetaData()
    add_messaging_tables(metadata)
    add_api_keys_table(metadata)
    engine = create_engine(await create_database(infra.postgres_url, "apikeys"), pool_size=2)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def test_a_key_works_until_revoked_and_its_events_are_enqueued(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        issued = await issue_api_key(
            session, business_id="acme", scopes=["integration", "admin"], source="test"
        )
    async with sessions() as session:
        principal = await authenticate(session, issued.key, auth_secret=SECRET)
        assert (principal.business_id, principal.role) == ("acme", "admin")
        assert principal.scopes == frozenset({"admin", "integration"})
        for forged in (issued.key[:-4] + "AAAA", "cok_nosuchkeyid.x" + "y" * 40, "cok_x"):
            with pytest.raises(InvalidApiKeyError):
                await authenticate(session, forged, auth_secret=SECRET)
        service = await authenticate(
            session, mint_service_token(SECRET, issuer="t"), auth_secret=SECRET
        )
        assert service.scopes == frozenset({"service"})

    async with sessions() as session, session.begin():
        first = await revoke_api_key(session, issued.record.key_id, source="test")
        assert first is not None
        again = await revoke_api_key(session, issued.record.key_id, source="test")
        assert again is not None
        assert again.revoked_at == first.revoked_at, "revoking twice keeps the first time"
    async with sessions() as session:
        with pytest.raises(InvalidApiKeyError, match="revoked"):
            await authenticate(session, issued.key, auth_secret=SECRET)
        outbox = await session.execute(
            select(add_messaging_tables(MetaData())[0].c.event_type).order_by("id")
        )
        assert list(outbox.scalars()) == ["apikey.issued", "apikey.revoked"]


async def test_records_merge_in_any_order_and_a_revocation_sticks(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        issued = await issue_api_key(session, business_id="*", scopes=["ops"], source="test")
        revoked = await revoke_api_key(session, issued.record.key_id, source="test")
    assert revoked is not None
    async with sessions() as session, session.begin():
        # Another service's table: the revocation arrives first, then the issue (or a replay).
        await session.execute(add_api_keys_table(MetaData()).delete())
        await apply_record(session, revoked)
        await apply_record(session, issued.record)
        stored = await find_record(session, issued.record.key_id)
    assert stored is not None
    assert stored.revoked_at == revoked.revoked_at


async def test_expiry_and_scopes_are_checked(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        with pytest.raises(ValueError, match="may have only"):
            await issue_api_key(session, business_id="*", scopes=["admin"], source="test")
        past = utcnow() - timedelta(seconds=1)
        with pytest.raises(ValueError, match="future"):
            await issue_api_key(
                session, business_id="acme", scopes=["admin"], source="test", expires_at=past
            )
        brief = await issue_api_key(
            session,
            business_id="acme",
            scopes=["admin"],
            source="test",
            expires_at=utcnow() + timedelta(minutes=5),
        )
    async with sessions() as session:
        assert (await authenticate(session, brief.key, auth_secret=SECRET)).business_id == "acme"
        later = utcnow() + timedelta(minutes=6)
        with pytest.raises(InvalidApiKeyError, match="expired"):
            await authenticate(session, brief.key, auth_secret=SECRET, now=later)
