"""API keys: issued keys (stored hashed, scoped) and the services' short-lived signed tokens."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from closeout.shared.auth import (
    ANY_BUSINESS,
    InvalidApiKeyError,
    check_scopes,
    display_prefix,
    is_service_token,
    issued_key_id,
    key_hash,
    mint_delegated_token,
    mint_service_token,
    new_issued_key,
    verify_service_token,
)
from closeout.shared.ids import utcnow


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def legacy_key(secret: str, business_id: str, role: str) -> str:
    """A key as `mint-key` signed them before keys were stored: no expiry, any role."""
    payload = _b64(json.dumps({"b": business_id, "r": role, "k": "old"}).encode())
    signature = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    return f"cok_{payload}.{signature}"


def test_an_issued_key_is_random_and_only_its_hash_is_kept() -> None:
    key, key_id = new_issued_key()
    again, other_id = new_issued_key()
    assert key.startswith(display_prefix(key_id) + ".")
    assert (key != again, key_id != other_id) == (True, True)
    assert issued_key_id(key) == key_id
    assert not is_service_token(key)
    assert len(key_hash(key)) == 64
    assert key_hash(key) != key_hash(again)


def test_malformed_and_non_ascii_keys_are_invalid_not_errors() -> None:
    token = mint_service_token("secret", issuer="tests")
    for bad in ("cok_", "nope", "cok_a.b.c", "cok_abc.\xe9\xe9\xe9", "cok_\u00e9bc.x" * 3):
        with pytest.raises(InvalidApiKeyError):
            issued_key_id(bad)
    payload, _ = token.removeprefix("cok_").split(".")
    with pytest.raises(InvalidApiKeyError):
        verify_service_token("secret", f"cok_{payload}.sig\xe9nature")


def test_scopes_belong_to_a_business_or_to_the_platform() -> None:
    assert check_scopes("acme", ["admin", "integration"]) == {"admin", "integration"}
    assert check_scopes(ANY_BUSINESS, ["ops"]) == {"ops"}
    for business, scopes in (
        (ANY_BUSINESS, ["admin"]),  # no admin keys for every business
        (ANY_BUSINESS, ["integration"]),
        ("acme", ["ops"]),
        ("acme", ["service"]),
        ("acme", ["root"]),
        ("acme", []),
    ):
        with pytest.raises(ValueError, match=r"scopes|may have only"):
            check_scopes(business, scopes)


def test_service_tokens_are_short_lived_and_only_for_services() -> None:
    principal = verify_service_token("secret", mint_service_token("secret", issuer="invoicing"))
    assert principal.business_id == ANY_BUSINESS
    assert principal.scopes == frozenset({"service"})
    assert principal.role == "service"
    assert not principal.has_any(["ops", "admin"])

    old = utcnow() - timedelta(minutes=11)
    expired = mint_service_token("secret", issuer="invoicing", now=old)
    with pytest.raises(InvalidApiKeyError, match="expired"):
        verify_service_token("secret", expired)
    with pytest.raises(ValueError, match="at most"):
        mint_service_token("secret", issuer="x", ttl=timedelta(days=1))


def test_a_delegated_token_is_admin_of_one_business_and_names_the_user() -> None:
    token = mint_delegated_token("secret", issuer="dashboard", business_id="acme", actor="user:42")
    principal = verify_service_token("secret", token)
    assert (principal.business_id, principal.scopes) == ("acme", frozenset({"admin"}))
    assert principal.key_id == "dashboard:user:42"
    assert principal.can_act_for("acme")
    assert not principal.can_act_for("other")
    with pytest.raises(ValueError, match="one business"):
        mint_delegated_token("secret", issuer="dashboard", business_id=ANY_BUSINESS, actor="u")
    with pytest.raises(InvalidApiKeyError):
        verify_service_token("other", token)
    old = utcnow() - timedelta(minutes=11)
    stale = mint_delegated_token("secret", issuer="d", business_id="acme", actor="u", now=old)
    with pytest.raises(InvalidApiKeyError, match="expired"):
        verify_service_token("secret", stale)


def test_forged_foreign_and_legacy_signed_keys_are_refused() -> None:
    token = mint_service_token("secret", issuer="invoicing")
    payload, signature = token.split(".")
    tampered = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + "." + signature
    for bad in (
        tampered,
        mint_service_token("other", issuer="invoicing"),
        # Keys signed before keys were stored: admin for every business, never expiring.
        legacy_key("secret", ANY_BUSINESS, "admin"),
        legacy_key("secret", "acme", "admin"),
        legacy_key("secret", ANY_BUSINESS, "service"),
    ):
        with pytest.raises(InvalidApiKeyError):
            verify_service_token("secret", bad)
