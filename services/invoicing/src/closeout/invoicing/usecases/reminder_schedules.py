"""A business's reminder schedule, and reminders paused per invoice.

The rules of when a reminder is due are in `domain.reminders`; the scheduler applies them
(`usecases.overdue`). Changing the schedule has every invoice the business still collects
looked at again by the next pass.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reminders import ReminderSchedule, schedule_problems
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.invoices import load_for_update
from closeout.invoicing.usecases.schedule import reschedule, schedule_of
from closeout.shared.errors import InvalidInputError
from closeout.shared.ids import utcnow


async def current(session: AsyncSession, business_id: str) -> tuple[ReminderSchedule, Business]:
    business = await businesses.load(session, business_id)
    return schedule_of(business), business


async def replace(
    session: AsyncSession, business_id: str, schedule: ReminderSchedule
) -> tuple[ReminderSchedule, Business]:
    """Save the schedule (a business not yet known is created from defaults, as its other
    settings are)."""
    if problems := schedule_problems(schedule):
        raise InvalidInputError("; ".join(problems))
    await repo.ensure_business(session, business_id, name=business_id)
    await repo.update_business(session, business_id, reminder_schedule=schedule.to_json())
    await schedules.recheck_collectable(session, business_id, utcnow())
    return await current(session, business_id)


async def pause(session: AsyncSession, invoice_id: str, business_id: str, *, actor: str) -> Invoice:
    """No reminders for this invoice until resumed (idempotent)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    if invoice.reminders_paused_at is not None:
        return invoice
    invoice = await repo.update_invoice(session, invoice_id, reminders_paused_at=utcnow())
    await repo.add_timeline(
        session, invoice_id, "reminders_paused", "reminders paused", actor=actor
    )
    return await reschedule(session, invoice)


async def resume(
    session: AsyncSession, invoice_id: str, business_id: str, *, actor: str
) -> Invoice:
    """Reminders again from the next step owed (only the latest one due, if several came due
    while paused)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    if invoice.reminders_paused_at is None:
        return invoice
    invoice = await repo.update_invoice(session, invoice_id, reminders_paused_at=None)
    await repo.add_timeline(
        session, invoice_id, "reminders_resumed", "reminders resumed", actor=actor
    )
    return await reschedule(session, invoice)
