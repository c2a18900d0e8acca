"""API keys scoped to one business, verifiable by every service without a shared table.

A key is `cok_<payload>.<signature>`: the payload names the business, the role and a key id;
the signature is an HMAC-SHA256 with `CLOSEOUT_AUTH_SECRET`. Roles:
- `admin`: a business's staff (dashboard, confirming payments, refunds);
- `integration`: a field platform reporting jobs;
- `service`: Closeout's own services calling each other (any business).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Literal

from closeout.shared.ids import capability_token

Role = Literal["admin", "integration", "service"]
ROLES: tuple[Role, ...] = ("admin", "integration", "service")
PREFIX = "cok_"
ANY_BUSINESS = "*"


class InvalidApiKeyError(ValueError):
    pass


@dataclass(frozen=True)
class Principal:
    business_id: str
    role: Role
    key_id: str

    def can_act_for(self, business_id: str) -> bool:
        return self.business_id in (business_id, ANY_BUSINESS)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def mint_api_key(secret: str, *, business_id: str, role: Role, key_id: str | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    body = {"b": business_id, "r": role, "k": key_id or capability_token(64)}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{PREFIX}{payload}.{_sign(secret, payload)}"


def verify_api_key(secret: str, key: str) -> Principal:
    if not key.startswith(PREFIX) or key.count(".") != 1:
        raise InvalidApiKeyError("malformed API key")
    payload, signature = key[len(PREFIX) :].split(".")
    if not hmac.compare_digest(signature, _sign(secret, payload)):
        raise InvalidApiKeyError("invalid API key")
    try:
        body = json.loads(_unb64(payload))
        principal = Principal(business_id=str(body["b"]), role=body["r"], key_id=str(body["k"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidApiKeyError("malformed API key") from exc
    if principal.role not in ROLES:
        raise InvalidApiKeyError("invalid API key role")
    return principal
