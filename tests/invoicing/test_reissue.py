"""Void and re-issue: a voided job invoice's job is billed again, linked both ways, on both
timelines, and mirrored on the job by jobs' billing mirror."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from closeout.jobs.app import create_app as create_jobs_app
from support import jobs
from support.databases import create_migrated_database
from support.infra import Infra
from support.invoicing import (
    Harness,
    configure_business,
    job_cancelled,
    job_completed,
    job_updated,
)
from support.services import running
from support.waiting import eventually, unique


async def voided_job_invoice(h: Harness) -> tuple[Any, dict[str, Any]]:
    job = job_completed()
    await h.publish(h.event("job.completed", job))
    invoice = await h.invoice_for_job(job.job_id)
    voided = await h.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/void",
        json={"reason": "wrong customer"},
        headers=h.admin_headers(),
    )
    assert voided.status_code == 200, voided.text
    return job, voided.json()


async def reissue(h: Harness, invoice_id: str, **body: Any) -> Any:
    return await h.client.post(
        f"/v1/invoices/{invoice_id}/reissue", json=body, headers=h.admin_headers()
    )


async def test_a_voided_job_invoice_is_billed_again_as_a_linked_invoice(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    job, old = await voided_job_invoice(harness)

    response = await reissue(harness, old["invoice_id"])
    assert response.status_code == 201, response.text
    new = response.json()
    assert (new["status"], new["source"], new["job_id"]) == ("draft", "job", job.job_id)
    assert new["reissue_of"] == old["invoice_id"]
    assert new["total"] == old["total"]
    assert new["timeline"][0]["detail"] == (
        f"draft created to bill job {job.external_id} again: it replaces the voided invoice"
        f" {old['invoice_id']}"
    )
    old_now = (
        await harness.client.get(
            f"/v1/invoices/{old['invoice_id']}", headers=harness.admin_headers()
        )
    ).json()
    assert old_now["status"] == "void"
    assert old_now["reissued_as"] == new["invoice_id"]
    assert old_now["timeline"][-1]["kind"] == "reissued"
    assert await harness.outbox_types(new["invoice_id"]) == ["invoice.created"]

    # Once only, and only a voided invoice.
    assert (await reissue(harness, old["invoice_id"])).status_code == 409
    assert (await reissue(harness, new["invoice_id"])).status_code == 409

    # The new one is the job's invoice now: a change of the job updates it (a draft).
    changed = job_updated(job, revision=2, title="Replace hot water system and valve")
    await harness.apply(harness.event("job.updated", changed))
    updated = await harness.invoice(new["invoice_id"])
    assert (updated["job_title"], updated["job_revision"]) == (changed.title, 2)
    assert (await harness.invoice(old["invoice_id"]))["job_revision"] == 1

    # Issue it as any draft.
    issued = await harness.client.post(
        f"/v1/invoices/{new['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert issued.status_code == 200, issued.text


async def test_reissue_can_send_at_once(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    _, old = await voided_job_invoice(harness)
    response = await reissue(harness, old["invoice_id"], send=True)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "open"
    assert await harness.outbox_types(response.json()["invoice_id"]) == [
        "invoice.created",
        "invoice.issued",
    ]


async def test_only_a_job_invoice_that_is_void_and_not_cancelled_is_reissued(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    by_hand = await harness.client.post(
        "/v1/invoices",
        json={
            "customer": {"name": "Sam"},
            "lines": [{"description": "Work", "unit_amount": 1000}],
        },
        headers=harness.admin_headers(),
    )
    invoice_id = by_hand.json()["invoice_id"]
    await harness.client.post(
        f"/v1/invoices/{invoice_id}/void", json={"reason": "x"}, headers=harness.admin_headers()
    )
    refused = await reissue(harness, invoice_id)
    assert refused.status_code == 409
    assert "make a new invoice instead" in refused.json()["detail"]

    job, old = await voided_job_invoice(harness)
    await harness.apply(harness.event("job.cancelled", job_cancelled(job, revision=2)))
    refused = await reissue(harness, old["invoice_id"])
    assert refused.status_code == 409
    assert refused.json()["detail"] == "the job was cancelled: it is not billed again"


@pytest.fixture
async def jobs_app(infra: Infra, harness: Harness) -> AsyncIterator[jobs.Harness]:
    """The jobs service on the invoicing harness's topics, for the same business."""
    database_url = await create_migrated_database(infra.postgres_url, "jobs", jobs.MIGRATIONS)
    group = unique("jobs")
    app = create_jobs_app(jobs.settings_for(database_url, harness.prefix, infra, group))
    async with running(app) as client:
        yield jobs.Harness(infra, harness.prefix, database_url, client, harness.business_id, group)


async def test_the_job_mirrors_the_reissued_invoice(
    harness: Harness, jobs_app: jobs.Harness
) -> None:
    await configure_business(harness, auto_send=False)
    job_id = await jobs.new_job(jobs_app)
    invoice = await harness.invoice_for_job(job_id)
    await eventually(
        lambda: jobs_app.get_job(job_id),
        lambda j: j["billing"]["invoice_id"] == invoice["invoice_id"],
    )
    await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/void",
        json={"reason": "wrong price"},
        headers=harness.admin_headers(),
    )
    await eventually(lambda: jobs_app.get_job(job_id), lambda j: j["billing"]["status"] == "void")

    response = await reissue(harness, invoice["invoice_id"], send=True)
    assert response.status_code == 201, response.text
    new = response.json()
    mirrored = await eventually(
        lambda: jobs_app.get_job(job_id),
        lambda j: (
            j["billing"]["invoice_id"] == new["invoice_id"] and j["billing"]["status"] == "sent"
        ),
    )
    assert mirrored["billing"]["invoice_number"] == new["number"]
