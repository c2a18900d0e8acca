"""Reads and writes of the dashboard's tables. Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.storage.records import AuditEntry, SignedInSession, User
from closeout.dashboard.storage.tables import audit_log, sessions, sign_in_failures, users


def _user(row: RowMapping) -> User:
    return User(**{name: row[name] for name in User.__dataclass_fields__})


async def insert_user(session: AsyncSession, user: User) -> None:
    values = {name: getattr(user, name) for name in User.__dataclass_fields__}
    await session.execute(insert(users).values(**values))


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    row = (
        (await session.execute(select(users).where(users.c.email == email.lower())))
        .mappings()
        .first()
    )
    return _user(row) if row else None


async def emails_of_business(session: AsyncSession, business_id: str) -> dict[str, str]:
    """user id -> email, to name the people in the services' audit trails."""
    query = select(users.c.user_id, users.c.email).where(users.c.business_id == business_id)
    return {row.user_id: row.email for row in await session.execute(query)}


async def set_password_hash(session: AsyncSession, user_id: str, password_hash: str) -> None:
    await session.execute(
        update(users).where(users.c.user_id == user_id).values(password_hash=password_hash)
    )


async def insert_session(
    session: AsyncSession,
    *,
    token_hash: str,
    user_id: str,
    csrf_token: str,
    now: datetime,
    expires_at: datetime,
    ip: str | None,
) -> None:
    await session.execute(
        insert(sessions).values(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            ip=ip,
        )
    )


async def session_by_hash(session: AsyncSession, token_hash: str) -> SignedInSession | None:
    query = (
        select(sessions, users)
        .join(users, users.c.user_id == sessions.c.user_id)
        .where(sessions.c.token_hash == token_hash)
    )
    row = (await session.execute(query)).mappings().first()
    if row is None:
        return None
    return SignedInSession(
        token_hash=row["token_hash"],
        csrf_token=row["csrf_token"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        expires_at=row["expires_at"],
        user=_user(row),
    )


async def touch_session(session: AsyncSession, token_hash: str, now: datetime) -> None:
    await session.execute(
        update(sessions).where(sessions.c.token_hash == token_hash).values(last_seen_at=now)
    )


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(sessions).where(sessions.c.token_hash == token_hash))


async def record_sign_in_failure(session: AsyncSession, email: str, ip: str, now: datetime) -> None:
    await session.execute(insert(sign_in_failures).values(email=email.lower(), ip=ip, at=now))


async def sign_in_failures_since(
    session: AsyncSession, email: str, ip: str, since: datetime
) -> tuple[int, int]:
    """Failures since `since`: of this account, and from this address."""
    recent = sign_in_failures.c.at >= since
    by_account = await session.scalar(
        select(func.count()).where(sign_in_failures.c.email == email.lower(), recent)
    )
    by_ip = await session.scalar(select(func.count()).where(sign_in_failures.c.ip == ip, recent))
    return int(by_account or 0), int(by_ip or 0)


async def clear_sign_in_failures(session: AsyncSession, email: str) -> None:
    await session.execute(delete(sign_in_failures).where(sign_in_failures.c.email == email.lower()))


async def audit(
    session: AsyncSession,
    *,
    business_id: str,
    user_id: str | None,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    await session.execute(
        insert(audit_log).values(
            business_id=business_id,
            user_id=user_id,
            action=action,
            target=target,
            detail=detail or {},
        )
    )


async def audit_entries(
    session: AsyncSession, business_id: str, *, target: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    query = (
        select(audit_log, users.c.email)
        .outerjoin(users, users.c.user_id == audit_log.c.user_id)
        .where(audit_log.c.business_id == business_id)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        .limit(limit)
    )
    if target is not None:
        query = query.where(audit_log.c.target == target)
    rows = (await session.execute(query)).mappings().all()
    return [
        AuditEntry(
            at=row["at"],
            user_id=row["user_id"],
            user_email=row["email"],
            action=row["action"],
            target=row["target"],
            detail=row["detail"],
        )
        for row in rows
    ]
