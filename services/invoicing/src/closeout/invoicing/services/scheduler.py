"""Overdue marking and reminders: one pass finds collectable invoices past their due date."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.invoicing.domain.reminders import days_overdue, next_reminder
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.services import business as businesses
from closeout.invoicing.services.events import publish
from closeout.invoicing.services.invoices import load_for_update, local_now
from closeout.invoicing.services.ledger import recompute
from closeout.invoicing.services.links import create_link
from closeout.invoicing.storage import repository as repo
from closeout.shared.ids import utcnow
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime

log = logging.getLogger(__name__)
ACTOR = "system:scheduler"
BATCH = 500


@dataclass
class PassResult:
    marked_overdue: list[str] = field(default_factory=list)
    reminders: list[tuple[str, int]] = field(default_factory=list)


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession], public_base_url: str
) -> PassResult:
    result = PassResult()
    # One day of slack: a business ahead of UTC may already be past the due date.
    async with sessionmaker() as session:
        candidates = await repo.overdue_candidates(
            session, utcnow().date() + timedelta(days=1), BATCH
        )
    for invoice_id in candidates:
        async with sessionmaker() as session, session.begin():
            await _check(session, invoice_id, public_base_url, result)
    return result


async def _check(
    session: AsyncSession, invoice_id: str, public_base_url: str, result: PassResult
) -> None:
    invoice = await load_for_update(session, invoice_id)
    if invoice.status not in COLLECTABLE or invoice.due_date is None:
        return
    if invoice.needs_review and await repo.job_is_cancelled(
        session, invoice.business_id, invoice.job_id
    ):
        return  # flagged after the candidates were read: held like the query holds it
    business = await businesses.load(session, invoice.business_id)
    today = local_now(business).date()
    late = days_overdue(invoice.due_date, today)
    if late <= 0:
        return
    if invoice.overdue_at is None:
        invoice = await repo.update_invoice(session, invoice_id, overdue_at=utcnow())
        await repo.add_timeline(
            session, invoice_id, "overdue", f"past due date {invoice.due_date}", actor=ACTOR
        )
        invoice = await recompute(session, invoice, actor=ACTOR)
        link = await create_link(session, invoice, business, "overdue")
        invoice = await publish(
            session,
            "invoice.overdue",
            invoice,
            business,
            days_overdue=late,
            payment_url=link.url(public_base_url),
        )
        result.marked_overdue.append(invoice_id)
    assert invoice.due_date is not None
    number = next_reminder(invoice.due_date, today, invoice.reminders_sent)
    if number is None:
        return
    invoice = await repo.update_invoice(session, invoice_id, reminders_sent=number)
    await repo.add_timeline(
        session, invoice_id, "reminder_due", f"reminder {number} ({late} days overdue)", actor=ACTOR
    )
    link = await create_link(session, invoice, business, "reminder")
    await publish(
        session,
        "invoice.reminder_due",
        invoice,
        business,
        days_overdue=late,
        reminder_number=number,
        payment_url=link.url(public_base_url),
    )
    result.reminders.append((invoice_id, number))


def scheduler_task(public_base_url: str, interval_seconds: float) -> BackgroundTask:
    """A background task for `create_service_app(background=[...])`."""

    async def overdue_scheduler(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                outcome = await run_once(runtime.sessionmaker, public_base_url)
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
