"""Inbox: a consumer records each event it handled in the same transaction as the effect."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_CLAIM = text(
    "INSERT INTO inbox (consumer, event_key, event_type) VALUES (:consumer, :key, :type)"
    " ON CONFLICT DO NOTHING RETURNING 1"
)


async def claim(session: AsyncSession, *, consumer: str, event_key: str, event_type: str) -> bool:
    """True the first time `consumer` sees `event_key`; False for a redelivery.

    A concurrent duplicate blocks on the primary key until the first transaction ends, then
    finds the row: exactly one of them gets True.
    """
    result = await session.execute(
        _CLAIM, {"consumer": consumer, "key": event_key, "type": event_type}
    )
    return result.scalar_one_or_none() is not None


_CLAIM_MANY = text(
    "INSERT INTO inbox (consumer, event_key, event_type)"
    " SELECT :consumer, key, type FROM unnest(CAST(:keys AS text[]), CAST(:types AS text[]))"
    " AS claimed(key, type)"
    " ON CONFLICT DO NOTHING RETURNING event_key"
)


async def claim_many(
    session: AsyncSession, *, consumer: str, events: list[tuple[str, str]]
) -> set[str]:
    """`claim` for a group of `(event_key, event_type)` in one round trip: the keys seen for the
    first time. A key given twice is claimed once."""
    unique = dict(events)
    if not unique:
        return set()
    result = await session.execute(
        _CLAIM_MANY,
        {"consumer": consumer, "keys": list(unique), "types": list(unique.values())},
    )
    return set(result.scalars())
