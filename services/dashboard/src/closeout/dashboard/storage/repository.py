"""Reads and writes of the dashboard's tables. Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.storage.records import AccountLink, AuditEntry, SignedInSession, User
from closeout.dashboard.storage.tables import (
    account_links,
    audit_log,
    password_reset_requests,
    sessions,
    sign_in_failures,
    users,
)


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


async def user_by_id(
    session: AsyncSession, business_id: str, user_id: str, *, lock: bool = False
) -> User | None:
    query = select(users).where(users.c.user_id == user_id, users.c.business_id == business_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return _user(row) if row else None


async def users_of_business(session: AsyncSession, business_id: str) -> list[User]:
    query = (
        select(users)
        .where(users.c.business_id == business_id, users.c.disabled_at.is_(None))
        .order_by(users.c.created_at, users.c.email)
    )
    return [_user(row) for row in (await session.execute(query)).mappings()]


async def lock_owners(session: AsyncSession, business_id: str) -> list[str]:
    """The ids of the business's active owners, locked (two removals cannot both pass the
    last-owner check)."""
    query = (
        select(users.c.user_id)
        .where(
            users.c.business_id == business_id,
            users.c.role == "owner",
            users.c.disabled_at.is_(None),
        )
        .with_for_update()
    )
    return list((await session.scalars(query)).all())


async def set_role(session: AsyncSession, user_id: str, role: str) -> None:
    await session.execute(update(users).where(users.c.user_id == user_id).values(role=role))


async def disable_user(session: AsyncSession, user_id: str, now: datetime) -> None:
    """Removed from the team: the row stays, so the audit trail still names them."""
    await session.execute(update(users).where(users.c.user_id == user_id).values(disabled_at=now))


async def reactivate_user(
    session: AsyncSession, user_id: str, *, role: str, name: str | None, password_hash: str
) -> None:
    await session.execute(
        update(users)
        .where(users.c.user_id == user_id)
        .values(role=role, name=name, password_hash=password_hash, disabled_at=None)
    )


async def delete_sessions_of(session: AsyncSession, user_id: str) -> None:
    await session.execute(delete(sessions).where(sessions.c.user_id == user_id))


def _link(row: RowMapping) -> AccountLink:
    return AccountLink(**{name: row[name] for name in AccountLink.__dataclass_fields__})


async def insert_account_link(session: AsyncSession, link: AccountLink) -> None:
    values = {name: getattr(link, name) for name in AccountLink.__dataclass_fields__}
    await session.execute(insert(account_links).values(**values))


async def account_link_by_hash(
    session: AsyncSession, token_hash: str, *, lock: bool = False
) -> AccountLink | None:
    query = select(account_links).where(account_links.c.token_hash == token_hash)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return _link(row) if row else None


async def pending_invitations(
    session: AsyncSession, business_id: str, now: datetime
) -> list[AccountLink]:
    query = (
        select(account_links)
        .where(
            account_links.c.business_id == business_id,
            account_links.c.kind == "invitation",
            account_links.c.used_at.is_(None),
            account_links.c.revoked_at.is_(None),
            account_links.c.expires_at > now,
        )
        .order_by(account_links.c.created_at.desc())
    )
    return [_link(row) for row in (await session.execute(query)).mappings()]


async def revoke_invitation(
    session: AsyncSession, business_id: str, link_id: str, now: datetime
) -> bool:
    result = await session.execute(
        update(account_links)
        .where(
            account_links.c.link_id == link_id,
            account_links.c.business_id == business_id,
            account_links.c.kind == "invitation",
            account_links.c.used_at.is_(None),
            account_links.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_link_used(session: AsyncSession, link_id: str, now: datetime) -> None:
    await session.execute(
        update(account_links).where(account_links.c.link_id == link_id).values(used_at=now)
    )


async def end_open_resets(session: AsyncSession, user_id: str, now: datetime) -> None:
    """Every unused reset link of the user stops working (a newer one, or a reset done)."""
    await session.execute(
        update(account_links)
        .where(
            account_links.c.user_id == user_id,
            account_links.c.kind == "password_reset",
            account_links.c.used_at.is_(None),
            account_links.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


async def record_reset_request(session: AsyncSession, email: str, ip: str, now: datetime) -> None:
    await session.execute(insert(password_reset_requests).values(email=email, ip=ip, at=now))


async def reset_requests_since(
    session: AsyncSession, email: str, ip: str, since: datetime
) -> tuple[int, int]:
    """Reset requests since `since`: for this email, and from this address."""
    recent = password_reset_requests.c.at >= since
    by_email = await session.scalar(
        select(func.count()).where(password_reset_requests.c.email == email, recent)
    )
    by_ip = await session.scalar(
        select(func.count()).where(password_reset_requests.c.ip == ip, recent)
    )
    return int(by_email or 0), int(by_ip or 0)


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
