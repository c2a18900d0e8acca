"""Identifiers and capability tokens."""

import secrets
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A time-ordered UUID (v7) as text: sortable, unique across services."""
    return str(uuid7())


def uuid7() -> uuid.UUID:
    millis = int(datetime.now(UTC).timestamp() * 1000)
    rand = secrets.randbits(74)
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 62) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def capability_token(bits: int = 192) -> str:
    """An unguessable URL-safe token with at least `bits` bits of randomness."""
    return secrets.token_urlsafe((bits + 7) // 8)


def utcnow() -> datetime:
    return datetime.now(UTC)
