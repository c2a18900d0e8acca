"""Unit tests of the Stripe-Signature check (pure, no I/O)."""

import time

import pytest
import stripe

from closeout.payments.domain.signature import SignatureError, verify_signature
from support.stripe_events import sign

BODY = b'{"id":"evt_1","type":"checkout.session.completed"}'
SECRETS = ["whsec_new", "whsec_old"]


def check(header: str | None, body: bytes = BODY, now: float | None = None) -> None:
    verify_signature(
        header, body, SECRETS, now=now if now is not None else time.time(), tolerance_seconds=300
    )


def test_accepts_a_header_stripe_python_generates() -> None:
    timestamp = int(time.time())
    mac = stripe.WebhookSignature._compute_signature(f"{timestamp}.{BODY.decode()}", "whsec_new")
    check(f"t={timestamp},v1={mac},v0=ignored")


def test_accepts_any_configured_secret_and_any_v1() -> None:
    check(sign(BODY, "whsec_old"))
    good = sign(BODY, "whsec_new").split(",v1=")[1]
    check(f"t={int(time.time())},v1={'0' * 64},v1={good}")


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("", "missing"),
        ("v1=abc", "no timestamp"),
        (f"t={int(time.time())}", "no v1"),
        ("t=abc,v1=00", "malformed"),
    ],
)
def test_rejects_malformed_headers(header: str | None, reason: str) -> None:
    with pytest.raises(SignatureError, match=reason):
        check(header)


def test_rejects_forged_and_tampered() -> None:
    with pytest.raises(SignatureError, match="no signature matches"):
        check(sign(BODY, "whsec_attacker"))
    with pytest.raises(SignatureError, match="no signature matches"):
        check(sign(BODY, "whsec_new"), body=BODY + b" ")


def test_rejects_stale_and_future_timestamps() -> None:
    now = time.time()
    check(sign(BODY, "whsec_new", timestamp=int(now) - 290), now=now)
    with pytest.raises(SignatureError, match="tolerance"):
        check(sign(BODY, "whsec_new", timestamp=int(now) - 301), now=now)
    with pytest.raises(SignatureError, match="tolerance"):
        check(sign(BODY, "whsec_new", timestamp=int(now) + 301), now=now)
