"""A refund gives money back: what net payments (paid - refunded) no longer cover is due
again, and the admin can chase it, write it off, or void an invoice that keeps nothing."""

from __future__ import annotations

from support.invoicing import TOTAL, Harness, configure_business, issued_invoice, payment
from support.waiting import unique


async def test_partial_refund_of_a_part_payment_leaves_the_rest_due(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = (await issued_invoice(harness))["invoice_id"]
    paid = payment("payment.confirmed", invoice_id, 10000)
    await harness.apply(harness.event("payment.confirmed", paid))
    refund = payment(
        "payment.refunded", invoice_id, 2000, payment_id=paid.payment_id, refund_id=unique("re")
    )
    await harness.apply(harness.event("payment.refunded", refund))

    shown = await harness.client.get(f"/v1/invoices/{invoice_id}", headers=harness.admin_headers())
    assert shown.status_code == 200
    body = shown.json()
    assert (body["status"], body["amount_paid"], body["amount_refunded"], body["amount_due"]) == (
        "partially_refunded",
        10000,
        2000,
        TOTAL - 8000,
    )
    [issued] = await harness.outbox_events(invoice_id, "invoice.refunded")
    assert issued["data"]["invoice"]["amount_due"] == TOTAL - 8000

    resent = await harness.client.post(
        f"/v1/invoices/{invoice_id}/resend", headers=harness.admin_headers()
    )
    assert resent.status_code == 200, resent.text
    written_off = await harness.client.post(
        f"/v1/invoices/{invoice_id}/mark-uncollectible",
        json={"reason": "customer will not pay the rest"},
        headers=harness.admin_headers(),
    )
    assert written_off.status_code == 200, written_off.text
    assert (written_off.json()["status"], written_off.json()["amount_due"]) == ("uncollectible", 0)


async def test_a_fully_refunded_invoice_can_be_voided(harness: Harness) -> None:
    await configure_business(harness, auto_send=True)
    invoice_id = (await issued_invoice(harness))["invoice_id"]
    paid = payment("payment.confirmed", invoice_id, TOTAL)
    await harness.apply(harness.event("payment.confirmed", paid))
    refund = payment(
        "payment.refunded", invoice_id, TOTAL, payment_id=paid.payment_id, refund_id=unique("re")
    )
    await harness.apply(harness.event("payment.refunded", refund))
    assert (await harness.invoice(invoice_id))["status"] == "refunded"

    voided = await harness.client.post(
        f"/v1/invoices/{invoice_id}/void",
        json={"reason": "job redone for free"},
        headers=harness.admin_headers(),
    )
    assert voided.status_code == 200, voided.text
    assert (voided.json()["status"], voided.json()["amount_due"]) == ("void", 0)
