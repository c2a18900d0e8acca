"""Fixtures for the dashboard tests: a fresh database and app per test, users of two businesses.

The other services are not running here (their URLs point at a closed port): these tests cover
what the dashboard decides itself (sessions, CSRF, throttling, roles). Pages over the services
are driven in tests/e2e against the running stack."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from closeout.dashboard.app import create_app
from closeout.dashboard.domain.roles import Role
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage.records import User
from closeout.dashboard.usecases import accounts
from support.dashboard import PASSWORD
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.services import running, runtime_of

MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/dashboard/src/closeout/dashboard/migrations"
)
AUTH_SECRET = "dashboard-test-auth-secret-of-enough-bytes"
NOBODY = "http://127.0.0.1:9"  # a closed port: the services "are down"


@dataclass
class Dashboard:
    client: httpx.AsyncClient
    settings: DashboardSettings
    app: Any

    async def add_user(self, business_id: str, email: str, role: Role) -> User:
        async with runtime_of(self.app).sessionmaker() as session, session.begin():
            return await accounts.create_user(
                session, business_id=business_id, email=email, password=PASSWORD, role=role
            )

    @asynccontextmanager
    async def browser(self) -> AsyncIterator[httpx.AsyncClient]:
        """Another browser (its own cookie jar) on the same app."""
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


DashboardFactory = Callable[..., AbstractAsyncContextManager[Dashboard]]


@pytest.fixture
def dashboard_factory(infra: Infra) -> DashboardFactory:
    @asynccontextmanager
    async def start(
        upstream_transport: httpx.AsyncBaseTransport | None = None, **overrides: Any
    ) -> AsyncIterator[Dashboard]:
        url = await create_migrated_database(infra.postgres_url, "dashboard", MIGRATIONS)
        settings = DashboardSettings.model_validate(
            {
                "database_url": url,
                "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
                "KAFKA_TOPIC_PREFIX": unique_prefix(),
                "KAFKA_TOPIC_PARTITIONS": 1,
                "CLOSEOUT_AUTH_SECRET": AUTH_SECRET,
                "DASHBOARD_INVOICING_URL": NOBODY,
                "DASHBOARD_PAYMENTS_URL": NOBODY,
                "DASHBOARD_NOTIFICATIONS_URL": NOBODY,
                "LOG_JSON": False,
                # Nothing here is consumed or published: start faster without either.
                "KAFKA_CONSUMER_ENABLED": False,
                "OUTBOX_RELAY_ENABLED": False,
                **overrides,
            }
        )
        app = create_app(settings, upstream_transport=upstream_transport)
        # Secure cookies (outside development) travel over https only.
        base_url = (
            "http://testserver" if settings.environment == "development" else "https://testserver"
        )
        async with running(app, base_url) as client:
            yield Dashboard(client=client, settings=settings, app=app)

    return start


@pytest.fixture
async def dashboard(dashboard_factory: DashboardFactory) -> AsyncIterator[Dashboard]:
    async with dashboard_factory() as started:
        yield started
