"""Customer claims at the payments admin API: ownership is checked first. Another business's
key gets a 404 (never 400 or 409), whether it names the other business's invoice or uses the
other business's claim id on its own invoice."""

from support.payments import Payments, key_headers, new_ids


async def test_another_business_gets_404_for_claims_it_does_not_own(payments: Payments) -> None:
    ours, business = new_ids()
    theirs, other = new_ids()
    for invoice_id, business_id in ((ours, business), (theirs, other)):
        await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=9_000)
    admin, stranger = key_headers(business), key_headers(other)
    manual = "/v1/invoices/{}/payments/manual"
    body = {"amount": 3_000, "currency": "USD", "method": "bank_transfer"}

    rejected = await payments.client.post(
        f"/v1/invoices/{ours}/claims/claim-r/reject", json={"reason": "no"}, headers=admin
    )
    assert rejected.status_code == 200, rejected.text
    confirmed = await payments.client.post(
        manual.format(ours), json=body | {"claim_id": "claim-c"}, headers=admin
    )
    assert confirmed.status_code == 201, confirmed.text

    # Our invoice, their key: 404 before any other check (no Idempotency-Key: was a 400).
    assert (
        await payments.client.post(manual.format(ours), json=body, headers=stranger)
    ).status_code == 404
    for claim in ("claim-r", "claim-c", "claim-new"):
        answer = await payments.client.post(
            f"/v1/invoices/{ours}/claims/{claim}/reject", json={"reason": "x"}, headers=stranger
        )
        assert answer.status_code == 404, (claim, answer.text)
    # Our claim ids on their own invoice: as unknown to them as any id (was a 409).
    for claim in ("claim-r", "claim-c"):
        confirm = await payments.client.post(
            manual.format(theirs), json=body | {"claim_id": claim}, headers=stranger
        )
        assert confirm.status_code == 404, (claim, confirm.text)
    reject = await payments.client.post(
        f"/v1/invoices/{theirs}/claims/claim-c/reject", json={"reason": "x"}, headers=stranger
    )
    assert reject.status_code == 404, reject.text

    # For the owner nothing changed: a rejected claim cannot be confirmed, nor a confirmed one
    # rejected.
    again = await payments.client.post(
        manual.format(ours), json=body | {"claim_id": "claim-r"}, headers=admin
    )
    assert again.status_code == 409
    late = await payments.client.post(
        f"/v1/invoices/{ours}/claims/claim-c/reject", json={"reason": "x"}, headers=admin
    )
    assert late.status_code == 409
