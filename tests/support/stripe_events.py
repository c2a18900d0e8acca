"""Stripe webhook events built and signed exactly as Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header: `t=<unix time>,v1=<HMAC-SHA256 of "t.payload">`."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def event(event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> bytes:
    body = {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }
    return json.dumps(body).encode()


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


def json_id(payload: bytes) -> str:
    value: str = json.loads(payload)["id"]
    return value
