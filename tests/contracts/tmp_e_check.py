from __future__ import annotations

import asyncio

from closeout.invoicing.app import create_app as create_invoicing
from closeout.payments.app import create_app as create_payments
from contracts.schemathesis_cli import failures, run_schemathesis
from contracts.serving import served
from support import invoicing, payments
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import unique


async def test_payment_log(infra: Infra) -> None:
    url = await create_migrated_database(infra.postgres_url, "payments", payments.MIGRATIONS)
    settings = payments.payments_settings(infra, url, unique_prefix(), kafka_consumer_enabled=False)
    admin = issue_key(unique("biz"), "admin", databases=[url])
    with served(create_payments(settings)) as base_url:
        run = await asyncio.to_thread(
            run_schemathesis, base_url, admin, "--include-path-regex", "^/v1/payment-log"
        )
    assert run.returncode == 0, failures(run)


async def test_report(infra: Infra) -> None:
    url = await create_migrated_database(infra.postgres_url, "invoicing", invoicing.MIGRATIONS)
    settings = invoicing.settings_for(url, unique_prefix(), infra, kafka_consumer_enabled=False)
    admin = issue_key(unique("biz"), "admin", databases=[url])
    with served(create_invoicing(settings)) as base_url:
        run = await asyncio.to_thread(
            run_schemathesis, base_url, admin, "--include-path-regex", "^/v1/reports/"
        )
    assert run.returncode == 0, failures(run)
