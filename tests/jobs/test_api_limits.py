"""Job reports: bodies over the limit get 413 with the limit; amounts past the money cap get
422 over HTTP and a dead letter with the reason over Kafka (never a 500, never billed)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from closeout.shared.contracts.common import MAX_AMOUNT
from closeout.shared.kafka.dead_letters import REASON
from closeout.shared.sizes import MAX_BODY_BYTES
from support.jobs import Harness, body, inbound
from support.kafka import read_topic
from support.waiting import unique

TOO_LARGE = f"request body larger than {MAX_BODY_BYTES} bytes"


def padded(external_id: str, size: int) -> bytes:
    """A valid job report (up to 500 long lines), padded with whitespace to `size` bytes."""
    report = body(external_id)
    report["line_items"] = [
        {"description": "x" * 480, "unit_amount": 100} for _ in range(size // 520)
    ][:500]
    encoded = json.dumps(report).encode()
    return encoded + b" " * max(0, size - len(encoded))


async def test_a_3_mb_job_report_is_413_with_the_limit_and_records_nothing(
    harness: Harness,
) -> None:
    headers = harness.headers() | {"content-type": "application/json"}
    ext = unique("BIG")
    response = await harness.client.post(
        "/v1/jobs/completed", content=padded(ext, 3_000_000), headers=headers
    )
    assert response.status_code == 413, response.text
    assert response.json()["detail"] == TOO_LARGE

    async def chunked() -> AsyncIterator[bytes]:
        data = padded(ext, 3_000_000)
        for start in range(0, len(data), 64 * 1024):
            yield data[start : start + 64 * 1024]

    response = await harness.client.post("/v1/jobs", content=chunked(), headers=headers)
    assert response.status_code == 413, response.text
    assert response.json()["detail"] == TOO_LARGE

    normal = await harness.client.post(
        "/v1/jobs/completed", content=padded(ext, MAX_BODY_BYTES - 1000), headers=headers
    )
    assert normal.status_code == 201, normal.text
    rows = await harness.sql("SELECT external_id FROM jobs")
    assert [r["external_id"] for r in rows] == [ext], "only the report within the limit"


def over_the_cap(report: dict[str, Any]) -> dict[str, Any]:
    report["line_items"] = [
        {"description": "Tonnes of gold", "quantity": "1000000", "unit_amount": MAX_AMOUNT}
    ]
    return report


async def test_quantity_times_unit_amount_past_the_money_cap_is_422(harness: Harness) -> None:
    at_cap = body(unique("EXT"))
    at_cap["line_items"] = [
        {"description": "Max", "quantity": "4", "unit_amount": MAX_AMOUNT // 4, "tax_rate": "0"}
    ]
    ok = await harness.client.post("/v1/jobs/completed", json=at_cap, headers=harness.headers())
    assert ok.status_code == 201, ok.text

    with_tax = body(unique("EXT"))
    with_tax["line_items"] = [{"description": "Max", "unit_amount": MAX_AMOUNT, "tax_rate": "10"}]
    for report in (over_the_cap(body(unique("EXT"))), with_tax):
        response = await harness.client.post(
            "/v1/jobs/completed", json=report, headers=harness.headers()
        )
        assert response.status_code == 422, response.text
        error = response.json()["errors"][0]
        assert error["loc"] == ["body", "line_items"]
        assert f"more than the {MAX_AMOUNT} an invoice may total" in error["msg"]
    rows = await harness.sql("SELECT count(*) AS n FROM jobs")
    assert rows[0]["n"] == 1


async def test_an_inbound_event_past_the_money_cap_is_dead_lettered_with_the_reason(
    harness: Harness,
) -> None:
    biz = harness.business_id
    too_much = inbound(biz, unique("EXT"))
    over_the_cap(too_much["data"])
    await harness.publish_inbound(too_much, key="one-partition")
    good = unique("EXT")
    await harness.publish_inbound(inbound(biz, good), key="one-partition")

    job = await harness.job_by_external_id(good)
    assert job["status"] == "completed", "the partition moved on"
    letters = await read_topic(
        harness.infra.kafka_bootstrap_servers,
        harness.prefix + "jobs.inbound.dlq",
        until=lambda records: len(records) >= 1,
    )
    assert len(letters) == 1
    reason = dict(letters[0].headers)[REASON].decode()
    assert "data.line_items" in reason, reason
    assert "an invoice may total" in reason, reason
    assert letters[0].value == json.dumps(too_much).encode(), "the original bytes are kept"
    rows = await harness.sql("SELECT external_id FROM jobs")
    assert [r["external_id"] for r in rows] == [good]
