"""Stripe webhook events for tests, built and signed exactly as Stripe does: the one builder.

`stripe_event` is the event (a dict), `event` the same encoded as the body Stripe posts,
`sign` its `Stripe-Signature` header. `StripeObjects` builds real-shaped objects from
stripe-mock's fixtures with Closeout's metadata; `checkout_session` a minimal one offline.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import httpx


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme, written out independently of the service:
    `t=<unix time>,v1=<HMAC-SHA256 of "t.payload">`."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def stripe_event(
    event_type: str, obj: dict[str, Any], *, event_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def encode(evt: dict[str, Any]) -> bytes:
    return json.dumps(evt).encode()


def event(event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> bytes:
    """The body Stripe posts for this event."""
    return encode(stripe_event(event_type, obj, event_id=event_id))


def json_id(payload: bytes) -> str:
    value: str = json.loads(payload)["id"]
    return value


def checkout_session(
    *,
    invoice_id: str,
    business_id: str,
    amount: int,
    currency: str = "aud",
    payment_status: str = "paid",
    session_id: str = "cs_test_e2e",
    payment_intent: str | None = None,
    attempt_id: str | None = None,
    email: str | None = None,
) -> dict[str, Any]:
    """A completed Checkout session, built without stripe-mock."""
    metadata = {"invoice_id": invoice_id, "business_id": business_id}
    if attempt_id:
        metadata["attempt_id"] = attempt_id
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": amount,
        "amount_total": amount,
        "client_reference_id": invoice_id,
        "currency": currency,
        "customer_details": {"email": email},
        "customer_email": email,
        "livemode": False,
        "metadata": metadata,
        "mode": "payment",
        "payment_intent": payment_intent or f"pi_{uuid.uuid4().hex[:24]}",
        "payment_method_types": ["card"],
        "payment_status": payment_status,
        "status": "complete",
        "url": None,
    }


_cache: dict[str, dict[str, Any]] = {}


async def stripe_object(api_base: str, path: str) -> dict[str, Any]:
    """A fixture object as stripe-mock serves it (Stripe's OpenAPI fixtures), fresh copy."""
    if path not in _cache:
        async with httpx.AsyncClient(base_url=api_base, timeout=10) as client:
            response = await client.get(path, headers={"Authorization": "Bearer sk_test_123"})
            response.raise_for_status()
            _cache[path] = response.json()
    return copy.deepcopy(_cache[path])


class StripeObjects:
    """Builders for the objects a Closeout checkout produces, with our metadata set."""

    def __init__(self, api_base: str) -> None:
        self.api_base = api_base

    async def session(
        self,
        *,
        invoice_id: str,
        business_id: str,
        attempt_id: str | None,
        amount: int,
        currency: str = "usd",
        payment_status: str = "paid",
        status: str = "complete",
        payment_intent: str | None = None,
        session_id: str | None = None,
        method: str = "card",
    ) -> dict[str, Any]:
        obj = await stripe_object(self.api_base, "/v1/checkout/sessions/cs_test_fixture")
        metadata = {"invoice_id": invoice_id, "business_id": business_id}
        if attempt_id:
            metadata["attempt_id"] = attempt_id
        obj.update(
            id=session_id or obj["id"],
            client_reference_id=invoice_id,
            metadata=metadata,
            amount_total=amount,
            amount_subtotal=amount,
            currency=currency,
            payment_status=payment_status,
            status=status,
            payment_intent=payment_intent or f"pi_{uuid.uuid4().hex[:20]}",
            payment_method_types=[method],
        )
        return obj

    async def charge(
        self,
        *,
        payment_intent: str,
        amount: int,
        refunds: list[tuple[str, int]],
        currency: str = "usd",
    ) -> dict[str, Any]:
        obj = await stripe_object(self.api_base, "/v1/charges/ch_fixture")
        refunded = sum(a for _, a in refunds)
        obj.update(
            id=f"ch_{payment_intent[3:]}",
            payment_intent=payment_intent,
            amount=amount,
            amount_refunded=refunded,
            refunded=refunded == amount,
            currency=currency,
            metadata={},
            refunds={
                "object": "list",
                "data": [
                    {
                        "id": rid,
                        "object": "refund",
                        "amount": ramount,
                        "status": "succeeded",
                        "created": 1_700_000_000 + n,
                        "payment_intent": payment_intent,
                    }
                    for n, (rid, ramount) in enumerate(refunds)
                ],
                "has_more": False,
            },
        )
        return obj

    async def dispute(
        self, *, payment_intent: str, amount: int, status: str, dispute_id: str
    ) -> dict[str, Any]:
        obj = await stripe_object(self.api_base, "/v1/disputes/dp_fixture")
        obj.update(
            id=dispute_id,
            payment_intent=payment_intent,
            charge=f"ch_{payment_intent[3:]}",
            amount=amount,
            status=status,
        )
        return obj

    async def failed_intent(
        self, *, payment_intent: str, metadata: dict[str, str], message: str
    ) -> dict[str, Any]:
        obj = await stripe_object(self.api_base, "/v1/payment_intents/pi_fixture")
        obj.update(
            id=payment_intent,
            metadata=metadata,
            status="requires_payment_method",
            last_payment_error={
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "message": message,
                "payment_method": {"type": "card"},
            },
        )
        return obj

    async def refund(
        self,
        *,
        refund_id: str,
        payment_intent: str,
        amount: int,
        status: str,
        metadata: dict[str, str] | None = None,
        failure_reason: str | None = None,
        currency: str = "usd",
    ) -> dict[str, Any]:
        """A refund as Stripe reports it in `charge.refund.updated` / `refund.*` events."""
        obj = await stripe_object(self.api_base, "/v1/refunds/re_fixture")
        obj.update(
            id=refund_id,
            amount=amount,
            currency=currency,
            charge=f"ch_{payment_intent[3:]}",
            payment_intent=payment_intent,
            status=status,
            metadata=metadata or {},
        )
        if status == "failed":
            obj.update(
                failure_reason=failure_reason or "unknown",
                failure_balance_transaction=f"txn_{uuid.uuid4().hex[:20]}",
            )
        return obj
