"""The payments gateway's internal API: create a Checkout session for an invoice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from closeout.shared.auth import mint_service_token
from closeout.shared.errors import UpstreamError


class PaymentsUnavailableError(UpstreamError):
    """Payments could not be reached or failed: the card form may work later."""


class CardPaymentRefusedError(PaymentsUnavailableError):
    """Payments will not take this invoice by card (e.g. an amount Stripe cannot charge):
    trying again will not help; the other ways to pay will."""


@dataclass(frozen=True)
class CheckoutSession:
    attempt_id: str
    checkout_session_id: str
    url: str


class PaymentsClient:
    def __init__(
        self, base_url: str, auth_secret: str, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth_secret = auth_secret
        self.transport = transport

    def _token(self) -> str:
        """A short-lived service token, minted per call (an HMAC: cheaper than caching)."""
        return mint_service_token(self.auth_secret, issuer="invoicing")

    async def create_checkout_session(self, request: Mapping[str, object]) -> CheckoutSession:
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=15.0) as client:
                response = await client.post(
                    f"{self.base_url}/internal/v1/checkout-sessions",
                    json=request,
                    headers={"Authorization": f"Bearer {self._token()}"},
                )
        except httpx.HTTPError as exc:
            raise PaymentsUnavailableError(f"payments unreachable: {exc}") from exc
        if response.status_code == 422:
            raise CardPaymentRefusedError(f"payments refused: {response.text[:300]}")
        if response.status_code not in (200, 201):
            raise PaymentsUnavailableError(
                f"payments answered {response.status_code}: {response.text[:300]}"
            )
        body = response.json()
        return CheckoutSession(
            attempt_id=body["attempt_id"],
            checkout_session_id=body["checkout_session_id"],
            url=body["url"],
        )
