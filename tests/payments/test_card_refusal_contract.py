"""The customer page's client (invoicing) against the real payments API: an amount Stripe
cannot take is a refusal the page answers with the other ways to pay, not an outage."""

import httpx
import pytest

from closeout.invoicing.adapters.payments_client import (
    CardPaymentRefusedError,
    PaymentsClient,
    PaymentsUnavailableError,
)
from support.payments import AUTH_SECRET, Payments, new_ids


def _request(invoice_id: str, business_id: str, amount: int, currency: str) -> dict[str, object]:
    return {
        "invoice_id": invoice_id,
        "business_id": business_id,
        "amount": amount,
        "currency": currency,
        "success_url": "http://127.0.0.1:8002/i/tok/return",
        "cancel_url": "http://127.0.0.1:8002/i/tok",
    }


async def test_an_amount_stripe_cannot_take_is_a_card_refusal(payments: Payments) -> None:
    client = PaymentsClient(
        "http://payments.test", AUTH_SECRET, transport=httpx.ASGITransport(app=payments.app)
    )
    invoice_id, business_id = new_ids()
    with pytest.raises(CardPaymentRefusedError, match="card payment is not possible"):
        await client.create_checkout_session(_request(invoice_id, business_id, 1_005, "KWD"))
    session = await client.create_checkout_session(_request(invoice_id, business_id, 1_010, "KWD"))
    assert session.url.startswith("https://")

    # An outage is still an outage (try again later), not a refusal.
    down = PaymentsClient("http://127.0.0.1:9", AUTH_SECRET)
    with pytest.raises(PaymentsUnavailableError) as raised:
        await down.create_checkout_session(_request(invoice_id, business_id, 1_010, "KWD"))
    assert not isinstance(raised.value, CardPaymentRefusedError)


async def test_a_connected_account_without_charges_is_a_card_refusal(payments: Payments) -> None:
    """The customer page then offers the other ways to pay (its refused-checkout path)."""
    client = PaymentsClient(
        "http://payments.test", AUTH_SECRET, transport=httpx.ASGITransport(app=payments.app)
    )
    invoice_id, business_id = new_ids()
    await payments.connect_account(business_id, charges_enabled=False)
    with pytest.raises(CardPaymentRefusedError, match="cannot take charges"):
        await client.create_checkout_session(_request(invoice_id, business_id, 2_000, "USD"))
