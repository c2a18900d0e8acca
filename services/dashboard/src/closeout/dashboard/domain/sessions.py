"""Sign-in sessions: a random token in a cookie; only its SHA-256 is stored."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

COOKIE = "closeout_session"
# Before sign-in: the double-submit token that guards the sign-in form itself.
SIGN_IN_COOKIE = "closeout_sign_in"
# How stale `last_seen_at` may get before a request writes it again.
TOUCH_AFTER = timedelta(minutes=1)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionLimits:
    lifetime: timedelta
    idle: timedelta

    def expires_at(self, created_at: datetime) -> datetime:
        return created_at + self.lifetime

    def alive(self, expires_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
        return now < expires_at and now < last_seen_at + self.idle


def same_token(expected: str, presented: str | None) -> bool:
    return presented is not None and secrets.compare_digest(expected.encode(), presented.encode())
