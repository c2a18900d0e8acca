"""Changing the business's settings through invoicing, each change written to the audit log
with who, when, and the values before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.dashboard.adapters.services import UserCalls
from closeout.dashboard.domain.business import changes_from_form
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import AuditEntry, User

ACTION = "settings.changed"


async def change_settings(
    calls: UserCalls,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner: User,
    form: dict[str, str],
) -> dict[str, Any]:
    """Returns the changes made (none: nothing is sent or recorded)."""
    before = await calls.business()
    changes = changes_from_form(before, form)
    if not changes:
        return {}
    after = await calls.update_business(changes)
    async with sessionmaker() as session, session.begin():
        await repo.audit(
            session,
            business_id=owner.business_id,
            user_id=owner.user_id,
            action=ACTION,
            target="business",
            detail={
                "before": {k: before.get(k) for k in changes},
                "after": {k: after.get(k) for k in changes},
            },
        )
    return changes


async def settings_history(session: AsyncSession, business_id: str) -> list[AuditEntry]:
    entries = await repo.audit_entries(session, business_id, target="business", limit=50)
    return [e for e in entries if e.action == ACTION]
