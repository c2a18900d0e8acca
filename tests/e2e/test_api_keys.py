"""API keys across the four running services: a key issued by invoicing works everywhere once
the services have read `apikey.issued`, and a revoked one is refused by every service within
seconds (real Kafka, separate processes)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import httpx

from closeout.invoicing.usecases import api_keys
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.ids import utcnow
from e2e.stack import SERVICES, Stack
from support.api_keys import bearer, issue_key

# A request each API-key service lets through to its lookup for a valid admin key (200 or
# 404). The dashboard takes no API keys (its users sign in), so it is not probed.
PROBES = {
    "jobs": "/v1/jobs/no-such-job",
    "invoicing": "/v1/invoices",
    "payments": "/v1/invoices/no-such-invoice/payments",
    "notifications": "/v1/notifications",
}
PROPAGATION_LIMIT = 10.0  # seconds; it takes about one on an idle machine


async def statuses(stack: Stack, headers: dict[str, str] | dict[bytes, bytes]) -> dict[str, int]:
    async with httpx.AsyncClient(timeout=10) as client:
        answers = await asyncio.gather(
            *(client.get(stack.urls[name] + path, headers=headers) for name, path in PROBES.items())
        )
    return {name: answer.status_code for name, answer in zip(PROBES, answers, strict=True)}


async def seconds_until(
    stack: Stack, headers: dict[str, str], ok: Callable[[int], bool], limit: float
) -> float:
    started = time.monotonic()
    while True:
        seen = await statuses(stack, headers)
        if all(ok(code) for code in seen.values()):
            return time.monotonic() - started
        if time.monotonic() - started > limit:
            raise AssertionError(f"not every service agrees after {limit}s: {seen}")
        await asyncio.sleep(0.1)


async def test_a_revoked_key_is_refused_by_every_service_within_seconds(stack: Stack) -> None:
    business = f"keys-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        created = await admin.patch("/v1/business", json={"name": "Key Holders"})
        assert created.status_code == 200, created.text
    engine = create_engine(stack.database_urls()[SERVICES.index("invoicing")], pool_size=1)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            issued = await api_keys.issue_key(session, business, ["admin"], label="e2e")
        headers = bearer(issued.key)
        accepted = await seconds_until(stack, headers, lambda code: code in (200, 404), 30)
        print(f"issued key accepted by every service after {accepted:.2f}s")

        async with sessions() as session, session.begin():
            await api_keys.revoke_key(session, business, issued.record.key_id)
        refused = await seconds_until(stack, headers, lambda code: code == 401, PROPAGATION_LIMIT)
        print(f"revoked key refused by every service after {refused:.2f}s")
    finally:
        await engine.dispose()


async def test_expired_legacy_and_non_ascii_keys_are_a_401_everywhere(stack: Stack) -> None:
    business = f"keys-{uuid.uuid4().hex[:8]}"
    valid = stack.key(business, "admin")  # the positive control
    assert set((await statuses(stack, bearer(valid))).values()) <= {200, 404}
    past = utcnow() - timedelta(seconds=1)
    expired = issue_key(business, "admin", databases=stack.database_urls(), expires_at=past)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    # What `mint-key '*' admin` printed before keys were stored: signed, for every business.
    payload = b64(json.dumps({"b": "*", "r": "admin", "k": "old"}).encode())
    signature = hmac.new(stack.auth_secret.encode(), payload.encode(), hashlib.sha256).digest()
    legacy = f"cok_{payload}.{b64(signature)}"
    for headers in (
        bearer(expired),
        bearer(legacy),
        {b"authorization": ("Bearer " + valid[:-2] + "\xe9\xe9").encode("latin-1")},
        {b"x-api-key": "cok_\xe9.\xe9".encode("latin-1")},
    ):
        assert set((await statuses(stack, headers)).values()) == {401}, headers
