"""`closeout-dashboard seed-demo-owner`: idempotent, always leaves the printed sign-in working,
and refuses the development password in production."""

from __future__ import annotations

import asyncio

import pytest

from closeout.dashboard.cli import main
from closeout.dashboard.domain.passwords import verify_password
from closeout.dashboard.storage import repository as repo
from closeout.shared.db import create_engine, create_sessionmaker
from dashboard.conftest import MIGRATIONS
from support.databases import create_migrated_database
from support.infra import Infra


async def demo_owner(url: str, email: str) -> tuple[int, str | None]:
    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            user = await repo.user_by_email(session, email)
            people = await repo.emails_of_business(session, "demo")
    finally:
        await engine.dispose()
    return len(people), user.password_hash if user else None


async def test_seeding_twice_keeps_one_owner_whose_password_is_the_given_one(
    infra: Infra, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await create_migrated_database(infra.postgres_url, "dashboard", MIGRATIONS)
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    monkeypatch.setenv("DEMO_ADMIN_EMAIL", "Owner@Demo.test")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "first password of the demo")
    assert await asyncio.to_thread(main, ["seed-demo-owner"]) == 0
    assert await asyncio.to_thread(main, ["seed-demo-owner"]) == 0
    count, hashed = await demo_owner(url, "owner@demo.test")
    assert count == 1
    assert hashed is not None
    assert verify_password(hashed, "first password of the demo")

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a changed demo password")
    assert await asyncio.to_thread(main, ["seed-demo-owner"]) == 0
    count, hashed = await demo_owner(url, "owner@demo.test")
    assert count == 1
    assert hashed is not None
    assert verify_password(hashed, "a changed demo password")


def test_production_refuses_the_development_demo_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLOSEOUT_ENV", "production")
    monkeypatch.setenv("CLOSEOUT_AUTH_SECRET", "x" * 40)
    monkeypatch.setenv("CLOSEOUT_LINK_SECRET", "y" * 40)
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    assert main(["seed-demo-owner"]) == 2
    assert "refusing the development DEMO_ADMIN_PASSWORD" in capsys.readouterr().err
