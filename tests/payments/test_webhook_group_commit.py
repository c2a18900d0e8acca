"""Webhook intake stores events arriving together in one transaction (group commit), answers
each only after its commit, and isolates an event that cannot be stored; the worker processes
stored events several to a transaction (real PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.payments.settings import PaymentsSettings
from closeout.payments.usecases.intake import WebhookIntake
from closeout.payments.usecases.webhooks import process_due
from closeout.shared.db import create_engine, create_sessionmaker
from support.payments import Payments
from support.stripe_events import stripe_event


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=2)
    yield engine
    await engine.dispose()


def customer_event(n: int, **extra: Any) -> dict[str, Any]:
    return stripe_event("customer.created", {"id": f"cus_{n}", "object": "customer"}) | extra


def count_commits(engine: AsyncEngine) -> list[int]:
    commits: list[int] = []
    event.listen(engine.sync_engine, "commit", lambda _: commits.append(1))
    return commits


async def stored_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT event_id FROM webhook_events ORDER BY event_id"))
        return list(rows.scalars())


async def test_events_arriving_together_share_a_commit_and_each_is_answered_once(
    payments: Payments, engine: AsyncEngine
) -> None:
    intake, commits = WebhookIntake(), count_commits(engine)
    events = [customer_event(n) for n in range(40)]
    again = events[0] | {}  # a redelivery inside the same group
    answers = await asyncio.gather(
        *(intake.store(create_sessionmaker(engine), e) for e in [*events, again])
    )
    await intake.close()

    assert answers == [True] * 40 + [False]
    assert await stored_ids(engine) == sorted(e["id"] for e in events)
    assert 1 <= len(commits) <= 2, "40 arrivals, the first alone at most, the rest together"


async def test_an_event_that_cannot_be_stored_fails_alone(
    payments: Payments, engine: AsyncEngine
) -> None:
    intake = WebhookIntake()
    good = [customer_event(n) for n in range(3)]
    bad = customer_event(99, type="t" * 300)  # longer than the column: the insert fails
    results = await asyncio.gather(
        *(intake.store(create_sessionmaker(engine), e) for e in [good[0], bad, *good[1:]]),
        return_exceptions=True,
    )
    await intake.close()

    assert [results[0], *results[2:]] == [True, True, True]
    assert isinstance(results[1], DBAPIError)
    assert await stored_ids(engine) == sorted(e["id"] for e in good)


async def test_the_endpoint_answers_concurrent_deliveries_after_storing_them(
    payments: Payments,
) -> None:
    events = [customer_event(n) for n in range(30)]
    responses = await asyncio.gather(*(payments.deliver(e) for e in [*events, *events]))

    assert [r.status_code for r in responses] == [200] * 60
    duplicates = [r.json()["duplicate"] for r in responses]
    assert duplicates.count(False) == 30, "each event stored once"
    rows = await payments.rows("SELECT event_id FROM webhook_events")
    assert sorted(r["event_id"] for r in rows) == sorted(e["id"] for e in events)


async def test_the_worker_takes_due_events_together_up_to_its_limit(
    database_url: str, engine: AsyncEngine
) -> None:
    sessions, intake = create_sessionmaker(engine), WebhookIntake()
    for n in range(5):
        await intake.store(sessions, customer_event(n))
    await intake.close()
    settings = PaymentsSettings(database_url=database_url)

    taken = []
    for _ in range(4):
        async with sessions() as session, session.begin():
            taken.append(await process_due(session, settings, limit=2))

    assert taken == [2, 2, 1, 0]
    async with engine.connect() as conn:
        statuses = await conn.execute(text("SELECT DISTINCT status FROM webhook_events"))
        assert list(statuses.scalars()) == ["ignored"]
