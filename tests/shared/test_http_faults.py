"""An infrastructure fault during an HTTP request answers 503 with Retry-After, not 500:
the database unreachable, a lock timeout, a statement timeout. A genuine bug stays a 500."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.auth import Principal, new_issued_key
from closeout.shared.kafka.faults import is_infrastructure_fault
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from closeout.shared.web.deps import SessionDep, require_role
from support.api_keys import bearer
from support.infra import Infra
from support.kafka import unique_prefix
from support.processes import free_port

UNAVAILABLE = "temporarily unavailable, retry shortly"

router = APIRouter()


@router.get("/guarded")
async def guarded(principal: Annotated[Principal, Depends(require_role("admin"))]) -> str:
    return principal.business_id


@router.post("/effects/{effect_id}/touch")
async def touch(effect_id: int, session: SessionDep) -> str:
    async with session.begin():
        await session.execute(text("SET LOCAL lock_timeout = '200ms'"))
        query = text("SELECT job_id FROM effects WHERE id = :id FOR UPDATE")
        return str((await session.execute(query, {"id": effect_id})).scalar_one())


@router.get("/slow")
async def slow(session: SessionDep) -> str:
    async with session.begin():
        await session.execute(text("SET LOCAL statement_timeout = '100ms'"))
        await session.execute(text("SELECT pg_sleep(5)"))
    return "slept"


@router.get("/bug")
async def bug(session: SessionDep) -> str:
    await session.execute(text("SELEC 1"))  # a programming error, not an outage
    return "never"


def make_app(infra: Infra, database_url: str) -> FastAPI:
    settings = ServiceSettings(
        service_name="http-faults-test",
        database_url=database_url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=unique_prefix(),
        kafka_topic_partitions=1,
        kafka_consumer_enabled=False,
        outbox_relay_enabled=False,
    )
    return create_service_app(title="http faults", settings=settings, routers=[router])


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan; an unhandled exception answers 500 as a server would."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["detail"] == UNAVAILABLE


async def test_database_unreachable_on_an_authenticated_route_is_503(infra: Infra) -> None:
    url = f"postgresql+asyncpg://closeout:closeout@127.0.0.1:{free_port()}/nowhere"
    key, _ = new_issued_key()
    async with client_of(make_app(infra, url)) as client:
        assert_unavailable(await client.get("/guarded", headers=bearer(key)))
        # Still 401 without a key: that answer needs no database.
        assert (await client.get("/guarded")).status_code == 401


async def test_a_lock_timeout_is_503(infra: Infra, plumbing_db: tuple[str, AsyncEngine]) -> None:
    url, engine = plumbing_db
    async with engine.begin() as conn:
        effect_id = (
            await conn.execute(text("INSERT INTO effects (job_id) VALUES ('j1') RETURNING id"))
        ).scalar_one()
    holder = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        async with client_of(make_app(infra, url)) as client:
            response = await client.post(f"/effects/{effect_id}/touch")
            assert response.status_code == 200, response.text  # the route works unlocked
            async with holder.transaction():
                locked = "SELECT id FROM effects WHERE id = $1 FOR UPDATE"
                assert await holder.fetchval(locked, effect_id) == effect_id
                assert_unavailable(await client.post(f"/effects/{effect_id}/touch"))
            assert (await client.post(f"/effects/{effect_id}/touch")).status_code == 200
    finally:
        await holder.close()


async def test_a_statement_timeout_is_503_and_a_bug_stays_500(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    url, _ = plumbing_db
    async with client_of(make_app(infra, url)) as client:
        assert_unavailable(await client.get("/slow"))
        response = await client.get("/bug")
        assert response.status_code == 500
        assert "Retry-After" not in response.headers


@pytest.mark.parametrize(
    "fault",
    [
        asyncpg.exceptions.LockNotAvailableError("lock timeout"),
        asyncpg.exceptions.QueryCanceledError("statement timeout"),
    ],
)
def test_lock_and_statement_timeouts_are_waited_out_by_consumers_too(fault: Exception) -> None:
    assert is_infrastructure_fault(fault)


def test_unrelated_errors_are_not_faults() -> None:
    assert not is_infrastructure_fault(asyncio.InvalidStateError("bug"))
    assert not is_infrastructure_fault(asyncpg.exceptions.UniqueViolationError("duplicate"))
