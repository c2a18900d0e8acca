"""The reminder schedule (owner's setting, each change in the settings audit log) and
recurring invoices (each action in the audit log), done through invoicing as the user."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.dashboard.adapters.services import UserCalls
from closeout.dashboard.domain.schedules import (
    recurring_from_form,
    schedule_from_form,
    schedule_text,
)
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import User
from closeout.dashboard.usecases.business_settings import ACTION as SETTINGS_CHANGED

RECURRING_ACTIONS = ("pause", "resume", "end")


async def change_reminder_schedule(
    calls: UserCalls,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner: User,
    form: dict[str, str],
) -> bool:
    """Save the schedule, then the business's time zone when changed; each change that
    invoicing accepted is in the audit log (a refused one changes nothing). False if nothing
    changed (nothing is sent or recorded)."""
    current = await calls.reminder_schedule()
    wanted = schedule_from_form(form, current["presets"])
    timezone = form.get("timezone", "").strip() or current["timezone"]
    changed = False
    if schedule_text(wanted) != schedule_text(current):
        saved = await calls.set_reminder_schedule(wanted)
        await _audit_setting(
            sessionmaker, owner, "reminder_schedule", schedule_text(current), schedule_text(saved)
        )
        changed = True
    if timezone != current["timezone"]:
        await calls.update_business({"timezone": timezone})
        await _audit_setting(sessionmaker, owner, "timezone", current["timezone"], timezone)
        changed = True
    return changed


async def _audit_setting(
    sessionmaker: async_sessionmaker[AsyncSession],
    owner: User,
    name: str,
    before: str,
    after: str,
) -> None:
    async with sessionmaker() as session, session.begin():
        await repo.audit(
            session,
            business_id=owner.business_id,
            user_id=owner.user_id,
            action=SETTINGS_CHANGED,
            target="business",
            detail={"before": {name: before}, "after": {name: after}},
        )


async def create_recurring(
    calls: UserCalls,
    sessionmaker: async_sessionmaker[AsyncSession],
    user: User,
    form: dict[str, str],
    default_currency: str,
) -> str:
    created = await calls.create_recurring_invoice(recurring_from_form(form, default_currency))
    await _audit(sessionmaker, user, "recurring.create", created["schedule_id"])
    return str(created["schedule_id"])


async def act_on_recurring(
    calls: UserCalls,
    sessionmaker: async_sessionmaker[AsyncSession],
    user: User,
    schedule_id: str,
    action: str,
) -> None:
    await calls.recurring_action(schedule_id, action)
    await _audit(sessionmaker, user, f"recurring.{action}", schedule_id)


async def _audit(
    sessionmaker: async_sessionmaker[AsyncSession], user: User, action: str, target: str
) -> None:
    async with sessionmaker() as session, session.begin():
        await repo.audit(
            session,
            business_id=user.business_id,
            user_id=user.user_id,
            action=action,
            target=target,
        )
