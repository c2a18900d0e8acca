"""Invoice and receipt PDFs: what they state (read back from the PDF's text), one receipt per
confirmed payment, the same bytes every time, and the customer link's and tenancy's 404s."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pypdf import PdfReader
from sqlalchemy import text

from closeout.shared.contracts.common import LineItem
from closeout.shared.db import create_engine
from closeout.shared.db.migrate import upgrade
from closeout.shared.ids import utcnow
from support.databases import create_database
from support.infra import Infra
from support.invoicing import (
    MIGRATIONS,
    TOTAL,
    Harness,
    configure_business,
    issued,
    job_completed,
    payment,
    pdf_text,
    save_first_page_png,
    start_app,
)
from support.kafka import unique_prefix
from support.waiting import eventually, unique

PAID_AT = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 21 Nov in Sydney


def assert_pdf(response: Any, filename: str) -> bytes:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{filename}"'
    content: bytes = response.content
    assert content.startswith(b"%PDF-")
    return content


async def test_invoice_pdf_states_number_customer_lines_total_due_date_and_status(
    harness: Harness,
) -> None:
    await configure_business(
        harness,
        brand_color="#0b5fff",
        address="1 Demo Street, Sydney NSW 2000",
        bank_transfer_instructions="BSB 062-000 Account 1234",
    )
    invoice, path = await issued(harness)
    number = invoice["number"]
    page = await harness.client.get(path)
    assert f'href="{path}/invoice.pdf"' in page.text
    assert "Download PDF" in page.text

    content = assert_pdf(await harness.client.get(f"{path}/invoice.pdf"), f"{number}.pdf")
    text = pdf_text(content)
    for expected in (
        "Acme Plumbing",
        "INVOICE",
        number,
        "Pat Customer",
        "pat@example.com",
        "Replace hot water system at 12 Example St",
        "Labour",
        "$247.50",  # 2.5 x $90.00 + 10% tax
        "Valve",
        "$50.05",
        "$297.55",
        f"Due {invoice['due_date'].strftime('%d %b %Y')}",
        "Status Unpaid",
        "BSB 062-000 Account 1234",
    ):
        assert expected in text, (expected, text)
    assert "PAID" not in text
    save_first_page_png(content, "invoice-open")

    again = await harness.client.get(f"{path}/invoice.pdf")
    admin = await harness.client.get(
        f"/v1/invoices/{invoice['invoice_id']}/invoice.pdf", headers=harness.admin_headers()
    )
    assert again.content == content
    assert assert_pdf(admin, f"{number}.pdf") == content


async def test_each_confirmed_payment_gets_one_numbered_receipt_with_the_balance_it_left(
    harness: Harness,
) -> None:
    await configure_business(harness, timezone="Australia/Sydney", brand_color="#aa3300")
    invoice, path = await issued(harness)
    invoice_id, number = invoice["invoice_id"], invoice["number"]
    first = payment(
        "payment.confirmed", invoice_id, 10000, reference="pi_3Part", occurred_at=PAID_AT
    )
    await harness.apply(harness.event("payment.confirmed", first))
    # The same payment reported again (another event) is not a second receipt.
    await harness.apply(harness.event("payment.confirmed", first))
    rest = payment("payment.confirmed", invoice_id, TOTAL - 10000, method="bank_transfer")
    await harness.apply(harness.event("payment.confirmed", rest))

    detail = await harness.client.get(f"/v1/invoices/{invoice_id}", headers=harness.admin_headers())
    receipts = detail.json()["receipts"]
    assert [(r["receipt_number"], r["amount"], r["balance_after"]) for r in receipts] == [
        ("RCT-000001", 10000, TOTAL - 10000),
        ("RCT-000002", TOTAL - 10000, 0),
    ]
    assert receipts[0]["payment_id"] == first.payment_id
    recorded = await harness.outbox_events(invoice_id, "invoice.payment_recorded")
    assert [e["data"]["payment"]["receipt_number"] for e in recorded] == [
        "RCT-000001",
        "RCT-000002",
    ]

    receipt = assert_pdf(
        await harness.client.get(f"{path}/receipts/RCT-000001.pdf"), "RCT-000001.pdf"
    )
    text = pdf_text(receipt)
    for expected in (
        "RECEIPT",
        "RCT-000001",
        f"Receipt for payment of {number}, paid by card on 21 Nov 2026, reference pi_3Part.",
        "Amount received $100.00",
        "Remaining balance $197.55",
        "Pat Customer",
    ):
        assert expected in text, (expected, text)
    save_first_page_png(receipt, "receipt")
    admin_receipt = await harness.client.get(
        f"/v1/invoices/{invoice_id}/receipts/RCT-000001.pdf", headers=harness.admin_headers()
    )
    assert assert_pdf(admin_receipt, "RCT-000001.pdf") == receipt
    second = pdf_text((await harness.client.get(f"{path}/receipts/RCT-000002.pdf")).content)
    assert "paid by bank transfer" in second
    assert "Remaining balance $0.00" in second

    paid_pdf = (await harness.client.get(f"{path}/invoice.pdf")).content
    paid = pdf_text(paid_pdf)
    assert "Status Paid" in paid
    assert "PAID" in paid
    assert "Amount due $0.00" in paid
    save_first_page_png(paid_pdf, "invoice-paid")
    page = await harness.client.get(path)
    assert f'href="{path}/receipts/RCT-000002.pdf"' in page.text


async def test_receipts_are_numbered_per_business(harness: Harness) -> None:
    await configure_business(harness)
    for _ in range(2):
        invoice, _path = await issued(harness)
        paid = payment("payment.confirmed", invoice["invoice_id"], 500)
        await harness.apply(harness.event("payment.confirmed", paid))
    rows = await harness.sql(
        "SELECT receipt_number FROM receipts WHERE business_id = :b ORDER BY receipt_number",
        b=harness.business_id,
    )
    assert [r["receipt_number"] for r in rows] == ["RCT-000001", "RCT-000002"]


async def test_amounts_are_in_the_invoice_currency(harness: Harness) -> None:
    await configure_business(harness, default_currency="EUR")
    job = job_completed(currency="EUR")
    await harness.publish(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    response = await harness.client.get(
        f"/v1/invoices/{invoice['invoice_id']}/invoice.pdf", headers=harness.admin_headers()
    )
    text = pdf_text(assert_pdf(response, f"{invoice['number']}.pdf"))
    assert "€297.55" in text
    assert "$" not in text


async def test_a_voided_invoice_or_unknown_receipt_is_the_unknown_link_404(
    harness: Harness,
) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    unknown = await harness.client.get(f"/i/{unique('nope')}/invoice.pdf")
    assert unknown.status_code == 404
    no_receipt = await harness.client.get(f"{path}/receipts/RCT-000001.pdf")
    assert (no_receipt.status_code, no_receipt.content) == (404, unknown.content)

    voided = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/void",
        json={"reason": "raised in error"},
        headers=harness.admin_headers(),
    )
    assert voided.status_code == 200, voided.text
    gone = await harness.client.get(f"{path}/invoice.pdf")
    assert (gone.status_code, gone.content) == (404, unknown.content)
    assert gone.headers["content-type"] == unknown.headers["content-type"]


async def test_another_business_gets_404_and_a_draft_has_no_pdf(harness: Harness) -> None:
    await configure_business(harness)
    invoice, _path = await issued(harness)
    invoice_id = invoice["invoice_id"]
    paid = payment("payment.confirmed", invoice_id, 500)
    await harness.apply(harness.event("payment.confirmed", paid))
    other = harness.admin_headers(unique("other-biz"))
    for url in (
        f"/v1/invoices/{invoice_id}/invoice.pdf",
        f"/v1/invoices/{invoice_id}/receipts/RCT-000001.pdf",
    ):
        response = await harness.client.get(url, headers=other)
        assert response.status_code == 404, url
        assert response.json()["detail"] == "invoice not found"
    assert (await harness.client.get(url)).status_code == 401

    await configure_business(harness, auto_send=False)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))
    draft = await harness.invoice_for_job(job.job_id)
    response = await harness.client.get(
        f"/v1/invoices/{draft['invoice_id']}/invoice.pdf", headers=harness.admin_headers()
    )
    assert response.status_code == 409


async def test_attach_pdfs_is_a_business_setting_off_by_default(harness: Harness) -> None:
    created = await configure_business(harness)
    assert created["attach_pdfs"] is False
    turned_on = await configure_business(harness, attach_pdfs=True)
    assert turned_on["attach_pdfs"] is True
    shown = await harness.client.get("/v1/business", headers=harness.admin_headers())
    assert shown.json()["attach_pdfs"] is True
    invoice, _path = await issued(harness)
    [announced] = await harness.outbox_events(invoice["invoice_id"], "invoice.issued")
    assert announced["data"]["business"]["attach_pdfs"] is True


async def test_the_pdfs_share_the_page_rate_limit(infra: Infra, database_url: str) -> None:
    business = unique("biz")
    async with start_app(
        infra, database_url, unique_prefix(), business, page_rate_per_token=1
    ) as harness:
        await configure_business(harness)
        _invoice, path = await issued(harness)
        first = await harness.client.get(f"{path}/invoice.pdf")
        again = await harness.client.get(f"{path}/invoice.pdf")
        receipt = await harness.client.get(f"{path}/receipts/RCT-000001.pdf")
    assert (first.status_code, again.status_code, receipt.status_code) == (200, 429, 429)
    assert again.headers["retry-after"] == "60"


async def test_a_long_invoice_flows_onto_more_pages(harness: Harness) -> None:
    await configure_business(harness, default_currency="JPY")
    lines = [
        LineItem(description=f"Item {n:02d}", quantity=Decimal(1), unit_amount=1500)
        for n in range(1, 61)
    ]
    job = job_completed(lines=lines, currency="JPY")
    await harness.publish(harness.event("job.completed", job))
    invoice = await eventually(
        lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
    )
    response = await harness.client.get(
        f"/v1/invoices/{invoice['invoice_id']}/invoice.pdf", headers=harness.admin_headers()
    )
    content = assert_pdf(response, f"{invoice['number']}.pdf")
    assert len(PdfReader(io.BytesIO(content)).pages) >= 2
    text_of_pdf = pdf_text(content)
    assert "Item 01" in text_of_pdf
    assert "Item 60" in text_of_pdf
    assert "¥90,000" in text_of_pdf  # 60 x ¥1,500, no tax
    assert f"Invoice {invoice['number']} · page 2 of" in text_of_pdf


INVOICE_ROW = """
INSERT INTO invoices (invoice_id, business_id, job_id, job_revision, customer, customer_name,
    currency, tax_mode, lines, subtotal, tax_total, total, amount_paid, amount_due, status,
    number, payment_terms_days, issued_at)
VALUES (:i, :b, :i, 1, CAST(:customer AS jsonb), 'Pat', 'AUD', 'exclusive', CAST('[]' AS jsonb),
    1000, 0, 1000, 700, 300, 'partially_paid', :i, 14, now())
"""
PAYMENT_ROW = """
INSERT INTO ledger_entries (entry_id, invoice_id, fact_key, kind, payment_id, amount, currency,
    method, provider, occurred_at, recorded_at)
VALUES (:e, :i, :e, 'payment', :e, :amount, 'AUD', 'card', 'stripe', now(), :at)
"""


async def test_the_migration_gives_earlier_payments_their_receipts(infra: Infra) -> None:
    url = await create_database(infra.postgres_url, "invoicing")
    await asyncio.to_thread(upgrade, MIGRATIONS, url, "0006")
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO businesses (business_id, name) VALUES ('b', 'B')"))
            await conn.execute(text(INVOICE_ROW), {"i": "inv-1", "b": "b", "customer": "{}"})
            at = utcnow()
            for entry, amount, seconds in (("p2", 300, 2), ("p1", 400, 1)):
                moment = at.replace(microsecond=0).timestamp() + seconds
                await conn.execute(
                    text(PAYMENT_ROW),
                    {"e": entry, "i": "inv-1", "amount": amount,
                     "at": datetime.fromtimestamp(moment, UTC)},
                )  # fmt: skip
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        async with engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT receipt_number, payment_id, balance_after FROM receipts "
                        "ORDER BY receipt_number"
                    )
                )
            ).all()
            counter = (await conn.execute(text("SELECT last_number FROM receipt_counters"))).all()
    finally:
        await engine.dispose()
    assert [tuple(r) for r in rows] == [("RCT-000001", "p1", 600), ("RCT-000002", "p2", 300)]
    assert [tuple(r) for r in counter] == [(2,)]
