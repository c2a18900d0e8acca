"""Which invoice statuses can still take a payment is one fact, shared by invoicing and payments."""

from __future__ import annotations

import pytest

from closeout.invoicing.domain.status import ALLOWED
from closeout.shared.contracts.invoices import PAYABLE_STATUSES
from support.payments import Payments, key_headers, new_ids


def test_invoicing_takes_payments_and_claims_in_exactly_the_payable_statuses() -> None:
    assert ALLOWED["pay"] == ALLOWED["claim"] == PAYABLE_STATUSES


@pytest.mark.parametrize("status", ["refunded", "partially_refunded"])
async def test_an_admin_can_record_money_on_an_invoice_a_refund_reopened(
    payments: Payments, status: str
) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(
        invoice_id=invoice_id, business_id=business_id, total=10_000, amount_due=4_000,
        status=status,
    )  # fmt: skip
    response = await payments.client.post(
        f"/v1/invoices/{invoice_id}/payments/manual",
        json={"amount": 4_000, "currency": "USD", "method": "bank_transfer", "reference": "t1"},
        headers={**key_headers(business_id), "Idempotency-Key": "reopened"},
    )
    assert response.status_code == 201, response.text
