"""Mint an invitation or reset link, keep its hash, and ask notifications to mail it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.domain.account_links import LinkKind, mint
from closeout.dashboard.domain.roles import Role
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import AccountLink
from closeout.shared.contracts.accounts import AccountEmail
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import new_event
from closeout.shared.ids import new_id

SOURCE = "closeout/dashboard"
EVENT_OF: dict[LinkKind, str] = {
    "invitation": "account.invited",
    "password_reset": "account.password_reset_requested",
}


async def send_link(
    session: AsyncSession,
    settings: DashboardSettings,
    *,
    kind: LinkKind,
    business_id: str,
    email: str,
    expires_at: datetime,
    now: datetime,
    role: Role | None = None,
    user_id: str | None = None,
    created_by: str | None = None,
    invited_by: str | None = None,
    business_name: str | None = None,
) -> AccountLink:
    """In the caller's transaction: the link's row and its event commit together."""
    minted = mint(settings.public_url, settings.link_secret, new_id())
    link = AccountLink(
        link_id=minted.link_id,
        kind=kind,
        business_id=business_id,
        email=email,
        role=role,
        user_id=user_id,
        token_hash=minted.token_hash,
        created_by=created_by,
        created_at=now,
        expires_at=expires_at,
        used_at=None,
        revoked_at=None,
    )
    await repo.insert_account_link(session, link)
    data = AccountEmail(
        link_id=link.link_id,
        recipient=email,
        link=minted.reference,
        expires_at=expires_at,
        business_name=business_name,
        invited_by=invited_by,
        role=role,
    )
    event = new_event(
        EVENT_OF[kind], data, source=SOURCE, business_id=business_id, subject=link.link_id
    )
    await enqueue(session, event)
    return link
