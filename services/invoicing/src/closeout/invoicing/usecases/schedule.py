"""Keeps `invoices.next_action_at`: the instant the scheduler next has something to do.

Called wherever status, due date, overdue marking or reminders change (`ledger.recompute`
covers every status change), so the scheduler reads only invoices with work due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reminders import ReminderSchedule, next_reminder_at
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.domain.zones import zone_named
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import Business, Invoice
from closeout.shared.errors import NotFoundError


def zone(business: Business) -> ZoneInfo:
    return zone_named(business.timezone)


def start_of(day: date, business: Business) -> datetime:
    """Midnight at the start of `day` in the business's time zone, in UTC."""
    return datetime.combine(day, time(), tzinfo=zone(business)).astimezone(UTC)


def schedule_of(business: Business) -> ReminderSchedule:
    return ReminderSchedule.from_json(business.reminder_schedule)


def issued_on(invoice: Invoice, business: Business) -> date | None:
    """The business-local day the invoice was issued."""
    return invoice.issued_at.astimezone(zone(business)).date() if invoice.issued_at else None


def next_action_at(invoice: Invoice, business: Business) -> datetime | None:
    """The earlier of: the start of the first day past due (overdue marking), the next
    reminder step still owed (none while reminders are paused)."""
    if invoice.status not in COLLECTABLE or invoice.due_date is None:
        return None
    times = []
    if invoice.overdue_at is None:
        times.append(start_of(invoice.due_date + timedelta(days=1), business))
    if invoice.reminders_paused_at is None:
        reminder = next_reminder_at(
            schedule_of(business),
            due_date=invoice.due_date,
            issued_on=issued_on(invoice, business),
            last_day=invoice.last_reminder_day,
            zone=zone(business),
        )
        if reminder is not None:
            times.append(reminder)
    return min(times, default=None)


async def reschedule(
    session: AsyncSession, invoice: Invoice, business: Business | None = None
) -> Invoice:
    business = business or await repo.get_business(session, invoice.business_id)
    if business is None:
        raise NotFoundError("business not found")
    at = next_action_at(invoice, business)
    if at == invoice.next_action_at:
        return invoice
    return await repo.update_invoice(session, invoice.invoice_id, next_action_at=at)


async def reschedule_business(session: AsyncSession, business: Business) -> int:
    """Every invoice of the business with work ahead gets its `next_action_at` again (its time
    zone changed: the send hour and the start of a day moved); how many changed. Invoices with
    nothing ahead stay so: that includes one held for an admin's review."""
    changed = 0
    for invoice in await schedules.scheduled_collectable(session, business.business_id):
        if (await reschedule(session, invoice, business)) is not invoice:
            changed += 1
    return changed


async def hold(session: AsyncSession, invoice: Invoice) -> Invoice:
    """Nothing is due until someone reschedules it (an admin's review of a cancelled job)."""
    if invoice.next_action_at is None:
        return invoice
    return await repo.update_invoice(session, invoice.invoice_id, next_action_at=None)
