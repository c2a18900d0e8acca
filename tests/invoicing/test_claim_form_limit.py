"""The customer's claim form is refused with 413 once it passes its limit, before the body
is read into memory (by its declared length, or as a chunked body arrives)."""

import itertools

from closeout.invoicing.api.customer import MAX_FORM_BYTES
from closeout.shared.sizes import MAX_BODY_BYTES
from support.asgi import post_counting
from support.invoicing import Harness, configure_business, issued

FORM = "application/x-www-form-urlencoded"
CHUNK = 1024


async def test_an_oversized_claim_form_is_413_without_being_read(harness: Harness) -> None:
    await configure_business(harness)
    invoice, path = await issued(harness)
    for size, declare in itertools.product((100_000, 10_000_000), (True, False)):
        answer = await post_counting(
            harness.app, f"{path}/claim", size, declare=declare, content_type=FORM, chunk=CHUNK
        )
        assert answer.status == 413
        assert answer.pulled <= MAX_FORM_BYTES + CHUNK, f"{answer.pulled} of {size} were read"
        if size < MAX_BODY_BYTES:  # past the form's own limit: the customer sees a page
            assert b"That form was too large." in answer.body

    claim = await harness.client.post(
        f"{path}/claim",
        content="method=cash&note=" + "n" * (MAX_FORM_BYTES - 100),
        headers={"content-type": FORM},
    )
    assert claim.status_code == 303, claim.text
    rows = await harness.sql(
        "SELECT method FROM payment_claims WHERE invoice_id = :i", i=invoice["invoice_id"]
    )
    assert [r["method"] for r in rows] == ["cash"], "only the claim within the limit"
