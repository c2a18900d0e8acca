"""Issued API keys: one table every service keeps, filled from `apikey.*` events.

Invoicing (which owns businesses) issues and revokes keys for the dashboard; every service's
`mint-key` command can issue one too. Issuing or revoking writes the record to the local
`api_keys` table and enqueues `apikey.issued` / `apikey.revoked` in the same transaction;
every service (the issuer too) projects those events into its own `api_keys` table, so a
revocation is refused everywhere as soon as each service has read the event (about a second).
Applying a record is a merge that never undoes a revocation, so order does not matter.

Requests are checked against the local table (`authenticate`): no call to another service.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from alembic import op
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.shared.auth import (
    ANY_BUSINESS,
    SCOPES,
    InvalidApiKeyError,
    Principal,
    Scope,
    check_scopes,
    display_prefix,
    is_service_token,
    issued_key_id,
    key_hash,
    new_issued_key,
    verify_service_token,
)
from closeout.shared.contracts.api_keys import ApiKeyRecord
from closeout.shared.db import outbox
from closeout.shared.events import Envelope, new_event
from closeout.shared.ids import utcnow
from closeout.shared.kafka import EventConsumer

# Envelopes need a business id; keys of the platform (`*`) travel under this one.
PLATFORM_EVENT_BUSINESS = "platform"
_COLUMNS = (
    "key_id, business_id, scopes, prefix, key_hash, label, created_at, expires_at, revoked_at"
)


def add_api_keys_table(metadata: MetaData) -> Table:
    """Declare `api_keys` on a service's metadata (so Alembic knows it)."""
    return Table(
        "api_keys",
        metadata,
        Column("key_id", String(64)),
        Column("business_id", String(100), nullable=False),
        Column("scopes", String(200), nullable=False),  # comma-separated
        Column("prefix", String(80), nullable=False),
        Column("key_hash", String(64), nullable=False),
        Column("label", Text, nullable=False, server_default=""),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("expires_at", DateTime(timezone=True), nullable=True),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
        Index("ix_api_keys_business", "business_id"),
        PrimaryKeyConstraint("key_id", name="api_keys_pkey"),  # PostgreSQL's name for it
    )


def create_api_keys_table() -> None:
    """In a service's migration: create `api_keys` from its one definition."""
    add_api_keys_table(MetaData()).create(op.get_bind())


def drop_api_keys_table() -> None:
    add_api_keys_table(MetaData()).drop(op.get_bind())


_TABLE = add_api_keys_table(MetaData())


@dataclass(frozen=True)
class IssuedKey:
    key: str
    """The key itself: shown once, never stored."""
    record: ApiKeyRecord


async def issue_api_key(
    session: AsyncSession,
    *,
    business_id: str,
    scopes: list[str] | tuple[str, ...],
    source: str,
    expires_at: datetime | None = None,
    label: str = "",
    key_id: str | None = None,
) -> IssuedKey:
    """Issue a key in the caller's transaction (raises ValueError for scopes the business may
    not have, e.g. `admin` for `*`, or an expiry in the past)."""
    allowed = check_scopes(business_id, scopes)
    now = utcnow()
    if expires_at is not None and expires_at <= now:
        raise ValueError("the expiry must be in the future")
    key, key_id = new_issued_key(key_id)
    record = ApiKeyRecord(
        key_id=key_id,
        business_id=business_id,
        scopes=[scope for scope in SCOPES if scope in allowed],
        prefix=display_prefix(key_id),
        key_hash=key_hash(key),
        label=label,
        created_at=now,
        expires_at=expires_at,
    )
    await apply_record(session, record)
    await _publish(session, "apikey.issued", record, source)
    return IssuedKey(key, record)


async def revoke_api_key(
    session: AsyncSession, key_id: str, *, source: str, business_id: str | None = None
) -> ApiKeyRecord | None:
    """Revoke a key in the caller's transaction; None if there is no such key (of
    `business_id`, when given). Revoking twice keeps the first time."""
    record = await find_record(session, key_id)
    if record is None or (business_id is not None and record.business_id != business_id):
        return None
    if record.revoked_at is None:
        record = record.model_copy(update={"revoked_at": utcnow()})
        await apply_record(session, record)
        await _publish(session, "apikey.revoked", record, source)
    return record


async def list_api_keys(session: AsyncSession, business_id: str) -> list[ApiKeyRecord]:
    query = (
        select(_TABLE)
        .where(_TABLE.c.business_id == business_id)
        .order_by(_TABLE.c.created_at, _TABLE.c.key_id)
    )
    return [_record(row) for row in (await session.execute(query)).mappings()]


async def find_record(session: AsyncSession, key_id: str) -> ApiKeyRecord | None:
    query = select(_TABLE).where(_TABLE.c.key_id == key_id)
    row = (await session.execute(query)).mappings().first()
    return None if row is None else _record(row)


async def apply_record(session: AsyncSession, record: ApiKeyRecord) -> None:
    """Merge a record into the table: first writer wins, except that a revocation sticks."""
    values = record.model_dump() | {"scopes": ",".join(record.scopes)}
    statement = insert(_TABLE).values(**values)
    revoked_at = func.coalesce(_TABLE.c.revoked_at, statement.excluded.revoked_at)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["key_id"], set_={"revoked_at": revoked_at})
    )


async def authenticate(
    session: AsyncSession, key: str, *, auth_secret: str, now: datetime | None = None
) -> Principal:
    """The principal behind `key`, or InvalidApiKeyError (unknown, revoked, expired, forged)."""
    now = now or utcnow()
    if is_service_token(key):
        return verify_service_token(auth_secret, key, now)
    record = await find_record(session, issued_key_id(key))
    # compare_digest on bytes: the key is ASCII (issued_key_id checked it), the hash is hex.
    if record is None or not _same(record.key_hash, key_hash(key)):
        raise InvalidApiKeyError("invalid API key")
    if record.revoked_at is not None:
        raise InvalidApiKeyError("API key revoked")
    if record.expires_at is not None and record.expires_at <= now:
        raise InvalidApiKeyError("API key expired")
    scopes: frozenset[Scope] = frozenset(record.scopes)  # type: ignore[arg-type]
    return Principal(record.business_id, scopes, record.key_id)


def api_key_projection(
    service_name: str, *, max_attempts: int = 5, retry_base_seconds: float = 0.2
) -> EventConsumer:
    """The consumer that keeps this service's `api_keys` table (its own group per service)."""
    consumer = EventConsumer(
        f"{service_name}.api-keys",
        max_attempts=max_attempts,
        retry_base_seconds=retry_base_seconds,
    )

    async def project(event: Envelope[ApiKeyRecord], session: AsyncSession) -> None:
        await apply_record(session, event.data)

    consumer.on("apikey.issued")(project)
    consumer.on("apikey.revoked")(project)
    return consumer


def _same(stored_hash: str, presented_hash: str) -> bool:
    return hmac.compare_digest(stored_hash.encode(), presented_hash.encode())


async def _publish(
    session: AsyncSession, event_type: str, record: ApiKeyRecord, source: str
) -> None:
    business = PLATFORM_EVENT_BUSINESS if record.business_id == ANY_BUSINESS else record.business_id
    event = new_event(
        event_type, record, source=source, business_id=business, subject=record.key_id
    )
    await outbox.enqueue(session, event)


def _record(row: Any) -> ApiKeyRecord:
    return ApiKeyRecord.model_validate(dict(row) | {"scopes": row["scopes"].split(",")})
