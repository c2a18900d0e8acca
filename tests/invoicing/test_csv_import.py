"""CSV import: template, upload (BOM, semicolons, multi-line invoices), row errors by row and
column, commit all or valid rows only, send all, re-upload without duplicates, 10,000 rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from closeout.invoicing.domain.csv_import import COLUMNS
from support.invoicing import Harness, configure_business
from support.waiting import eventually

HEADER = "invoice_key,customer_name,customer_email,description,quantity,unit_price,tax_rate"


async def upload(h: Harness, content: bytes, business_id: str | None = None) -> httpx.Response:
    return await h.client.post(
        "/v1/imports",
        files={"file": ("invoices.csv", content, "text/csv")},
        headers=h.admin_headers(business_id),
    )


async def state_of(
    h: Harness, import_id: str, until: Callable[[dict[str, Any]], bool], timeout: float = 60
) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        response = await h.client.get(f"/v1/imports/{import_id}", headers=h.admin_headers())
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    found: dict[str, Any] = await eventually(read, until, timeout)
    return found


def settled(body: dict[str, Any]) -> bool:
    return body["state"] not in ("validating", "committing", "sending")


async def post(h: Harness, path: str, **body: Any) -> httpx.Response:
    return await h.client.post(path, json=body, headers=h.admin_headers())


async def imported_invoices(h: Harness, import_id: str) -> list[dict[str, Any]]:
    return await h.sql(
        "SELECT * FROM invoices WHERE source = 'import' AND source_ref = :i ORDER BY created_at",
        i=import_id,
    )


async def test_the_template_imports_as_drafts_then_send_all_issues_them(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    template = await harness.client.get("/v1/imports/template.csv", headers=harness.admin_headers())
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("text/csv")
    assert template.text.splitlines()[0].split(",") == list(COLUMNS)

    response = await upload(harness, template.content)
    assert response.status_code == 201, response.text
    started = response.json()
    assert (started["state"], started["total_rows"], started["percent"]) == ("validating", 3, 0)
    checked = await state_of(harness, started["import_id"], settled)
    assert (checked["state"], checked["errors"], checked["total_invoices"]) == ("validated", [], 2)

    committing = await post(harness, f"/v1/imports/{started['import_id']}/commit", rows="all")
    assert committing.status_code == 202, committing.text
    committed = await state_of(harness, started["import_id"], settled)
    assert (committed["state"], committed["created_invoices"]) == ("committed", 2)
    drafts = await imported_invoices(harness, started["import_id"])
    assert [(d["status"], len(d["lines"]), d["total"]) for d in drafts] == [
        ("draft", 2, 9900 + 3000),  # 2 x 45.00 + 10 %, and 30.00 untaxed
        ("draft", 1, 19800),
    ]
    assert drafts[1]["requested_due_date"].isoformat() == "2026-12-31"
    assert drafts[0]["payment_terms_days"] == 14

    sending = await post(harness, f"/v1/imports/{started['import_id']}/send")
    assert sending.status_code == 202, sending.text
    sent = await state_of(harness, started["import_id"], settled)
    assert (sent["state"], sent["sent_invoices"]) == ("sent", 2)
    for invoice in await imported_invoices(harness, started["import_id"]):
        assert invoice["status"] == "open"
        assert "invoice.issued" in await harness.outbox_types(invoice["invoice_id"])


async def test_a_bom_semicolons_and_decimal_commas_are_read(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    content = (
        "\ufeffinvoice_key;customer_name;description;quantity;unit_price;tax_rate;currency\r\n"
        "X1;Zoë Müller;Fliesen legen;1,5;80,50;19;EUR\r\n"
        'X1;Zoë Müller;"Material; Kleber";1;12;19;EUR\r\n'
    ).encode()
    started = (await upload(harness, content)).json()
    checked = await state_of(harness, started["import_id"], settled)
    assert checked["state"] == "validated", checked["errors"]
    await post(harness, f"/v1/imports/{started['import_id']}/commit")
    await state_of(harness, started["import_id"], settled)
    [invoice] = await imported_invoices(harness, started["import_id"])
    assert invoice["customer_name"] == "Zoë Müller"
    assert invoice["currency"] == "EUR"
    assert [line["description"] for line in invoice["lines"]] == [
        "Fliesen legen",
        "Material; Kleber",
    ]
    assert invoice["subtotal"] == 12075 + 1200  # 1.5 x 80.50 = 120.75


ROWS_WITH_ERRORS = (
    HEADER + "\n"
    "A,Ann,ann@example.com,Work,1,10.00,10\n"  # row 2: fine
    "B,Bob,bob@example.com,Work,lots,10.00,10\n"  # row 3: quantity
    "C,,c@example.com,Work,1,10.00,10\n"  # row 4: customer_name
    "D,Dee,dee@example.com,Work,1,10.001,10\n"  # row 5: unit_price has 3 places
    "A,Ann,other@example.com,More work,1,5.00,10\n"  # row 6: disagrees with row 2
    "E,Eve,eve-at-example,Work,1,10.00,150\n"  # row 7: email and tax rate
    "F,Fay,fay@example.com,Work,2,20.00,0\n"  # row 8: fine
)


async def test_row_errors_name_row_and_column_and_only_valid_rows_can_be_imported(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    started = (await upload(harness, ROWS_WITH_ERRORS.encode())).json()
    checked = await state_of(harness, started["import_id"], settled)
    assert checked["state"] == "invalid"
    assert (checked["error_rows"], checked["valid_rows"]) == (5, 2)
    assert [(e["row"], e["column"]) for e in checked["errors"]] == [
        (3, "quantity"),
        (4, "customer_name"),
        (5, "unit_price"),
        (6, "customer_email"),
        (7, "customer_email"),
        (7, "tax_rate"),
    ]
    assert "differs from the first row of invoice 'A'" in checked["errors"][3]["message"]

    refused = await post(harness, f"/v1/imports/{started['import_id']}/commit", rows="all")
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("5 rows have errors")
    assert await imported_invoices(harness, started["import_id"]) == []

    accepted = await post(harness, f"/v1/imports/{started['import_id']}/commit", rows="valid")
    assert accepted.status_code == 202
    committed = await state_of(harness, started["import_id"], settled)
    # A has a row in error (row 6): the whole invoice is left out, not half of it.
    assert (committed["created_invoices"], committed["skipped_invoices"]) == (1, 5)
    [only] = await imported_invoices(harness, started["import_id"])
    assert only["customer_name"] == "Fay"


async def test_the_same_file_again_is_the_same_import_and_duplicates_nothing(
    harness: Harness,
) -> None:
    await configure_business(harness, auto_send=False)
    content = (HEADER + "\nA,Ann,ann@example.com,Work,1,10.00,10\n").encode()
    first = await upload(harness, content)
    assert first.status_code == 201
    import_id = first.json()["import_id"]
    await state_of(harness, import_id, settled)
    await post(harness, f"/v1/imports/{import_id}/commit")
    await state_of(harness, import_id, settled)

    again = await upload(harness, content)
    assert again.status_code == 200
    assert again.json()["import_id"] == import_id
    assert (await post(harness, f"/v1/imports/{import_id}/commit")).status_code == 202
    assert len(await imported_invoices(harness, import_id)) == 1
    count = await harness.sql(
        "SELECT count(*) AS n FROM invoices WHERE business_id = :b", b=harness.business_id
    )
    assert count[0]["n"] == 1


async def test_ten_thousand_rows_are_imported_with_progress(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    lines = [HEADER]
    for n in range(10_000):
        key = n // 10  # 1,000 invoices of 10 lines
        lines.append(f"K{key},Customer {key},c{key}@example.com,Item {n},1,10.00,10")
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > 500_000  # past the shared body limit: the route's own applies

    response = await upload(harness, content)
    assert response.status_code == 201, response.text
    import_id = response.json()["import_id"]
    checked = await state_of(harness, import_id, settled, timeout=120)
    assert (checked["state"], checked["validated_rows"], checked["percent"]) == (
        "validated",
        10_000,
        100,
    )
    assert checked["total_invoices"] == 1_000
    await post(harness, f"/v1/imports/{import_id}/commit")
    seen: list[int] = []

    def done(body: dict[str, Any]) -> bool:
        seen.append(body["percent"])
        return settled(body)

    committed = await state_of(harness, import_id, done, timeout=240)
    assert committed["created_invoices"] == 1_000
    assert seen == sorted(seen)  # progress only goes forward
    rows = await harness.sql(
        "SELECT count(*) AS n, sum(total) AS total FROM invoices WHERE source_ref = :i",
        i=import_id,
    )
    assert (rows[0]["n"], rows[0]["total"]) == (1_000, 1_000 * 10 * 1100)


async def test_refusals(harness: Harness) -> None:
    await configure_business(harness, auto_send=False)
    for content, problem in (
        (b"name,amount\nAnn,10\n", "missing columns: invoice_key, customer_name"),
        ((HEADER + "\n").encode(), "the file has a header but no rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is not UTF-8 text (save it as CSV UTF-8)"),
        ((HEADER + "\nA,Ann,,Wo\x00rk,1,1,0\n").encode(), "row 2 contains NUL characters"),
    ):
        unreadable = await upload(harness, content)
        assert unreadable.status_code == 201, unreadable.text  # kept, with the reason why
        assert unreadable.json()["state"] == "invalid"
        [error] = unreadable.json()["errors"]
        assert (error["row"], error["column"]) == (1, "file")
        assert error["message"].startswith(problem)
    not_multipart = await harness.client.post(
        "/v1/imports", content=HEADER.encode(), headers=harness.admin_headers()
    )
    assert not_multipart.status_code == 400
    too_large = await upload(harness, (HEADER + "\n").encode() + b"x" * (9 * 1024 * 1024))
    assert too_large.status_code == 413

    started = (await upload(harness, (HEADER + "\nA,Ann,,Work,1,1,0\n").encode())).json()
    other = harness.admin_headers("someone-else")
    path = f"/v1/imports/{started['import_id']}"
    assert (await harness.client.get(path, headers=other)).status_code == 404
    assert (await harness.client.post(f"{path}/commit", json={}, headers=other)).status_code == 404
    assert (await harness.client.post(f"{path}/send", headers=other)).status_code == 404
    await state_of(harness, started["import_id"], settled)
    early = await post(harness, f"{path}/send")
    assert early.status_code == 409
