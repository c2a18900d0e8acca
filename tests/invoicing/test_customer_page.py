"""The customer page: capability links (expiry, revocation, paid), card redirect, security."""

import re

from closeout.shared.capability_links import DEV_LINK_SECRET, link_token, token_hash
from support.invoicing import (
    CHECKOUT_URL,
    TOTAL,
    Harness,
    configure_business,
    issued,
    payment,
)
from support.waiting import eventually


def without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]+"', "", html)


async def test_page_answers_at_a_glance_and_is_locked_down(harness: Harness) -> None:
    await configure_business(
        harness, bank_transfer_instructions="BSB 062-000 Account 1234", brand_color="#aa3300"
    )
    invoice, path = await issued(harness)
    page = await harness.client.get(path)
    assert page.status_code == 200
    for expected in (
        "Acme Plumbing",
        "$297.55",
        "Due ",
        "Replace hot water system",
        "BSB 062-000 Account 1234",
        "Pay $297.55 by card",
        invoice["number"],
    ):
        assert expected in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "<script" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"

    await harness.client.get(path)
    after = await harness.invoice(invoice["invoice_id"])
    assert after["view_count"] == 2
    assert (await harness.outbox_types(invoice["invoice_id"])).count("invoice.viewed") == 1


async def test_unknown_revoked_and_expired_links_look_the_same(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    unknown = await harness.client.get("/i/" + "A" * 32)
    assert unknown.status_code == 404

    regenerated = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/links", headers=harness.admin_headers()
    )
    assert regenerated.status_code == 201
    revoked = await harness.client.get(path)
    assert revoked.status_code == 404
    assert without_nonce(revoked.text) == without_nonce(unknown.text)
    new_path = regenerated.json()["payment_url"].removeprefix("http://invoices.test")
    assert (await harness.client.get(new_path)).status_code == 200

    await harness.sql(
        "UPDATE payment_links SET expires_at = now() - interval '1 second'"
        " WHERE invoice_id = :i RETURNING link_id",
        i=invoice["invoice_id"],
    )
    expired = await harness.client.get(new_path)
    assert expired.status_code == 404
    assert without_nonce(expired.text) == without_nonce(unknown.text)


async def test_card_payment_redirects_to_checkout_and_return_never_marks_paid(
    harness: Harness,
) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    response = await harness.client.post(f"{path}/pay/card")
    assert response.status_code == 303
    assert response.headers["location"] == CHECKOUT_URL
    request = harness.checkout_requests[-1]
    assert request["invoice_id"] == invoice["invoice_id"]
    assert request["amount"] == TOTAL
    assert request["currency"] == "AUD"
    assert request["success_url"] == f"http://invoices.test{path}/return"

    back = await harness.client.get(f"{path}/return")
    assert "payment is processing" in back.text
    assert (await harness.invoice(invoice["invoice_id"]))["status"] == "open"


async def test_paid_link_shows_only_a_short_confirmation_then_nothing(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    unknown = await harness.client.get("/i/" + "A" * 32)
    confirmed = payment("payment.confirmed", invoice["invoice_id"], TOTAL)
    await harness.publish(harness.event("payment.confirmed", confirmed))
    await eventually(
        lambda: harness.invoice(invoice["invoice_id"]), lambda i: i["status"] == "paid"
    )
    page = await harness.client.get(path)
    assert page.status_code == 200
    assert "Paid on" in page.text
    assert "thank you" in page.text
    assert "$297.55" in page.text
    for hidden in (
        "Replace hot water system",
        "12 Example St",
        "Pat Customer",
        "by card",
        "/claim",
    ):
        assert hidden not in page.text  # the invoice itself is no longer shown
    card = await harness.client.post(f"{path}/pay/card")
    assert card.status_code == 303
    assert card.headers["location"] == path
    assert harness.checkout_requests == []
    claim = await harness.client.post(
        f"{path}/claim",
        content="method=cash",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert claim.status_code == 400
    back = await harness.client.get(f"{path}/return")
    assert "thank you" in back.text

    await harness.sql(
        "UPDATE invoices SET paid_at = now() - interval '31 days' WHERE invoice_id = :i"
        " RETURNING 1",
        i=invoice["invoice_id"],
    )  # INVOICING_PAID_LINK_DAYS defaults to 30
    later = await harness.client.get(path)
    assert (later.status_code, later.content) == (404, unknown.content)


async def test_void_link_is_the_same_404_as_an_unknown_one(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    assert (await harness.client.get(path)).status_code == 200
    voided = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/void",
        json={"reason": "sent by mistake"},
        headers=harness.admin_headers(),
    )
    assert voided.status_code == 200, voided.text
    unknown = await harness.client.get("/i/" + "A" * 32)
    for gone in (
        await harness.client.get(path),
        await harness.client.get(f"{path}/return"),
        await harness.client.post(f"{path}/pay/card"),
    ):
        assert gone.status_code == 404
        assert gone.content == unknown.content  # byte for byte
        assert gone.headers == unknown.headers


async def test_no_raw_token_in_the_outbox(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    resent = await harness.client.post(
        f"/v1/invoices/{invoice['invoice_id']}/resend", headers=harness.admin_headers()
    )
    assert resent.status_code == 200
    links = await harness.sql(
        "SELECT link_id, token_hash FROM payment_links WHERE invoice_id = :i",
        i=invoice["invoice_id"],
    )
    tokens = [link_token(DEV_LINK_SECRET, link["link_id"]) for link in links]
    assert len(tokens) == 2
    assert {token_hash(t) for t in tokens} == {link["token_hash"] for link in links}
    assert path.removeprefix("/i/") in tokens
    payloads = [
        bytes(r["payload"]).decode() for r in await harness.sql("SELECT payload FROM outbox")
    ]
    assert any(f"/i/~{links[0]['link_id']}." in p for p in payloads)
    for token in tokens:
        assert not [p for p in payloads if token in p]


async def test_rate_limited_per_token(harness: Harness) -> None:
    await configure_business(harness)
    _, path = await issued(harness)
    codes = [(await harness.client.get(path + "/return")).status_code for _ in range(40)]
    assert codes[0] == 200
    assert 429 in codes


async def test_a_claim_with_nul_characters_is_kept_without_them(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    claim = await harness.client.post(
        f"{path}/claim",
        content="method=cash&reference=R%0042&note=paid%00 at the door",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert claim.status_code == 303, claim.text
    [row] = await harness.sql(
        "SELECT reference, note FROM payment_claims WHERE invoice_id = :i", i=invoice["invoice_id"]
    )
    assert (row["reference"], row["note"]) == ("R42", "paid at the door")
