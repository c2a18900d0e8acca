"""Overdue marking and reminders: one pass handles every invoice whose `next_action_at` has come."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.invoicing.domain.reminders import days_overdue, next_reminder
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.services import business as businesses
from closeout.invoicing.services.events import publish
from closeout.invoicing.services.invoices import local_now
from closeout.invoicing.services.ledger import recompute
from closeout.invoicing.services.links import Linker, create_link
from closeout.invoicing.services.schedule import hold, reschedule
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.shared.ids import utcnow
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime

log = logging.getLogger(__name__)
ACTOR = "system:scheduler"
PAGE_SIZE = 500
TRANSACTION_SIZE = 25


@dataclass
class PassResult:
    marked_overdue: list[str] = field(default_factory=list)
    reminders: list[tuple[str, int]] = field(default_factory=list)


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    linker: Linker,
    *,
    page_size: int = PAGE_SIZE,
) -> PassResult:
    """Every invoice with work due now, page by page (keyset on next_action_at, invoice_id).
    Several schedulers may run: each invoice is locked with SKIP LOCKED and checked again under
    the lock, so a reminder is sent once. Up to TRANSACTION_SIZE invoices share a transaction
    (a commit is the slow part), each in its own savepoint: one that fails is logged and
    skipped, the others go on."""
    result = PassResult()
    now = utcnow()
    known: dict[str, Business] = {}  # businesses read once per pass
    after: tuple[datetime, str] | None = None
    while True:
        async with sessionmaker() as session:
            page = await repo.due_for_action(session, now, after, page_size)
        for start in range(0, len(page), TRANSACTION_SIZE):
            async with sessionmaker() as session, session.begin():
                for _, invoice_id in page[start : start + TRANSACTION_SIZE]:
                    await _check_in_savepoint(session, invoice_id, now, linker, result, known)
        if len(page) < page_size:
            return result
        after = page[-1]


async def _check_in_savepoint(
    session: AsyncSession,
    invoice_id: str,
    now: datetime,
    linker: Linker,
    result: PassResult,
    known: dict[str, Business],
) -> None:
    outcome = PassResult()
    try:
        async with session.begin_nested():
            await _check(session, invoice_id, now, linker, outcome, known)
    except SQLAlchemyError:
        raise  # the database itself: the pass stops, the next one retries
    except Exception:
        log.exception("scheduler: invoice %s failed; the others go on", invoice_id)
        return
    result.marked_overdue += outcome.marked_overdue
    result.reminders += outcome.reminders


async def _check(
    session: AsyncSession,
    invoice_id: str,
    now: datetime,
    linker: Linker,
    result: PassResult,
    known: dict[str, Business],
) -> None:
    invoice = await repo.lock_if_due(session, invoice_id, now)
    if invoice is None:
        return
    business = known.get(invoice.business_id)
    if business is None:
        business = known[invoice.business_id] = await businesses.load(session, invoice.business_id)
    if invoice.status not in COLLECTABLE or invoice.due_date is None:
        await reschedule(session, invoice, business)
        return
    if invoice.needs_review and await repo.job_is_cancelled(
        session, invoice.business_id, invoice.job_id
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


def scheduler_task(linker: Linker, interval_seconds: float) -> BackgroundTask:
    """A background task for `create_service_app(background=[...])`."""

    async def overdue_scheduler(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                outcome = await run_once(runtime.sessionmaker, linker)
                if outcome.marked_overdue or outcome.reminders:
                    log.info(
                        "scheduler pass: %d overdue, %d reminders",
                        len(outcome.marked_overdue),
                        len(outcome.reminders),
                    )
            except Exception:
                log.exception("scheduler pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_seconds)

    return overdue_scheduler
