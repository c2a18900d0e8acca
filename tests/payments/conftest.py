"""Fixtures for the payments tests: a fresh database and app per test (helpers and the harness
are in `support.payments`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.settings import PaymentsSettings
from support.api_keys import serve_keys_from
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.payments import (
    MIGRATIONS,
    MakeSettings,
    Payments,
    StartPayments,
    payments_settings,
)
from support.payments import (
    start_payments as run_payments,
)


@pytest.fixture
async def database_url(infra: Infra) -> str:
    url = await create_migrated_database(infra.postgres_url, "payments", MIGRATIONS)
    return serve_keys_from("payments", url)


@pytest.fixture
def make_settings(infra: Infra, database_url: str) -> MakeSettings:
    prefix = unique_prefix()

    def make(**overrides: Any) -> PaymentsSettings:
        return payments_settings(infra, database_url, prefix, **overrides)

    return make


@pytest.fixture
def start_payments(infra: Infra, make_settings: MakeSettings) -> StartPayments:
    def start(
        stripe_gateway: StripeGateway | None = None, **overrides: Any
    ) -> AbstractAsyncContextManager[Payments]:
        return run_payments(make_settings(**overrides), infra, stripe_gateway)

    return start


@pytest.fixture
async def payments(start_payments: StartPayments) -> AsyncIterator[Payments]:
    async with start_payments() as started:
        yield started
