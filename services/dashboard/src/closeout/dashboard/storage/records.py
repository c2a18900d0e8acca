"""What the repository returns."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from closeout.dashboard.domain.roles import Role


@dataclass(frozen=True)
class User:
    user_id: str
    business_id: str
    email: str
    name: str | None
    role: Role
    password_hash: str
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class SignedInSession:
    """A live session and the user it belongs to."""

    token_hash: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user: User


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user_id: str | None
    user_email: str | None
    action: str
    target: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class AccountLink:
    """An invitation or a password reset (only its token's hash is stored)."""

    link_id: str
    kind: str
    business_id: str
    email: str
    role: Role | None
    user_id: str | None
    token_hash: str
    created_by: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
