"""A Stripe-Signature with non-ASCII characters is a 400 like any bad signature, not a 500
(`hmac.compare_digest` raises TypeError on non-ASCII text)."""

from __future__ import annotations

import time

import pytest

from closeout.payments.domain.signature import SignatureError, verify_signature
from support.payments import Payments
from support.stripe_events import encode, stripe_event

NON_ASCII = ["t={now},v1=é", "t={now},v1=" + "a" * 63 + "€", "t={now}\u00a0,v1=00"]


@pytest.mark.parametrize("header", NON_ASCII)
def test_non_ascii_signatures_are_a_signature_error(header: str) -> None:
    now = int(time.time())
    with pytest.raises(SignatureError, match="not ASCII"):
        verify_signature(header.format(now=now), b"{}", ["whsec_x"], now=now, tolerance_seconds=300)


async def test_a_non_ascii_signature_header_gets_a_400(payments: Payments) -> None:
    payload = encode(stripe_event("customer.created", {"id": "cus_1", "object": "customer"}))
    now = int(time.time())
    for header in NON_ASCII:
        response = await payments.client.post(
            "/webhooks/stripe",
            content=payload,
            headers={b"Stripe-Signature": header.format(now=now).encode()},  # sent as UTF-8
        )
        assert response.status_code == 400, response.text
        assert response.json()["detail"] == "Stripe-Signature is not ASCII"
    assert await payments.rows("SELECT * FROM webhook_events") == []
