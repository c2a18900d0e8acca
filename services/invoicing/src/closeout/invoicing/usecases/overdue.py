"""Overdue marking and reminders for one invoice whose `next_action_at` has come.

The overdue scheduler (`closeout.invoicing.workers`) pages through such invoices and calls
`chase` for each inside its transaction; the rules of when are in `domain.reminders`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reminders import DueReminder, days_overdue, due_reminder
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.ledger import recompute
from closeout.invoicing.usecases.links import Linker, create_link
from closeout.invoicing.usecases.schedule import hold, issued_on, reschedule, schedule_of, zone

log = logging.getLogger(__name__)
ACTOR = "system:scheduler"


@dataclass
class PassResult:
    marked_overdue: list[str] = field(default_factory=list)
    reminders: list[tuple[str, int]] = field(default_factory=list)


async def chase(
    session: AsyncSession,
    invoice_id: str,
    now: datetime,
    linker: Linker,
    result: PassResult,
    known: dict[str, Business],
) -> None:
    """Lock the invoice if it still has work due (another scheduler may hold it: then that
    one does the work), mark it overdue or send the reminder due, and record what was done in
    `result`. `known` caches businesses for the pass."""
    invoice = await repo.lock_if_due(session, invoice_id, now)
    if invoice is None:
        return
    business = known.get(invoice.business_id)
    if business is None:
        business = known[invoice.business_id] = await businesses.load(session, invoice.business_id)
    if invoice.status not in COLLECTABLE or invoice.due_date is None:
        await reschedule(session, invoice, business)
        return
    if (
        invoice.needs_review
        and invoice.job_id is not None
        and await repo.job_is_cancelled(session, invoice.business_id, invoice.job_id)
    ):
        # Nobody chases a customer for a cancelled job until an admin keeps the invoice.
        await hold(session, invoice)
        return
    zone_ = zone(business)
    today = now.astimezone(zone_).date()
    late = days_overdue(invoice.due_date, today)
    reminder = None
    if invoice.reminders_paused_at is None:
        reminder = due_reminder(
            schedule_of(business),
            due_date=invoice.due_date,
            issued_on=issued_on(invoice, business),
            last_day=invoice.last_reminder_day,
            now=now,
            zone=zone_,
        )
    if reminder is not None:
        invoice, sent = await _record(session, invoice, reminder, late, now)
        if not sent:
            reminder = None  # already sent (the step's row exists): never twice
    if late > 0 and invoice.overdue_at is None:
        await _mark_overdue(session, invoice, business, late, reminder, linker, now)
        result.marked_overdue.append(invoice_id)
        if reminder is not None:
            result.reminders.append((invoice_id, reminder.number))
        return
    if reminder is None:
        await reschedule(session, invoice, business)  # early (send hour) or nothing left
        return
    invoice = await reschedule(session, invoice, business)
    link = await create_link(session, invoice, business, "reminder", linker)
    await publish(
        session,
        "invoice.reminder_due",
        invoice,
        business,
        days_overdue=late,
        reminder_number=reminder.number,
        payment_url=link.reference,
    )
    result.reminders.append((invoice_id, reminder.number))


async def _record(
    session: AsyncSession, invoice: Invoice, reminder: DueReminder, late: int, now: datetime
) -> tuple[Invoice, bool]:
    """Record the step as sent (its row, the invoice's last step, the timeline), unless its
    row exists already; the invoice as updated, and whether the step is sent now."""
    if not await schedules.record_reminder_once(
        session, invoice.invoice_id, reminder.day, reminder.number, now
    ):
        return await repo.update_invoice(
            session, invoice.invoice_id, last_reminder_day=reminder.day
        ), False
    updated = await repo.update_invoice(
        session,
        invoice.invoice_id,
        reminders_sent=reminder.number,
        last_reminder_day=reminder.day,
    )
    await repo.add_timeline(
        session,
        invoice.invoice_id,
        "reminder_due",
        f"reminder {reminder.number} ({_when(late)})",
        actor=ACTOR,
        data={"number": reminder.number, "day": reminder.day},
    )
    return updated, True


def _when(late: int) -> str:
    if late > 0:
        return f"{late} days overdue"
    if late == 0:
        return "due today"
    return f"due in {-late} days"


async def _mark_overdue(
    session: AsyncSession,
    invoice: Invoice,
    business: Business,
    late: int,
    reminder: DueReminder | None,
    linker: Linker,
    now: datetime,
) -> None:
    """`invoice.overdue` is also the reminder due that moment (one mail, not two): it carries
    `reminder_number`, and no separate `invoice.reminder_due` is published for it. Without a
    reminder it carries none (notifications then sends nothing)."""
    invoice_id = invoice.invoice_id
    invoice = await repo.update_invoice(session, invoice_id, overdue_at=now)
    await repo.add_timeline(
        session, invoice_id, "overdue", f"past due date {invoice.due_date}", actor=ACTOR
    )
    invoice = await recompute(session, invoice, actor=ACTOR, business=business)
    link = await create_link(session, invoice, business, "overdue", linker)
    await publish(
        session,
        "invoice.overdue",
        invoice,
        business,
        days_overdue=late,
        reminder_number=reminder.number if reminder else None,
        payment_url=link.reference,
    )
