"""Stripe webhook signatures: `Stripe-Signature: t=<unix>,v1=<hex hmac>[,v1=...]`.

The signed payload is f"{t}.{raw body}", HMAC-SHA256 with the endpoint secret. Any `v1`
signature matching any configured secret verifies (secret rotation). Unlike stripe-python we
also refuse timestamps too far in the future.
"""

import hashlib
import hmac
from collections.abc import Sequence


class SignatureError(ValueError):
    pass


def compute_signature(secret: str, timestamp: int, payload: bytes) -> str:
    signed = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, payload: bytes) -> str:
    return f"t={timestamp},v1={compute_signature(secret, timestamp, payload)}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("malformed timestamp in Stripe-Signature") from None
        elif key == "v1":
            signatures.append(value)
    if timestamp is None:
        raise SignatureError("no timestamp in Stripe-Signature")
    if not signatures:
        raise SignatureError("no v1 signature in Stripe-Signature")
    return timestamp, signatures


def verify_signature(
    header: str | None,
    payload: bytes,
    secrets: Sequence[str],
    *,
    now: float,
    tolerance_seconds: int,
) -> None:
    """Raise SignatureError unless `header` signs `payload` recently with one of `secrets`."""
    if not header:
        raise SignatureError("missing Stripe-Signature header")
    if not header.isascii():  # compare_digest refuses non-ASCII str (a TypeError, a 500)
        raise SignatureError("Stripe-Signature is not ASCII")
    timestamp, signatures = _parse(header)
    if abs(now - timestamp) > tolerance_seconds:
        raise SignatureError("timestamp outside the tolerance window")
    for secret in secrets:
        expected = compute_signature(secret, timestamp, payload)
        if any(hmac.compare_digest(expected, given) for given in signatures):
            return
    raise SignatureError("no signature matches the endpoint secret")
