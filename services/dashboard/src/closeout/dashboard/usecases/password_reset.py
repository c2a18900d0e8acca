"""Password reset by email link: asked for without revealing whether the account exists,
throttled per email and per client address; done once, it ends every session of the user."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.domain.account_links import UNUSABLE
from closeout.dashboard.domain.passwords import hash_password, password_problem
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import User
from closeout.dashboard.usecases.account_mail import send_link
from closeout.dashboard.usecases.team import open_link
from closeout.shared.errors import InvalidInputError, NotFoundError
from closeout.shared.ids import utcnow

THROTTLE_WINDOW = timedelta(hours=1)


async def request_reset(
    session: AsyncSession,
    settings: DashboardSettings,
    *,
    email: str,
    ip: str,
    now: datetime | None = None,
) -> None:
    """Mail a reset link if `email` is an active account and the throttle allows. The caller
    answers the same whatever happened here (no account enumeration)."""
    now = now or utcnow()
    email = email.strip().lower()[:320]
    by_email, by_ip = await repo.reset_requests_since(session, email, ip, now - THROTTLE_WINDOW)
    await repo.record_reset_request(session, email, ip, now)
    if by_email >= settings.password_resets_per_hour:
        return
    if by_ip >= settings.password_resets_per_ip_per_hour:
        return
    user = await repo.user_by_email(session, email)
    if user is None or user.disabled_at is not None:
        return
    await repo.end_open_resets(session, user.user_id, now)  # only the newest link works
    await send_link(
        session,
        settings,
        kind="password_reset",
        business_id=user.business_id,
        email=user.email,
        user_id=user.user_id,
        expires_at=now + timedelta(minutes=settings.password_reset_minutes),
        now=now,
    )
    await repo.audit(
        session, business_id=user.business_id, user_id=user.user_id, action="request-reset"
    )


async def reset_password(
    session: AsyncSession, token: str, *, password: str, now: datetime | None = None
) -> User:
    """Set the new password, use the link up and end every session of the user."""
    now = now or utcnow()
    link = await open_link(session, token, lock=True, now=now)
    if link.kind != "password_reset" or link.user_id is None:
        raise NotFoundError(UNUSABLE)
    user = await repo.user_by_id(session, link.business_id, link.user_id)
    if user is None or user.disabled_at is not None:
        raise NotFoundError(UNUSABLE)
    if problem := password_problem(password):
        raise InvalidInputError(problem)
    await repo.set_password_hash(session, user.user_id, hash_password(password))
    await repo.mark_link_used(session, link.link_id, now)
    await repo.end_open_resets(session, user.user_id, now)
    await repo.delete_sessions_of(session, user.user_id)
    await repo.clear_sign_in_failures(session, user.email)
    await repo.audit(
        session, business_id=user.business_id, user_id=user.user_id, action="reset-password"
    )
    return user
