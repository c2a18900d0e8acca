"""Who may call payments: ops endpoints need the ops scope; forged, legacy, revoked, expired
and non-ASCII keys are a 401, never a 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from closeout.shared.ids import utcnow
from support.api_keys import bearer, issue_key
from support.payments import (
    AUTH_SECRET,
    SERVICE_HEADERS,
    Payments,
    key_headers,
    new_ids,
    ops_headers,
)

OPS_ENDPOINTS = [
    ("GET", "/v1/ops/webhook-events"),
    ("GET", "/v1/ops/webhook-rejections"),
    ("POST", "/v1/ops/webhook-events/evt_unknown/replay"),
]


def legacy_signed_key(business_id: str, role: str) -> str:
    """A key as `mint-key` made them before keys were stored: signed, never expiring."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    payload = b64(json.dumps({"b": business_id, "r": role, "k": "old"}).encode())
    digest = hmac.new(AUTH_SECRET.encode(), payload.encode(), hashlib.sha256).digest()
    return f"cok_{payload}.{b64(digest)}"


@pytest.mark.parametrize(("method", "path"), OPS_ENDPOINTS)
async def test_ops_endpoints_need_the_ops_scope(payments: Payments, method: str, path: str) -> None:
    _, business_id = new_ids()
    for headers in (SERVICE_HEADERS, key_headers(business_id)):
        denied = await payments.client.request(method, path, headers=headers)
        assert denied.status_code == 403, (headers, denied.text)
    allowed = await payments.client.request(method, path, headers=ops_headers())
    assert allowed.status_code in (200, 404), allowed.text  # 404: no such event to replay


async def test_a_service_token_still_opens_checkout_sessions(payments: Payments) -> None:
    response = await payments.client.post(
        "/internal/v1/checkout-sessions", json={}, headers=SERVICE_HEADERS
    )
    assert response.status_code == 422  # authenticated, then the empty body is refused
    ops = await payments.client.post(
        "/internal/v1/checkout-sessions", json={}, headers=ops_headers()
    )
    assert ops.status_code == 403


async def test_legacy_revoked_expired_and_foreign_keys_are_refused(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    path = f"/v1/invoices/{invoice_id}/payments"
    # A valid key is let through to the lookup (no such invoice: 404); the others never are.
    assert (await payments.client.get(path, headers=key_headers(business_id))).status_code == 404
    refused = {
        "admin for every business": bearer(legacy_signed_key("*", "admin")),
        "old admin key": bearer(legacy_signed_key(business_id, "admin")),
        "old service key": bearer(legacy_signed_key("*", "service")),
        "revoked": bearer(issue_key(business_id, "admin", revoked_at=utcnow())),
        "expired": bearer(
            issue_key(business_id, "admin", expires_at=utcnow() - timedelta(seconds=1))
        ),
        "unknown id": bearer("cok_abcdefghijklmnop." + "x" * 43),
    }
    for what, headers in refused.items():
        response = await payments.client.get(path, headers=headers)
        assert response.status_code == 401, (what, response.text)
    for ops_path in ("/v1/ops/webhook-events", "/v1/ops/webhook-rejections"):
        legacy = bearer(legacy_signed_key("*", "admin"))
        assert (await payments.client.get(ops_path, headers=legacy)).status_code == 401


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
async def test_non_ascii_keys_are_a_401(payments: Payments, header: str) -> None:
    _, business_id = new_ids()
    good = key_headers(business_id)["Authorization"].removeprefix("Bearer ")
    token = SERVICE_HEADERS["Authorization"].removeprefix("Bearer ")
    prefix = "Bearer " if header == "Authorization" else ""
    for key in (good[:-3] + "\xe9\xe9\xe9", token[:-3] + "\xe9\xe9\xe9", "cok_\xe9.\xe9"):
        # Latin-1 on the wire: what a client sends when it does not encode the header.
        headers = {header.encode(): (prefix + key).encode("latin-1")}
        response = await payments.client.get("/v1/ops/webhook-events", headers=headers)
        assert response.status_code == 401, (key, response.text)
