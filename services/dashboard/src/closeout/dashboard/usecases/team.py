"""The team: invite people by email, accept an invitation, change roles, remove people.

An owner manages the team; a business always keeps at least one owner."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.domain.account_links import UNUSABLE, usable
from closeout.dashboard.domain.passwords import hash_password, password_problem
from closeout.dashboard.domain.roles import ROLES, Role
from closeout.dashboard.domain.sessions import token_hash
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import AccountLink, User
from closeout.dashboard.usecases.account_mail import send_link
from closeout.dashboard.usecases.accounts import create_user, normalize_email
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import utcnow

LAST_OWNER = "A business keeps at least one owner: make someone else owner first."


def _role(value: str) -> Role:
    for role in ROLES:
        if value == role:
            return role
    raise InvalidInputError(f"a role is one of {', '.join(ROLES)}")


async def invite(
    session: AsyncSession,
    settings: DashboardSettings,
    owner: User,
    *,
    email: str,
    role: str,
    business_name: str | None = None,
    now: datetime | None = None,
) -> AccountLink:
    now = now or utcnow()
    email = normalize_email(email)
    chosen = _role(role)
    existing = await repo.user_by_email(session, email)
    if existing is not None and existing.disabled_at is None:
        raise ConflictError(f"{email} already has a Closeout account")
    if existing is not None and existing.business_id != owner.business_id:
        raise ConflictError(f"{email} already has a Closeout account")
    link = await send_link(
        session,
        settings,
        kind="invitation",
        business_id=owner.business_id,
        email=email,
        role=chosen,
        expires_at=now + timedelta(hours=settings.invitation_hours),
        now=now,
        created_by=owner.user_id,
        invited_by=owner.email,
        business_name=business_name,
    )
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="invite",
        detail={"email": email, "role": chosen},
    )
    return link


async def revoke(session: AsyncSession, owner: User, link_id: str) -> None:
    if not await repo.revoke_invitation(session, owner.business_id, link_id, utcnow()):
        raise NotFoundError("no pending invitation by that id")
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="revoke-invitation",
        detail={"invitation": link_id},
    )


async def open_link(
    session: AsyncSession, token: str, *, lock: bool = False, now: datetime | None = None
) -> AccountLink:
    """The usable link a token opens; anything else (unknown, used, expired, revoked) is the
    same refusal."""
    link = await repo.account_link_by_hash(session, token_hash(token), lock=lock)
    if link is None or not usable(link.expires_at, link.used_at, link.revoked_at, now or utcnow()):
        raise NotFoundError(UNUSABLE)
    return link


async def accept(
    session: AsyncSession, token: str, *, name: str, password: str, now: datetime | None = None
) -> User:
    """The invitee's account, created from the invitation, which is then used up."""
    now = now or utcnow()
    link = await open_link(session, token, lock=True, now=now)
    if link.kind != "invitation" or link.role is None:
        raise NotFoundError(UNUSABLE)
    name = name.strip()[:200]
    if not name:
        raise InvalidInputError("please give your name")
    if problem := password_problem(password):
        raise InvalidInputError(problem)
    existing = await repo.user_by_email(session, link.email)
    if existing is not None:
        if existing.disabled_at is None or existing.business_id != link.business_id:
            raise ConflictError(f"{link.email} already has a Closeout account")
        await repo.reactivate_user(
            session,
            existing.user_id,
            role=link.role,
            name=name,
            password_hash=hash_password(password),
        )
        user = await repo.user_by_id(session, link.business_id, existing.user_id)
        assert user is not None
    else:
        user = await create_user(
            session,
            business_id=link.business_id,
            email=link.email,
            password=password,
            role=link.role,
            name=name,
        )
    await repo.mark_link_used(session, link.link_id, now)
    await repo.audit(
        session,
        business_id=link.business_id,
        user_id=user.user_id,
        action="join",
        detail={"role": link.role, "invitation": link.link_id},
    )
    return user


async def change_role(session: AsyncSession, owner: User, user_id: str, role: str) -> None:
    chosen = _role(role)
    owners = await repo.lock_owners(session, owner.business_id)
    member = await repo.user_by_id(session, owner.business_id, user_id)
    if member is None or member.disabled_at is not None:
        raise NotFoundError("no such person in your team")
    if member.role == chosen:
        return
    if member.role == "owner" and owners == [member.user_id]:
        raise ConflictError(LAST_OWNER)
    await repo.set_role(session, member.user_id, chosen)
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="change-role",
        detail={"email": member.email, "before": member.role, "after": chosen},
    )


async def remove(session: AsyncSession, owner: User, user_id: str) -> None:
    """Removed: signed out everywhere and unable to sign in (kept for the audit trail)."""
    owners = await repo.lock_owners(session, owner.business_id)
    member = await repo.user_by_id(session, owner.business_id, user_id)
    if member is None or member.disabled_at is not None:
        raise NotFoundError("no such person in your team")
    if member.role == "owner" and owners == [member.user_id]:
        raise ConflictError(LAST_OWNER)
    now = utcnow()
    await repo.disable_user(session, member.user_id, now)
    await repo.delete_sessions_of(session, member.user_id)
    await repo.end_open_resets(session, member.user_id, now)
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="remove-user",
        detail={"email": member.email, "role": member.role},
    )
