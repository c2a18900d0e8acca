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
