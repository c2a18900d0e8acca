"""Fuzzing against the running stack: no 5xx, no unhandled exception, the same inputs every run.

- schemathesis against every service's OpenAPI document, and payments' operator endpoints
  with an operator's key (with a tenant key they would only ever answer 401/403);
- what is not in the OpenAPI documents: the customer page `/i/{token}` (tokens, claim forms,
  headers) and signed Stripe webhook bodies;
- header values beyond ASCII in API keys and Stripe signatures.

Generated input is always sendable and derandomized (`e2e.fuzzing`).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import strategies as st

from e2e import flows
from e2e.fuzzing import JSON, examples, header_values, non_ascii_header_values, sendable
from e2e.stack import API_SERVICES, Stack, job_completed_event, unique_email
from support import stripe_events

ROLE_FOR = {"jobs": "integration", "invoicing": "admin", "payments": "admin",
            "notifications": "admin"}  # fmt: skip
SEED = "20261121"


def schemathesis(url: str, key: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        url,
        "--checks", "not_a_server_error",
        "--exclude-path", "/readyz",  # answers 503 by design while a dependency is down
        "--header", f"Authorization: Bearer {key}",
        "--max-examples", "12",
        "--phases", "examples,coverage,fuzzing",
        "--request-timeout", "10",
        "--seed", SEED,
        "--generation-database", "none",
        "--workers", "1",  # one order of requests, every run
        "--no-color",
        *extra,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("service", API_SERVICES)
def test_openapi_operations_never_answer_5xx(stack: Stack, service: str) -> None:
    # A business of its own: valid fuzzed PATCHes really change settings, and other
    # scenarios rely on the demo business's.
    key = stack.key(f"fuzz-{service}", ROLE_FOR[service])
    result = schemathesis(f"{stack.urls[service]}/openapi.json", key)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def operator_key(stack: Stack) -> str:
    """A key payments' `/v1/ops/*` accept: the `ops` scope (a `service` key where the key
    model has no such scope)."""
    try:
        return stack.key("*", "ops")
    except (ValueError, TypeError):
        return stack.key("*", "service")


async def test_payments_operator_endpoints_never_answer_5xx(stack: Stack) -> None:
    key = operator_key(stack)
    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=10) as client:
        listed = await client.get(
            "/v1/ops/webhook-events", headers={"Authorization": f"Bearer {key}"}
        )
    assert listed.status_code == 200, "the fuzzing below must get past authentication"
    result = await asyncio.to_thread(
        schemathesis,
        f"{stack.urls['payments']}/openapi.json",
        key,
        "--include-path-regex", "^/v1/ops/",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


PROTECTED = {"jobs": "/v1/jobs", "invoicing": "/v1/invoices", "payments": "/v1/ops/webhook-events",
             "notifications": "/v1/notifications"}  # fmt: skip


@pytest.mark.parametrize("service", API_SERVICES)
async def test_api_keys_that_are_not_keys_are_refused_not_a_5xx(stack: Stack, service: str) -> None:
    values: list[bytes] = [
        *examples(header_values(), 20),
        *examples(non_ascii_header_values(), 20),
        "cok_ünïcödé".encode(),
        b"cok_" + "é".encode() * 40,
    ]
    async with httpx.AsyncClient(base_url=stack.urls[service], timeout=10) as client:

        async def attempt(authorization: bytes) -> tuple[bytes, int]:
            response = await client.get(
                PROTECTED[service], headers={b"Authorization": authorization}
            )
            return authorization, response.status_code

        # b"Bearer " + b"" would end in a space, which no client sends: strip it.
        sent = [a for v in values for a in ((b"Bearer " + v).strip(), v)]
        answers = await asyncio.gather(*(attempt(a) for a in sent))
    wrong = [(a, code) for a, code in answers if code not in (401, 403)]
    assert not wrong, wrong


# --------------------------------------------------------------------------- customer page

_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
CLAIM_FORMS = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "method": st.sampled_from(["bank_transfer", "cash", "other", "card", ""]) | _TEXT,
            "amount": st.sampled_from(["", "0", "-1", "1e9", "1,384.90", "NaN"])
            | st.decimals(allow_nan=False, allow_infinity=False).map(str)
            | _TEXT,
            "reference": _TEXT,
            "note": _TEXT | st.text(max_size=5000),
        },
    ).map(lambda form: urlencode(form).encode()),
    st.binary(max_size=3000),
)
TOKENS = st.text(st.characters(codec="utf-8"), max_size=120)
BROWSER_HEADERS = st.fixed_dictionaries(
    {b"User-Agent": header_values(), b"Accept-Language": non_ascii_header_values()},
    optional={b"Cookie": header_values(), b"Content-Type": header_values()},
)


def _fake_ip() -> str:
    """A client address of its own (uvicorn trusts X-Forwarded-For from 127.0.0.1), so the
    per-IP limit leaves room for what is being fuzzed."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


async def test_customer_page_never_answers_5xx(stack: Stack) -> None:
    email = unique_email("fuzz-page")
    await flows.publish_job(stack, job_completed_event(email))
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    base, token = link.rsplit("/i/", 1)
    tokens = [token, *(quote(t, safe="") or "x" for t in examples(TOKENS, 15))]
    # The real token takes 3 + 20 + 1 requests here and one more at the end: under the page's
    # per-token limit (30 a minute), so the last look is not a 429 however fast the rest ran.
    forms: list[bytes] = examples(CLAIM_FORMS, 20)
    headers: list[dict[bytes, bytes]] = examples(BROWSER_HEADERS, 30)

    requests: list[tuple[str, str, bytes | None]] = []
    for n, t in enumerate(tokens):
        requests += [("GET", f"/i/{t}", None), ("GET", f"/i/{t}/return", None)]
        requests += [("POST", f"/i/{t}/claim", forms[n % len(forms)])]
    requests += [("POST", f"/i/{token}/claim", form) for form in forms]
    requests += [("POST", f"/i/{token}/pay/card", None), ("POST", f"/i/{tokens[1]}/pay/card", None)]

    async with httpx.AsyncClient(base_url=base, timeout=20) as browser:

        async def send(n: int, method: str, path: str, body: bytes | None) -> tuple[str, int]:
            sent = headers[n % len(headers)] | {b"X-Forwarded-For": _fake_ip().encode()}
            if method == "POST" and b"Content-Type" not in sent:
                sent[b"Content-Type"] = b"application/x-www-form-urlencoded"
            response = await browser.request(method, path, content=body, headers=sent)
            return f"{method} {path[:80]} {(body or b'')[:60]!r}", response.status_code

        answers = await asyncio.gather(*(send(n, *r) for n, r in enumerate(requests)))
        wrong = [(what, code) for what, code in answers if code >= 500]
        assert not wrong, wrong
        still = await browser.get(f"/i/{token}", headers={"X-Forwarded-For": _fake_ip()})
    assert still.status_code == 200


# --------------------------------------------------------------------------- webhooks

STRIPE_TYPES = [
    "checkout.session.completed", "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed", "checkout.session.expired",
    "payment_intent.payment_failed", "payment_intent.succeeded", "charge.refunded",
    "charge.refund.updated", "refund.updated", "refund.failed", "charge.dispute.created",
    "charge.dispute.closed",
]  # fmt: skip
OBJECT_FIELDS = [
    "id", "object", "amount", "amount_total", "amount_refunded", "currency", "metadata",
    "payment_intent", "payment_status", "status", "refunds", "charge", "customer_email",
    "payment_method_types", "last_payment_error", "failure_reason", "created", "reason",
]  # fmt: skip
METADATA = st.fixed_dictionaries(
    {},
    optional={
        "invoice_id": st.text(max_size=40) | JSON,
        "business_id": st.sampled_from(["demo", "*", ""]) | JSON,
        "attempt_id": st.text(max_size=40) | JSON,
        "payment_id": st.text(max_size=40) | JSON,
    },
)
STRIPE_OBJECTS = (
    st.dictionaries(st.sampled_from(OBJECT_FIELDS), st.one_of(JSON, METADATA), max_size=10) | JSON
)
STRIPE_EVENTS = st.fixed_dictionaries(
    {"id": st.uuids().map(lambda u: f"evt_fuzz_{u.hex}"),
     "type": st.sampled_from(STRIPE_TYPES) | JSON,
     "data": st.fixed_dictionaries({"object": STRIPE_OBJECTS}) | JSON},
    optional={"object": st.just("event") | JSON, "created": st.integers() | JSON,
              "account": st.text(max_size=30) | JSON, "livemode": JSON,
              "api_version": JSON},
)  # fmt: skip


async def test_signed_webhook_bodies_never_answer_5xx(stack: Stack) -> None:
    bodies: list[bytes] = [
        *(json.dumps(e).encode() for e in examples(STRIPE_EVENTS, 60)),
        *(json.dumps(v).encode() for v in examples(JSON, 10)),
        *examples(st.binary(max_size=2000), 10),
    ]
    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=20) as stripe:

        async def deliver(body: bytes, signature: bytes) -> tuple[bytes, int, str]:
            response = await stripe.post(
                "/webhooks/stripe",
                content=body,
                headers={b"Stripe-Signature": signature, b"Content-Type": b"application/json"},
            )
            return body[:120], response.status_code, response.text[:200]

        signed = [deliver(b, stripe_events.sign(b, stack.webhook_secret).encode()) for b in bodies]
        valid = stripe_events.event("checkout.session.completed", {"id": "cs_fuzz"})
        mangled = [deliver(valid, s) for s in examples(non_ascii_header_values(), 15)]
        answers = await asyncio.gather(*signed, *mangled)
    wrong = [a for a in answers if a[1] >= 500]
    assert not wrong, wrong
    refused = [a for a in answers[len(signed) :] if a[1] != 400]
    assert not refused, f"a non-ASCII signature must be a 400: {refused}"


def test_generated_header_values_are_always_sendable() -> None:
    """The flaky case cannot come back: every value the strategies draw goes on the wire."""
    drawn: list[Any] = [*examples(header_values(), 300), *examples(non_ascii_header_values(), 100)]
    assert all(sendable(value) for value in drawn)
    assert any(v.startswith(b"@") or b" " in v for v in drawn)
    assert examples(header_values(), 50) == examples(header_values(), 50)
