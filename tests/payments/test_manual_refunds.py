"""Refunds of manual payments: racing requests, our own refund ids, other businesses' ids."""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from support.payments import Payments, key_headers, new_ids


async def _manual_payment(payments: Payments, amount: int) -> tuple[str, str, str]:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=amount)
    confirmed = await payments.client.post(
        f"/v1/invoices/{invoice_id}/payments/manual",
        json={"amount": amount, "currency": "USD", "method": "cash"},
        headers={**key_headers(business_id), "Idempotency-Key": f"pay-{invoice_id}"},
    )
    assert confirmed.status_code == 201, confirmed.text
    return invoice_id, business_id, confirmed.json()["payment_id"]


async def _refund(
    payments: Payments, business_id: str, payment_id: str, amount: int | None, key: str | None
) -> tuple[int, dict[str, object]]:
    headers = key_headers(business_id)
    if key is not None:
        headers["Idempotency-Key"] = key
    response = await payments.client.post(
        f"/v1/payments/{payment_id}/refunds", json={"amount": amount}, headers=headers
    )
    return response.status_code, response.json()


async def test_racing_refunds_never_refund_more_than_was_paid(payments: Payments) -> None:
    invoice_id, business_id, payment_id = await _manual_payment(payments, 10_000)
    answers = await asyncio.gather(
        *(_refund(payments, business_id, payment_id, 4_000, f"race-{n}") for n in range(6))
    )
    statuses = sorted(status for status, _ in answers)
    assert statuses.count(202) == 2, answers
    assert set(statuses) - {202} <= {409, 422}
    refunded = await payments.events("payment.refunded", invoice_id)
    assert sum(e["data"]["amount"] for e in refunded) == 8_000
    [payment] = await payments.rows("SELECT amount_refunded FROM payments")
    assert payment["amount_refunded"] == 8_000

    # The database itself refuses a refund total above the payment.
    with pytest.raises(IntegrityError, match="ck_payments_refund_within_amount"):
        async with payments.engine.begin() as conn:
            await conn.execute(
                text("UPDATE payments SET amount_refunded = amount + 1 WHERE payment_id = :p"),
                {"p": payment_id},
            )


async def test_manual_refund_ids_are_ours_and_keys_are_scoped_to_the_payment(
    payments: Payments,
) -> None:
    _, business_a, payment_a = await _manual_payment(payments, 5_000)
    _, business_b, payment_b = await _manual_payment(payments, 5_000)
    status_a, first_a = await _refund(payments, business_a, payment_a, 1_000, "same-key")
    status_b, first_b = await _refund(payments, business_b, payment_b, 2_000, "same-key")
    assert (status_a, status_b) == (202, 202)
    assert first_a["refund_id"] != first_b["refund_id"]
    assert "same-key" not in str(first_a["refund_id"]) + str(first_b["refund_id"])

    # The same key on the same payment is the same refund, with its recorded amount.
    status, again = await _refund(payments, business_a, payment_a, None, "same-key")
    assert (status, again["refund_id"], again["amount"]) == (202, first_a["refund_id"], 1_000)
    status, _ = await _refund(payments, business_a, payment_a, 1_500, "same-key")
    assert status == 409
    [row_a] = await payments.rows(
        "SELECT amount_refunded FROM payments WHERE payment_id = :p", p=payment_a
    )
    assert row_a["amount_refunded"] == 1_000


async def test_another_business_gets_404_for_a_payment_whatever_else_is_wrong(
    payments: Payments,
) -> None:
    _, owner, payment_id = await _manual_payment(payments, 5_000)
    assert (await _refund(payments, owner, payment_id, 1_000, "used"))[0] == 202
    stranger = f"{owner}-other"
    # No Idempotency-Key (400 for the owner), a key the owner used (its refund), too much (422):
    for amount, key in ((1_000, None), (1_000, "used"), (9_999_999, "new"), (None, "x")):
        status, body = await _refund(payments, stranger, payment_id, amount, key)
        assert status == 404, (amount, key, body)
    assert (await _refund(payments, owner, payment_id, 1_000, None))[0] == 400
    assert (await _refund(payments, owner, "no-such-payment", 1_000, "k"))[0] == 404
