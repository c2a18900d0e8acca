"""`GET /v1/payment-log`: the business's payments, failures, refunds and disputes across its
invoices, filtered and paged, and never another business's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from support.payments import Payments, key_headers, new_ids


async def _paid(
    payments: Payments, business_id: str, amount: int, method: str, reference: str | None = None
) -> tuple[str, str]:
    invoice_id, _ = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=amount)
    confirmed = await payments.client.post(
        f"/v1/invoices/{invoice_id}/payments/manual",
        json={"amount": amount, "currency": "USD", "method": method, "reference": reference},
        headers={**key_headers(business_id, key_id="key-of-dana"), "Idempotency-Key": invoice_id},
    )
    assert confirmed.status_code == 201, confirmed.text
    return invoice_id, confirmed.json()["payment_id"]


async def _log(payments: Payments, business_id: str, **params: str | int) -> dict[str, Any]:
    answer = await payments.client.get(
        "/v1/payment-log", params=params, headers=key_headers(business_id)
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_the_business_log_lists_filters_and_pages(payments: Payments) -> None:
    _, business = new_ids()
    cash_invoice, cash = await _paid(payments, business, 5_000, "cash")
    bank_invoice, _ = await _paid(payments, business, 7_000, "bank_transfer", "REF-77")
    refund = await payments.client.post(
        f"/v1/payments/{cash}/refunds",
        json={"amount": 1_000},
        headers={**key_headers(business), "Idempotency-Key": "r1"},
    )
    assert refund.status_code == 202, refund.text
    # A card failure and a dispute as Stripe's events leave them in the ledger (recorded by
    # the card flow, covered in test_card_payments): here only how the log lists them.
    later = datetime.now(UTC) + timedelta(minutes=1)
    for kind, detail in (("failed", "card_declined"), ("disputed", "dp_1 needs_response")):
        async with payments.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO ledger_entries (invoice_id, business_id, kind, amount, currency,"
                    " method, detail, dedupe_key, occurred_at)"
                    " VALUES (:i, :b, :k, 7000, 'USD', 'card', :d, :key, :at)"
                ),
                {
                    "i": bank_invoice,
                    "b": business,
                    "k": kind,
                    "d": detail,
                    "key": f"test:{kind}:{bank_invoice}",
                    "at": later,
                },
            )
    _, stranger = new_ids()
    await _paid(payments, stranger, 9_000, "cash")

    everything = await _log(payments, business)
    kinds = [item["kind"] for item in everything["items"]]
    assert kinds[:2] == ["disputed", "failed"]  # newest first
    assert sorted(kinds) == sorted(["confirmed", "confirmed", "refunded", "failed", "disputed"])
    assert everything["total"] == 5
    confirmed = (await _log(payments, business, category="payments"))["items"]
    assert {(c["invoice_id"], c["method"], c["amount"]) for c in confirmed} == {
        (cash_invoice, "cash", 5_000),
        (bank_invoice, "bank_transfer", 7_000),
    }
    bank = (await _log(payments, business, category="payments", method="bank_transfer"))["items"]
    [entry] = bank
    assert entry["reference"] == "REF-77"
    assert "key-of-dana" in entry["actor"]  # who confirmed it
    assert entry["invoice_number"] == "INV-2026-000042"
    refunds = (await _log(payments, business, category="refunds"))["items"]
    [refunded] = refunds  # a manual refund is done at once
    assert (refunded["kind"], refunded["amount"], refunded["method"]) == ("refunded", 1_000, "cash")
    assert [f["detail"] for f in (await _log(payments, business, category="failed"))["items"]] == [
        "card_declined"
    ]
    [dispute] = (await _log(payments, business, category="disputes"))["items"]
    assert dispute["invoice_id"] == bank_invoice
    only_cash = await _log(payments, business, invoice_id=cash_invoice)
    assert {i["invoice_id"] for i in only_cash["items"]} == {cash_invoice}

    first = await _log(payments, business, limit=4)
    second = await _log(payments, business, limit=4, offset=4)
    assert (len(first["items"]), len(second["items"])) == (4, 1)
    assert first["total"] == second["total"] == 5
    ids = [i["id"] for i in [*first["items"], *second["items"]]]
    assert len(set(ids)) == 5

    window = await _log(payments, business, since=later.isoformat())
    assert window["total"] == 2
    upside_down = await _log(
        payments, business, since=later.isoformat(), until=(later - timedelta(days=1)).isoformat()
    )
    assert (upside_down["total"], upside_down["items"]) == (0, [])
    assert (
        await payments.client.get(
            "/v1/payment-log", params={"category": "gifts"}, headers=key_headers(business)
        )
    ).status_code == 422
    # The other business sees only its own payment.
    assert (await _log(payments, stranger))["total"] == 1
