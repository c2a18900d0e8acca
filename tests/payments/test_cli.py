"""`closeout-payments replay-webhook <event id>`: the CLI is an entry point like a route, so it
opens the transaction and the use case refuses an unknown event."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from closeout.payments.cli import main
from closeout.payments.storage import repository as repo
from closeout.payments.usecases.webhooks import store_event
from closeout.shared.db import create_engine, create_sessionmaker
from support.stripe_events import stripe_event


async def test_replay_webhook_requeues_a_stored_event_and_refuses_an_unknown_one(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    evt = stripe_event("customer.created", {"id": "cus_cli", "object": "customer"})
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await store_event(session, evt)
            await repo.finish_webhook_event(session, evt["id"], status="done", outcome="x")
        monkeypatch.setenv("PAYMENTS_DATABASE_URL", database_url)
        # main() runs its own event loop: call it from a worker thread.
        assert await asyncio.to_thread(main, ["replay-webhook", evt["id"]]) == 0
        assert await asyncio.to_thread(main, ["replay-webhook", "evt_missing"]) == 1
        out = capsys.readouterr().out.splitlines()
        assert out == [f"{evt['id']}: queued for processing", "evt_missing: no such event"]
        async with engine.connect() as connection:
            status = await connection.scalar(
                text("SELECT status FROM webhook_events WHERE event_id = :e"), {"e": evt["id"]}
            )
        assert status == "pending"
    finally:
        await engine.dispose()
