"""API keys: who may call, for which business, with which scopes.

Two kinds of credentials, both sent as `Authorization: Bearer cok_...` or `X-API-Key`:

- **Issued keys** `cok_<key id>.<secret>`: handed to a business's staff (`admin`), to a field
  platform (`integration`) or to an operator (`ops`). Only their SHA-256 is stored
  (`closeout.shared.api_keys`), shown by their prefix `cok_<key id>`; each has scopes, may
  expire and can be revoked one by one. They are worthless without the stored record, so a
  leaked `CLOSEOUT_AUTH_SECRET` cannot mint them.
- **Service tokens** `cok_<payload>.<signature>`: what Closeout's services mint for each other
  (HMAC-SHA256 with `CLOSEOUT_AUTH_SECRET`), only with the `service` scope, for any business,
  and valid for at most `MAX_SERVICE_TOKEN_TTL`. A *delegated* service token carries one
  business and the `admin` scope instead: the dashboard's, acting for a signed-in user of that
  business (`mint_delegated_token`); its key id names the user, so audit trails say who.

Scopes: `admin` (a business's staff), `integration` (a field platform reporting jobs) belong to
one business; `service` (Closeout's services calling each other) and `ops` (operators: the
`/v1/ops/*` endpoints) belong to the platform, `*`. There are no admin keys for `*`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from closeout.shared.ids import utcnow

Scope = Literal["admin", "integration", "service", "ops"]
Role = Scope  # the name before scopes: one key had one role
SCOPES: tuple[Scope, ...] = get_args(Scope)
ROLES = SCOPES
ANY_BUSINESS = "*"
TENANT_SCOPES: frozenset[Scope] = frozenset({"admin", "integration"})
PLATFORM_SCOPES: frozenset[Scope] = frozenset({"service", "ops"})
PREFIX = "cok_"
MAX_SERVICE_TOKEN_TTL = timedelta(hours=1)
SERVICE_TOKEN_TTL = timedelta(minutes=10)

# Issued key ids are lower case, so they never look like a token's base64 JSON (`eyJ...`).
KEY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,200}$")


class InvalidApiKeyError(ValueError):
    """The credential is not valid (401)."""


@dataclass(frozen=True)
class Principal:
    business_id: str
    scopes: frozenset[Scope]
    key_id: str

    @property
    def role(self) -> Scope:
        """The key's main scope, for audit trails (`admin:<key id>`)."""
        return next(scope for scope in SCOPES if scope in self.scopes)

    def has_any(self, scopes: Iterable[Scope]) -> bool:
        return not self.scopes.isdisjoint(scopes)

    def can_act_for(self, business_id: str) -> bool:
        return self.business_id in (business_id, ANY_BUSINESS)


def check_scopes(business_id: str, scopes: Iterable[str]) -> frozenset[Scope]:
    """The scopes a key for `business_id` may have: tenant scopes for a business, platform
    scopes for `*`. Raises ValueError for anything else (e.g. an admin key for `*`)."""
    wanted = frozenset(scopes)
    unknown = wanted - set(SCOPES)
    if unknown or not wanted:
        raise ValueError(f"scopes must be some of {', '.join(SCOPES)}; got {sorted(wanted)}")
    allowed = PLATFORM_SCOPES if business_id == ANY_BUSINESS else TENANT_SCOPES
    if not wanted <= allowed:
        whose = "the platform (*)" if business_id == ANY_BUSINESS else "a business"
        raise ValueError(
            f"a key for {whose} may have only {', '.join(sorted(allowed))}; "
            f"not {', '.join(sorted(wanted - allowed))}"
        )
    return wanted  # type: ignore[return-value]


def key_hash(key: str) -> str:
    """What is stored instead of an issued key: its SHA-256 (the key has 256 random bits)."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_issued_key(key_id: str | None = None) -> tuple[str, str]:
    """A fresh issued key and its id: `cok_<key id>.<secret>`."""
    key_id = key_id or base64.b32encode(secrets.token_bytes(10)).decode().lower()
    if not KEY_ID_PATTERN.match(key_id):
        raise ValueError(f"a key id is 3-64 lower-case letters, digits and -; got {key_id!r}")
    return f"{PREFIX}{key_id}.{secrets.token_urlsafe(32)}", key_id


def display_prefix(key_id: str) -> str:
    return f"{PREFIX}{key_id}"


def issued_key_id(key: str) -> str:
    """The id of an issued key, from its text; raises InvalidApiKeyError if it is not one."""
    head, secret = _split(key)
    if not KEY_ID_PATTERN.match(head) or not _SECRET_PATTERN.match(secret):
        raise InvalidApiKeyError("malformed API key")
    return head


def is_service_token(key: str) -> bool:
    try:
        head, _ = _split(key)
    except InvalidApiKeyError:
        return False
    return head.startswith("eyJ")


def _split(key: str) -> tuple[str, str]:
    # Header values reach us decoded as latin-1: anything non-ASCII is no key of ours (and
    # hmac.compare_digest would raise on it).
    if not key.isascii() or not key.startswith(PREFIX) or key.count(".") != 1:
        raise InvalidApiKeyError("malformed API key")
    head, tail = key[len(PREFIX) :].split(".")
    return head, tail


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def mint_service_token(
    secret: str, *, issuer: str, ttl: timedelta = SERVICE_TOKEN_TTL, now: datetime | None = None
) -> str:
    """A short-lived `service` credential one Closeout service presents to another."""
    if ttl > MAX_SERVICE_TOKEN_TTL:
        raise ValueError(f"service tokens live at most {MAX_SERVICE_TOKEN_TTL}")
    expires = int(((now or utcnow()) + ttl).timestamp())
    body = {"b": ANY_BUSINESS, "r": "service", "k": f"svc-{issuer}", "e": expires}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{PREFIX}{payload}.{_sign(secret, payload)}"


def mint_delegated_token(
    secret: str,
    *,
    issuer: str,
    business_id: str,
    actor: str,
    ttl: timedelta = SERVICE_TOKEN_TTL,
    now: datetime | None = None,
) -> str:
    """A short-lived `admin` credential for one business, minted by a Closeout service acting
    for one of that business's users (`actor`, e.g. `user:<id>`): the key id is
    `<issuer>:<actor>`, so what the user did is recorded as theirs."""
    if business_id == ANY_BUSINESS or not business_id:
        raise ValueError("a delegated token is for one business")
    if ttl > MAX_SERVICE_TOKEN_TTL:
        raise ValueError(f"service tokens live at most {MAX_SERVICE_TOKEN_TTL}")
    expires = int(((now or utcnow()) + ttl).timestamp())
    body = {"b": business_id, "r": "admin", "k": f"{issuer}:{actor}", "e": expires, "d": 1}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{PREFIX}{payload}.{_sign(secret, payload)}"


def verify_service_token(secret: str, token: str, now: datetime | None = None) -> Principal:
    payload, signature = _split(token)
    if not hmac.compare_digest(signature.encode(), _sign(secret, payload).encode()):
        raise InvalidApiKeyError("invalid API key")
    try:
        body = json.loads(_unb64(payload))
        business_id, role, key_id, expires = body["b"], body["r"], body["k"], int(body["e"])
    except (ValueError, KeyError, TypeError) as exc:
        # Tokens signed before scopes existed carry no expiry: refused like any invalid key.
        raise InvalidApiKeyError("invalid API key") from exc
    delegated = body.get("d") == 1 and role == "admin" and business_id != ANY_BUSINESS
    if (business_id, role) != (ANY_BUSINESS, "service") and not delegated:
        raise InvalidApiKeyError("signed keys are only for Closeout's own services")
    current = (now or utcnow()).timestamp()
    if expires <= current:
        raise InvalidApiKeyError("API key expired")
    if expires > current + MAX_SERVICE_TOKEN_TTL.total_seconds() + 60:
        raise InvalidApiKeyError("invalid API key")
    return Principal(str(business_id), frozenset({role}), str(key_id))
