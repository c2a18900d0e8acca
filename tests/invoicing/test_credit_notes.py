"""Credit notes: part of a paid invoice credited, never more than what was paid less refunds
and earlier notes; numbered per business; on the timeline, in the invoice's detail and as
`invoice.credited`; idempotent under an Idempotency-Key. No payment changes with a note."""

from __future__ import annotations

from typing import Any

import httpx

from support.invoicing import (
    TOTAL,
    Harness,
    configure_business,
    issued_invoice,
    payment,
    pdf_text,
    save_first_page_png,
)
from support.waiting import unique


async def _paid(harness: Harness, amount: int = TOTAL, refunded: int = 0) -> str:
    """An issued invoice with `amount` paid by card (and `refunded` of it refunded)."""
    invoice_id: str = (await issued_invoice(harness))["invoice_id"]
    paid = payment("payment.confirmed", invoice_id, amount)
    await harness.apply(harness.event("payment.confirmed", paid))
    if refunded:
        refund = payment(
            "payment.refunded",
            invoice_id,
            refunded,
            payment_id=paid.payment_id,
            refund_id=unique("re"),
        )
        await harness.apply(harness.event("payment.refunded", refund))
    return invoice_id


async def _credit(
    harness: Harness, invoice_id: str, key: str | None = None, **body: Any
) -> httpx.Response:
    headers = harness.admin_headers() | ({"Idempotency-Key": key} if key else {})
    return await harness.client.post(
        f"/v1/invoices/{invoice_id}/credit-notes",
        json={"reason": "one hour less than billed"} | body,
        headers=headers,
    )


async def _detail(harness: Harness, invoice_id: str) -> dict[str, Any]:
    response = await harness.client.get(
        f"/v1/invoices/{invoice_id}", headers=harness.admin_headers()
    )
    assert response.status_code == 200, response.text
    detail: dict[str, Any] = response.json()
    return detail


async def test_a_credit_note_on_a_paid_invoice(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = await _paid(harness)
    lines = [{"description": "Labour, 1 hour", "amount": 2000}, {"description": "Call-out",
                                                                  "amount": 500}]  # fmt: skip
    created = await _credit(harness, invoice_id, amount=2500, lines=lines)
    assert created.status_code == 201, created.text
    note = created.json()
    assert (note["number"], note["amount"], note["currency"]) == ("INV-CN-0001", 2500, "AUD")
    assert (note["invoice_id"], note["reason"]) == (invoice_id, "one hour less than billed")
    assert note["lines"] == lines

    detail = await _detail(harness, invoice_id)
    # It states a credit; it changes no payment, status or amount due.
    assert (detail["status"], detail["amount_paid"], detail["amount_due"]) == ("paid", TOTAL, 0)
    assert detail["amount_credited"] == 2500
    assert detail["credit_notes"] == [note]
    assert detail["timeline"][-1]["kind"] == "credited"
    assert detail["timeline"][-1]["detail"] == (
        "credit note INV-CN-0001: 25.00 AUD credited (one hour less than billed)"
    )
    listed = await harness.client.get(
        f"/v1/invoices/{invoice_id}/credit-notes", headers=harness.admin_headers()
    )
    assert listed.json() == [note]

    [event] = await harness.outbox_events(invoice_id, "invoice.credited")
    assert event["data"]["credit_note"]["number"] == "INV-CN-0001"
    assert event["data"]["invoice"]["amount_credited"] == 2500
    assert event["data"]["reason"] == "one hour less than billed"

    # The business's own sequence: the next note on another invoice is number 2.
    second = await _credit(harness, await _paid(harness), amount=100)
    assert second.json()["number"] == "INV-CN-0002"


async def test_never_more_than_paid_less_refunds_and_earlier_notes(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = await _paid(harness, amount=10000, refunded=2000)  # 8000 kept

    too_much = await _credit(harness, invoice_id, amount=8001)
    assert too_much.status_code == 409
    assert "at most 8000" in too_much.json()["detail"]
    assert (await _credit(harness, invoice_id, amount=5000)).status_code == 201
    assert (await _credit(harness, invoice_id, amount=3001)).status_code == 409
    assert (await _credit(harness, invoice_id, amount=3000)).status_code == 201
    spent = await _credit(harness, invoice_id, amount=1)
    assert spent.status_code == 409
    assert "nothing paid is left" in spent.json()["detail"]
    detail = await _detail(harness, invoice_id)
    assert detail["amount_credited"] == 8000
    assert [n["amount"] for n in detail["credit_notes"]] == [5000, 3000]
    assert await harness.outbox_types(invoice_id) == [
        "invoice.created",
        "invoice.issued",
        "invoice.payment_recorded",
        "invoice.refunded",
        "invoice.credited",
        "invoice.credited",
    ]


async def test_a_retry_with_the_idempotency_key_returns_the_same_note(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = await _paid(harness)
    first = await _credit(harness, invoice_id, key="cn-1", amount=1000)
    again = await _credit(harness, invoice_id, key="cn-1", amount=1000)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    other = await _credit(harness, invoice_id, key="cn-1", amount=999)
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]
    assert (await _detail(harness, invoice_id))["amount_credited"] == 1000
    assert len(await harness.outbox_events(invoice_id, "invoice.credited")) == 1


async def test_refusals_are_clear_and_change_nothing(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    unpaid = (await issued_invoice(harness))["invoice_id"]
    refused = await _credit(harness, unpaid, amount=100)
    assert refused.status_code == 409
    assert "nothing paid is left" in refused.json()["detail"]

    invoice_id = await _paid(harness)
    mismatch = await _credit(
        harness, invoice_id, amount=1000, lines=[{"description": "Labour", "amount": 900}]
    )
    assert mismatch.status_code == 422
    assert "add up" in mismatch.json()["detail"]
    for bad in ({"amount": 0}, {"amount": 10.5}, {"amount": 100, "reason": ""}):
        assert (await _credit(harness, invoice_id, **bad)).status_code == 422, bad
    assert (await _credit(harness, "nope", amount=100)).status_code == 404
    other_business = await harness.client.post(
        f"/v1/invoices/{invoice_id}/credit-notes",
        json={"amount": 100, "reason": "x"},
        headers=harness.admin_headers(unique("biz")),
    )
    assert other_business.status_code == 404
    assert (await _detail(harness, invoice_id))["credit_notes"] == []
    assert await harness.outbox_events(invoice_id, "invoice.credited") == []

    draft = await harness.client.post(
        "/v1/invoices",
        json={"customer": {"name": "Sam"}, "lines": [{"description": "Work", "unit_amount": 1}]},
        headers=harness.admin_headers(),
    )
    refused = await _credit(harness, draft.json()["invoice_id"], amount=1)
    assert refused.status_code == 409
    assert "draft" in refused.json()["detail"]


async def test_the_credit_note_as_a_pdf(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = await _paid(harness)
    lines = [{"description": "Labour, 1 hour", "amount": 2500}]
    note = (await _credit(harness, invoice_id, amount=2500, lines=lines)).json()
    invoice_number = (await _detail(harness, invoice_id))["number"]

    response = await harness.client.get(
        f"/v1/invoices/{invoice_id}/credit-notes/{note['number']}.pdf",
        headers=harness.admin_headers(),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="INV-CN-0001.pdf"' in response.headers["content-disposition"]
    text = " ".join(pdf_text(response.content).split())  # wrapped lines as one
    for expected in ("CREDIT NOTE", "INV-CN-0001", invoice_number, "one hour less than billed",
                     "Labour, 1 hour", "Amount credited", "25.00"):  # fmt: skip
        assert expected in text, expected
    save_first_page_png(response.content, "credit_note")
    missing = await harness.client.get(
        f"/v1/invoices/{invoice_id}/credit-notes/INV-CN-9999.pdf", headers=harness.admin_headers()
    )
    assert missing.status_code == 404
