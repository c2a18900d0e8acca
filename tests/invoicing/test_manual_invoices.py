"""`POST /v1/invoices`: invoices made by hand, as a draft or sent at once, with no job."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from support.invoicing import Harness, configure_business
from support.kafka import events_of, read_topic


def new_invoice(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": {"name": "Sam Walk-in", "email": "sam@example.com"},
        "lines": [
            {"description": "Gutter clean", "quantity": "2", "unit_amount": 5000, "tax_rate": "10"},
            {"description": "Call-out fee", "unit_amount": 3000, "kind": "fee"},
        ],
        "notes": "Thanks for your business",
    }
    return body | changes


async def create(h: Harness, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = await h.client.post("/v1/invoices", json=body, headers=h.admin_headers() | headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_a_draft_by_hand_has_no_job_and_the_business_s_settings(harness: Harness) -> None:
    await configure_business(harness, auto_send=False, payment_terms_days=21)
    created = await create(harness, new_invoice())

    assert (created["status"], created["source"], created["job_id"]) == ("draft", "manual", None)
    assert created["number"] is None
    # 2 x 50.00 + 10 % = 110.00; 30.00 untaxed: 140.00
    assert (created["subtotal"], created["tax_total"], created["total"]) == (13000, 1000, 14000)
    assert created["currency"] == "AUD"
    assert [line["description"] for line in created["lines"]] == ["Gutter clean", "Call-out fee"]
    assert created["notes"] == "Thanks for your business"
    assert [t["detail"] for t in created["timeline"]] == ["draft created by hand"]
    read = await harness.client.get(
        f"/v1/invoices/{created['invoice_id']}", headers=harness.admin_headers()
    )
    assert read.json() == created
    assert await harness.outbox_types(created["invoice_id"]) == ["invoice.created"]

    issued = await harness.client.post(
        f"/v1/invoices/{created['invoice_id']}/issue", headers=harness.admin_headers()
    )
    assert issued.status_code == 200, issued.text
    invoice = issued.json()["invoice"]
    assert invoice["number"].endswith("-000001")
    assert date.fromisoformat(invoice["due_date"]) - date.fromisoformat(
        invoice["issued_at"][:10]
    ) in (timedelta(days=21), timedelta(days=20), timedelta(days=22))


async def test_send_now_issues_it_and_publishes_invoice_issued(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    due = date.today() + timedelta(days=30)
    created = await create(harness, new_invoice(send=True, due_date=due.isoformat()))

    assert created["status"] == "open"
    assert created["due_date"] == due.isoformat()
    assert created["number"].startswith("INV-")
    records = await read_topic(
        harness.infra.kafka_bootstrap_servers,
        harness.prefix + "invoice.issued",
        until=lambda rs: len(rs) >= 1,
    )
    [issued] = events_of(records)
    assert issued["data"]["invoice"]["invoice_id"] == created["invoice_id"]
    assert "job_id" not in issued["data"]["invoice"]  # absent, as the contract allows
    assert issued["data"]["invoice"]["customer"]["email"] == "sam@example.com"
    assert issued["data"]["payment_url"].startswith("http://invoices.test/i/~")


async def test_a_retry_with_the_same_idempotency_key_returns_the_same_invoice(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    first = await create(harness, new_invoice(send=True), **{"Idempotency-Key": "order-77"})
    again = await create(harness, new_invoice(send=True), **{"Idempotency-Key": "order-77"})
    assert again["invoice_id"] == first["invoice_id"]
    assert again["number"] == first["number"]

    other = await harness.client.post(
        "/v1/invoices",
        json=new_invoice(notes="something else"),
        headers=harness.admin_headers() | {"Idempotency-Key": "order-77"},
    )
    assert other.status_code == 409
    assert other.json()["detail"] == "this Idempotency-Key was used for a different request"
    rows = await harness.sql(
        "SELECT count(*) AS n FROM invoices WHERE business_id = :b", b=harness.business_id
    )
    assert rows[0]["n"] == 1
    assert await harness.outbox_types(first["invoice_id"]) == ["invoice.created", "invoice.issued"]
    # Another business's key of the same name is its own.
    elsewhere = await harness.client.post(
        "/v1/invoices",
        json=new_invoice(),
        headers=harness.admin_headers("another-biz") | {"Idempotency-Key": "order-77"},
    )
    assert elsewhere.status_code == 404  # that business does not exist yet: nothing made


async def test_bad_input_is_a_problem_naming_the_fields_and_nothing_is_made(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        (new_invoice(lines=[]), ["body.lines"]),
        (new_invoice(customer={"name": ""}), ["body.customer.name"]),
        (
            new_invoice(lines=[{"description": "x", "unit_amount": 1.5}]),
            ["body.lines.0.unit_amount"],
        ),
        (new_invoice(currency="XXX"), ["body.currency"]),
        (new_invoice(number="bad number!"), ["body.number"]),
        (new_invoice(due_date="2026-12-01", terms_days=7), ["body"]),
        (new_invoice(unknown=True), ["body.unknown"]),
    ]
    for body, fields in cases:
        response = await harness.client.post(
            "/v1/invoices", json=body, headers=harness.admin_headers()
        )
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")
        named = [".".join(str(p) for p in e["loc"]) for e in response.json()["errors"]]
        assert named == fields, (body, response.json())
    rows = await harness.sql(
        "SELECT count(*) AS n FROM invoices WHERE business_id = :b", b=harness.business_id
    )
    assert rows[0]["n"] == 0


async def test_a_number_of_your_own_is_unique_and_the_series_skips_it(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    year = date.today().year
    taken = f"INV-{year}-000001"  # what the series would give next
    mine = await create(harness, new_invoice(number=taken, send=True))
    assert mine["number"] == taken

    again = await harness.client.post(
        "/v1/invoices", json=new_invoice(number=taken), headers=harness.admin_headers()
    )
    assert again.status_code == 409
    assert again.json()["detail"] == f"invoice number {taken!r} is already used"

    series = await create(harness, new_invoice(send=True))
    assert series["number"] == f"INV-{year}-000002"


async def test_another_business_cannot_see_or_act_on_it(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    created = await create(harness, new_invoice())
    other = harness.admin_headers("someone-else")
    path = f"/v1/invoices/{created['invoice_id']}"
    assert (await harness.client.get(path, headers=other)).status_code == 404
    assert (await harness.client.post(f"{path}/issue", headers=other)).status_code == 404
    reissue = await harness.client.post(f"{path}/reissue", json={}, headers=other)
    assert reissue.status_code == 404
    assert (await harness.client.post("/v1/invoices", json=new_invoice())).status_code == 401
