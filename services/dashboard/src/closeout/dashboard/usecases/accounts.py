"""Accounts and sessions: create users, sign in (throttled), find the session, sign out."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.domain.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from closeout.dashboard.domain.roles import ROLES, Role
from closeout.dashboard.domain.sessions import TOUCH_AFTER, SessionLimits, new_token, token_hash
from closeout.dashboard.domain.throttle import SignInLimits
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import SignedInSession, User
from closeout.shared.errors import ConflictError, InvalidInputError
from closeout.shared.ids import new_id, utcnow

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
WRONG_CREDENTIALS = "That email and password do not match an account."


def session_limits(settings: DashboardSettings) -> SessionLimits:
    return SessionLimits(
        lifetime=timedelta(hours=settings.session_hours),
        idle=timedelta(minutes=settings.session_idle_minutes),
    )


def sign_in_limits(settings: DashboardSettings) -> SignInLimits:
    return SignInLimits(
        window=timedelta(minutes=settings.sign_in_window_minutes),
        per_account=settings.sign_in_failures_per_account,
        per_ip=settings.sign_in_failures_per_ip,
    )


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInputError(f"{email!r} is not an email address")
    return email


async def create_user(
    session: AsyncSession,
    *,
    business_id: str,
    email: str,
    password: str,
    role: Role,
    name: str | None = None,
) -> User:
    if role not in ROLES:
        raise InvalidInputError(f"a role is one of {', '.join(ROLES)}")
    if problem := password_problem(password):
        raise InvalidInputError(problem)
    email = normalize_email(email)
    if await repo.user_by_email(session, email) is not None:
        raise ConflictError(f"there is already an account for {email}")
    user = User(
        user_id=new_id(),
        business_id=business_id,
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password),
        created_at=utcnow(),
        disabled_at=None,
    )
    await repo.insert_user(session, user)
    return user


async def seed_owner(
    session: AsyncSession, *, business_id: str, email: str, password: str
) -> tuple[User, bool]:
    """The demo owner, created once; run again, it keeps the account and makes the password
    the given one (so the printed sign-in always works). Returns the user and whether it was
    created."""
    existing = await repo.user_by_email(session, normalize_email(email))
    if existing is None:
        user = await create_user(
            session, business_id=business_id, email=email, password=password, role="owner"
        )
        return user, True
    if existing.business_id != business_id or existing.role != "owner":
        raise ConflictError(f"{email} already belongs to another business or role")
    if not verify_password(existing.password_hash, password):
        await repo.set_password_hash(session, existing.user_id, hash_password(password))
    return existing, False


@dataclass(frozen=True)
class SignInResult:
    """Either a new session (its cookie token and CSRF token) or the refusal to show."""

    token: str | None = None
    user: User | None = None
    refusal: str | None = None
    throttled: bool = False


async def sign_in(
    session: AsyncSession,
    settings: DashboardSettings,
    *,
    email: str,
    password: str,
    ip: str,
    previous_token: str | None = None,
    now: datetime | None = None,
) -> SignInResult:
    """Check the credentials unless this account or address has failed too often lately.

    A failure is recorded and returned (not raised): the caller commits it either way. A new
    session gets a new token; the one the browser held before, if any, is deleted."""
    now = now or utcnow()
    email = email.strip().lower()[:320]
    limits = sign_in_limits(settings)
    by_account, by_ip = await repo.sign_in_failures_since(session, email, ip, now - limits.window)
    if refusal := limits.refusal(by_account, by_ip):
        return SignInResult(refusal=refusal, throttled=True)
    user = await repo.user_by_email(session, email)
    usable = user is not None and user.disabled_at is None
    if not verify_password(user.password_hash if user else None, password) or not usable:
        await repo.record_sign_in_failure(session, email, ip, now)
        return SignInResult(refusal=WRONG_CREDENTIALS)
    assert user is not None
    await repo.clear_sign_in_failures(session, email)
    if needs_rehash(user.password_hash):
        await repo.set_password_hash(session, user.user_id, hash_password(password))
    token = await start_session(session, settings, user, ip=ip, previous_token=previous_token)
    await repo.audit(session, business_id=user.business_id, user_id=user.user_id, action="sign-in")
    return SignInResult(token=token, user=user)


async def start_session(
    session: AsyncSession,
    settings: DashboardSettings,
    user: User,
    *,
    ip: str,
    previous_token: str | None = None,
    now: datetime | None = None,
) -> str:
    """A new session for `user` (its cookie token); the one the browser held before, if any,
    is deleted."""
    now = now or utcnow()
    if previous_token:
        await repo.delete_session(session, token_hash(previous_token))
    token = new_token()
    await repo.insert_session(
        session,
        token_hash=token_hash(token),
        user_id=user.user_id,
        csrf_token=secrets.token_urlsafe(32),
        now=now,
        expires_at=session_limits(settings).expires_at(now),
        ip=ip,
    )
    return token


async def current_session(
    session: AsyncSession,
    settings: DashboardSettings,
    token: str | None,
    now: datetime | None = None,
) -> SignedInSession | None:
    """The live session the cookie names; an expired or idle one is deleted."""
    if not token:
        return None
    now = now or utcnow()
    hashed = token_hash(token)
    found = await repo.session_by_hash(session, hashed)
    if found is None:
        return None
    alive = session_limits(settings).alive(found.expires_at, found.last_seen_at, now)
    if not alive or found.user.disabled_at is not None:
        await repo.delete_session(session, hashed)
        return None
    if now - found.last_seen_at > TOUCH_AFTER:
        await repo.touch_session(session, hashed, now)
    return found


async def sign_out(session: AsyncSession, token: str | None) -> None:
    if token:
        await repo.delete_session(session, token_hash(token))
