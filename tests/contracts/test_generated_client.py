"""A field platform integrates from the published contract alone: with the clients generated
from docs/openapi (clients/python/), it sets up billing, reports a finished job to the jobs
service and reads the job's billing status once invoicing has sent its invoice (real Kafka and
PostgreSQL between the two services, both served in-process)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from closeout_invoicing_client import AuthenticatedClient as InvoicingClient
from closeout_invoicing_client.api.admin import patch_business_v1_business_patch as patch_business
from closeout_invoicing_client.models import BusinessOut, BusinessPatch
from closeout_jobs_client import AuthenticatedClient as JobsClient
from closeout_jobs_client.api.jobs import get_job_v1_jobs_job_id_get as get_job
from closeout_jobs_client.api.jobs import (
    report_completed_job_v1_jobs_completed_post as report_completed_job,
)
from closeout_jobs_client.models import BillingStatus, Customer, InboundJob, JobOut, LineItem

from closeout.invoicing.app import create_app as create_invoicing
from closeout.jobs.app import create_app as create_jobs
from contracts.serving import served
from support import invoicing, jobs
from support.api_keys import issue_key
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration


def _payments_stub(request: httpx.Request) -> httpx.Response:
    body = {"attempt_id": "att_1", "checkout_session_id": "cs_1", "url": invoicing.CHECKOUT_URL}
    return httpx.Response(201, json=body)


async def test_a_job_reported_with_the_generated_client_shows_its_invoice_sent(
    infra: Infra,
) -> None:
    jobs_db = await create_migrated_database(infra.postgres_url, "jobs", jobs.MIGRATIONS)
    invoicing_db = await create_migrated_database(
        infra.postgres_url, "invoicing", invoicing.MIGRATIONS
    )
    prefix = unique_prefix()
    key = issue_key(unique("biz"), "integration,admin", databases=[jobs_db, invoicing_db])
    jobs_app = create_jobs(jobs.settings_for(jobs_db, prefix, infra, unique("jobs")))
    invoicing_app = create_invoicing(
        invoicing.settings_for(invoicing_db, prefix, infra),
        payments_transport=httpx.MockTransport(_payments_stub),
    )
    with served(jobs_app) as jobs_url, served(invoicing_app) as invoicing_url:
        async with InvoicingClient(invoicing_url, token=key) as billing:
            settings = BusinessPatch(name="Acme Plumbing", default_currency="AUD", auto_send=True)
            configured = await patch_business.asyncio(client=billing, body=settings)
        assert isinstance(configured, BusinessOut), configured

        async with JobsClient(jobs_url, token=key) as platform:
            job = InboundJob(
                external_id=unique("JOB"),
                title="Replace water heater",
                customer=Customer(name="Dana Lee", email="dana@example.com"),
                currency="AUD",
                line_items=[LineItem(description="Labour", quantity=3, unit_amount=12000)],
                completed_at=datetime(2026, 11, 21, 10, 14, tzinfo=UTC),
            )
            reported = await report_completed_job.asyncio(client=platform, body=job)
            assert isinstance(reported, JobOut), reported
            assert reported.billing.status == BillingStatus.UNBILLED

            async def read() -> JobOut:
                found = await get_job.asyncio(reported.job_id, client=platform)
                assert isinstance(found, JobOut), found
                return found

            sent = await eventually(
                read, lambda j: j.billing.status == BillingStatus.SENT, 60, "the invoice sent"
            )
    assert sent.billing.invoice_number
    assert sent.billing.total == 36000
    assert sent.billing.amount_due == 36000
