"""REST for field platforms: the same validation and the same job as the Kafka path."""

from __future__ import annotations

import json
from typing import Any

from support.jobs import Harness, body, inbound
from support.waiting import unique

VOLATILE = {"job_id", "external_id", "correlation_id", "source", "created_at", "updated_at"}


async def test_rest_and_kafka_paths_give_the_same_job(harness: Harness) -> None:
    rest_ext, kafka_ext = unique("REST"), unique("KAFKA")
    first = await harness.client.post(
        "/v1/jobs/completed", json=body(rest_ext), headers=harness.headers()
    )
    assert first.status_code == 201, first.text
    again = await harness.client.post(
        "/v1/jobs/completed", json=body(rest_ext), headers=harness.headers()
    )
    assert again.status_code == 200, "a resend is an upsert of the same job"
    assert again.json()["job_id"] == first.json()["job_id"]
    assert again.json()["revision"] == 1

    await harness.publish_inbound(inbound(harness.business_id, kafka_ext))
    via_kafka = await harness.job_by_external_id(kafka_ext)
    via_rest = await harness.get_job(first.json()["job_id"])
    assert {k: v for k, v in via_rest.items() if k not in VOLATILE} == {
        k: v for k, v in via_kafka.items() if k not in VOLATILE
    }

    rows = await harness.sql("SELECT event_type, payload FROM outbox ORDER BY id")
    assert [r["event_type"] for r in rows] == ["job.completed", "job.completed"]
    rest_data, kafka_data = (json.loads(bytes(r["payload"]))["data"] for r in rows)
    for data in (rest_data, kafka_data):
        data.pop("job_id"), data.pop("external_id")
    assert rest_data == kafka_data


async def test_invalid_body_is_422_with_field_errors_and_writes_nothing(harness: Harness) -> None:
    bad = body(unique("EXT"), currency="australian dollars")
    bad["line_items"][0]["unit_amount"] = 120.5
    del bad["customer"]
    response = await harness.client.post("/v1/jobs", json=bad, headers=harness.headers())
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["type"] == "https://closeout.dev/problems/validation-error"
    assert problem["status"] == 422
    assert problem["detail"].startswith("the request is not valid")
    fields = {tuple(e["loc"][1:]) for e in problem["errors"]}
    assert {("customer",), ("currency",), ("line_items", 0, "unit_amount")} <= fields
    nul = await harness.client.post(
        "/v1/jobs", json=body(unique("EXT"), title="a\x00b"), headers=harness.headers()
    )
    assert nul.status_code == 422, "PostgreSQL cannot store NUL: a clear 422, not a 500"
    naive = await harness.client.get(
        "/v1/jobs", params={"completed_from": "2026-11-01T00:00:00"}, headers=harness.headers()
    )
    assert naive.status_code == 422
    assert await harness.sql("SELECT * FROM jobs") == []
    assert await harness.sql("SELECT * FROM outbox") == []


async def test_another_business_cannot_see_or_change_a_job(harness: Harness) -> None:
    ext = unique("EXT")
    created = await harness.client.post("/v1/jobs", json=body(ext), headers=harness.headers())
    job_id = created.json()["job_id"]
    other = harness.headers(business_id=unique("other-biz"))

    assert (await harness.client.get(f"/v1/jobs/{job_id}", headers=other)).status_code == 404
    for action in ("complete", "cancel"):
        response = await harness.client.post(f"/v1/jobs/{job_id}/{action}", headers=other)
        assert response.status_code == 404
    listed = await harness.client.get("/v1/jobs", headers=other)
    assert listed.json()["items"] == []
    # The same external id from another business is another job, not an upsert of this one.
    theirs = await harness.client.post("/v1/jobs", json=body(ext, title="Theirs"), headers=other)
    assert theirs.status_code == 201
    assert theirs.json()["job_id"] != job_id
    assert (await harness.get_job(job_id))["status"] == "open"
    assert (await harness.get_job(job_id))["title"] == "Replace water heater"

    assert (await harness.client.get(f"/v1/jobs/{job_id}")).status_code == 401
    service_key = harness.headers(role="service")
    assert (await harness.client.get(f"/v1/jobs/{job_id}", headers=service_key)).status_code == 403
    assert await harness.sql("SELECT * FROM outbox") == []


async def test_complete_and_cancel_by_id_are_idempotent(harness: Harness) -> None:
    created = await harness.client.post(
        "/v1/jobs", json=body(unique("EXT"), completed_at=None), headers=harness.headers()
    )
    job_id = created.json()["job_id"]
    assert created.json()["status"] == "open"
    when = {"completed_at": "2026-11-22T08:00:00Z"}
    for _ in range(2):
        done = await harness.client.post(
            f"/v1/jobs/{job_id}/complete", json=when, headers=harness.headers()
        )
        assert done.status_code == 200, done.text
        assert (done.json()["status"], done.json()["revision"]) == ("completed", 2)
        assert done.json()["completed_at"] == "2026-11-22T08:00:00Z"
    for _ in range(2):
        cancelled = await harness.client.post(
            f"/v1/jobs/{job_id}/cancel", headers=harness.headers()
        )
        assert (cancelled.json()["status"], cancelled.json()["revision"]) == ("cancelled", 3)
    refused = await harness.client.post(f"/v1/jobs/{job_id}/complete", headers=harness.headers())
    assert refused.status_code == 409
    assert "cancelled" in refused.json()["detail"]
    missing = await harness.client.post("/v1/jobs/nope/complete", headers=harness.headers())
    assert missing.status_code == 404

    rows = await harness.sql("SELECT event_type FROM outbox ORDER BY id")
    assert [r["event_type"] for r in rows] == ["job.completed", "job.cancelled"]


async def test_list_filters_and_pages(harness: Harness) -> None:
    headers = harness.headers()
    specs = [
        ("/v1/jobs", {"name": "Ana Open"}, None),
        ("/v1/jobs/completed", {"name": "Ben Early", "email": "ben@x.io"}, "2026-11-01T09:00:00Z"),
        ("/v1/jobs/completed", {"name": "Cy Late"}, "2026-11-20T09:00:00Z"),
    ]
    for path, customer, completed_at in specs:
        response = await harness.client.post(
            path,
            json=body(unique("EXT"), customer=customer, completed_at=completed_at),
            headers=headers,
        )
        assert response.status_code == 201, response.text

    async def names(**params: Any) -> list[str]:
        response = await harness.client.get("/v1/jobs", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(j["customer"]["name"] for j in response.json()["items"])

    assert await names(status="open") == ["Ana Open"]
    assert await names(status="completed") == ["Ben Early", "Cy Late"]
    assert await names(customer="BEN@x") == ["Ben Early"]
    assert await names(completed_from="2026-11-10T00:00:00Z") == ["Cy Late"]
    assert await names(completed_to="2026-11-10T00:00:00Z") == ["Ben Early"]
    assert await names(billing_status="unbilled") == ["Ana Open", "Ben Early", "Cy Late"]
    assert await names(billing_status="paid") == []

    page1 = (await harness.client.get("/v1/jobs?limit=2", headers=headers)).json()
    assert (len(page1["items"]), page1["total"], page1["next_offset"]) == (2, 3, 2)
    page2 = (await harness.client.get("/v1/jobs?limit=2&offset=2", headers=headers)).json()
    assert (len(page2["items"]), page2["next_offset"]) == (1, None)
    seen = {j["job_id"] for j in page1["items"] + page2["items"]}
    assert len(seen) == 3
    bad = await harness.client.get("/v1/jobs?status=finished", headers=headers)
    assert bad.status_code == 422
