"""Overdue marking and reminders for one invoice whose `next_action_at` has come.

The overdue scheduler (`closeout.invoicing.workers`) pages through such invoices and calls
`chase` for each inside its transaction; the rules of when are in `domain.reminders`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reminders import days_overdue, next_reminder
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import local_now
from closeout.invoicing.usecases.ledger import recompute
from closeout.invoicing.usecases.links import Linker, create_link
from closeout.invoicing.usecases.schedule import hold, reschedule
from closeout.shared.ids import utcnow

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
    today = local_now(business).date()
    late = days_overdue(invoice.due_date, today)
    number = next_reminder(invoice.due_date, today, invoice.reminders_sent) if late > 0 else None
    if late > 0 and invoice.overdue_at is None:
        await _mark_overdue(session, invoice, business, late, number, linker)
        result.marked_overdue.append(invoice_id)
        if number is not None:
            result.reminders.append((invoice_id, number))
        return
    if number is None:
        await reschedule(session, invoice, business)  # early (time zones) or nothing left
        return
    invoice = await repo.update_invoice(session, invoice_id, reminders_sent=number)
    await repo.add_timeline(
        session, invoice_id, "reminder_due", f"reminder {number} ({late} days overdue)", actor=ACTOR
    )
    invoice = await reschedule(session, invoice, business)
    link = await create_link(session, invoice, business, "reminder", linker)
    await publish(
        session,
        "invoice.reminder_due",
        invoice,
        business,
        days_overdue=late,
        reminder_number=number,
        payment_url=link.reference,
    )
    result.reminders.append((invoice_id, number))


async def _mark_overdue(
    session: AsyncSession,
    invoice: Invoice,
    business: Business,
    late: int,
    number: int | None,
    linker: Linker,
) -> None:
    """`invoice.overdue` is also the reminder due that day (one mail, not two): it carries
    `reminder_number`, and no separate `invoice.reminder_due` is published for it."""
    invoice_id = invoice.invoice_id
    invoice = await repo.update_invoice(
        session,
        invoice_id,
        overdue_at=utcnow(),
        reminders_sent=number if number is not None else invoice.reminders_sent,
    )
    await repo.add_timeline(
        session, invoice_id, "overdue", f"past due date {invoice.due_date}", actor=ACTOR
    )
    if number is not None:
        await repo.add_timeline(
            session,
            invoice_id,
            "reminder_due",
            f"reminder {number} ({late} days overdue), with the overdue notice",
            actor=ACTOR,
        )
    invoice = await recompute(session, invoice, actor=ACTOR, business=business)
    link = await create_link(session, invoice, business, "overdue", linker)
    await publish(
        session,
        "invoice.overdue",
        invoice,
        business,
        days_overdue=late,
        reminder_number=number,
        payment_url=link.reference,
    )
