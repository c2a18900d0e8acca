"""Recurring invoice schedules: create, pause, resume, end, and make each period's invoice once.

Each period's invoice is made through `manual_invoices.create_invoice` (then issued when the
schedule sends), in the transaction that records the (schedule, period) key: a second worker
that gets there too runs into the key and makes nothing. After an outage every missed period
is made once, oldest first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.recurring import (
    Frequency,
    Recurrence,
    first_period_on_or_after,
    period_date,
    recurrence_problems,
)
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import Business, RecurringInvoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.invoices import issue, load_for_update
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.usecases.manual_invoices import NewInvoice, create_invoice
from closeout.invoicing.usecases.schedule import start_of, zone
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow

log = logging.getLogger(__name__)
ACTOR = "system:recurring"


@dataclass(frozen=True)
class NewSchedule:
    customer: Customer
    lines: Sequence[LineItem]
    recurrence: Recurrence
    currency: str | None = None
    send: bool = False
    terms_days: int | None = None
    notes: str | None = None


@dataclass
class RecurringResult:
    made: list[tuple[str, date, str]] = field(default_factory=list)  # schedule, period, invoice


def recurrence_of(schedule: RecurringInvoice) -> Recurrence:
    frequency: Frequency = schedule.frequency  # type: ignore[assignment]
    return Recurrence(
        frequency=frequency,
        start_date=schedule.start_date,
        interval_days=schedule.interval_days,
        rule=schedule.rrule,
        end_date=schedule.end_date,
        count=schedule.count,
    )


def _next_run(schedule: RecurringInvoice, business: Business, n: int) -> datetime | None:
    day = period_date(recurrence_of(schedule), n)
    return None if day is None else start_of(day, business)


async def create(session: AsyncSession, business_id: str, new: NewSchedule) -> RecurringInvoice:
    """A schedule, active from its start date (the worker makes the periods due)."""
    business = await businesses.load(session, business_id)
    today = utcnow().astimezone(zone(business)).date()
    if problems := recurrence_problems(new.recurrence, today):
        raise InvalidInputError("; ".join(problems))
    if not new.lines:
        raise InvalidInputError("a recurring invoice needs at least one line")
    r = new.recurrence
    first = period_date(r, 0)
    assert first is not None  # recurrence_problems checked it
    return await schedules.insert_recurring(
        session,
        schedule_id=new_id(),
        business_id=business_id,
        customer=new.customer.model_dump(mode="json"),
        lines=[line.model_dump(mode="json") for line in new.lines],
        currency=new.currency or business.default_currency,
        frequency=r.frequency,
        interval_days=r.interval_days,
        rrule=r.rule,
        start_date=r.start_date,
        end_date=r.end_date,
        count=r.count,
        send=new.send,
        payment_terms_days=new.terms_days,
        notes=new.notes,
        status="active",
        next_period=0,
        next_run_at=start_of(first, business),
    )


async def load(
    session: AsyncSession, schedule_id: str, business_id: str, *, for_update: bool = False
) -> RecurringInvoice:
    found = await schedules.get_recurring(session, schedule_id, for_update=for_update)
    if found is None or business_id not in ("*", found.business_id):
        raise NotFoundError("recurring invoice not found")
    return found


async def pause(session: AsyncSession, schedule_id: str, business_id: str) -> RecurringInvoice:
    """No invoices until resumed (idempotent); periods that pass while paused are skipped."""
    schedule = await load(session, schedule_id, business_id, for_update=True)
    if schedule.status == "ended":
        raise ConflictError("the recurring invoice has ended")
    return await schedules.update_recurring(session, schedule_id, status="paused", next_run_at=None)


async def resume(session: AsyncSession, schedule_id: str, business_id: str) -> RecurringInvoice:
    """Active again from the first period dated today or later (business-local)."""
    schedule = await load(session, schedule_id, business_id, for_update=True)
    if schedule.status == "ended":
        raise ConflictError("the recurring invoice has ended")
    if schedule.status == "active":
        return schedule
    business = await businesses.load(session, schedule.business_id)
    today = utcnow().astimezone(zone(business)).date()
    n = first_period_on_or_after(recurrence_of(schedule), today, schedule.next_period)
    run = _next_run(schedule, business, n)
    return await schedules.update_recurring(
        session,
        schedule_id,
        status="active" if run else "ended",
        next_period=n,
        next_run_at=run,
    )


async def end(session: AsyncSession, schedule_id: str, business_id: str) -> RecurringInvoice:
    """No more invoices, ever (idempotent); those made stay as they are."""
    schedule = await load(session, schedule_id, business_id, for_update=True)
    if schedule.status == "ended":
        return schedule
    return await schedules.update_recurring(session, schedule_id, status="ended", next_run_at=None)


async def make_due(
    session: AsyncSession, schedule_id: str, now: datetime, linker: Linker, result: RecurringResult
) -> None:
    """Make every period of the schedule due by `now`, oldest first, each once; the caller
    owns the transaction. A schedule another worker holds is left to it (SKIP LOCKED)."""
    schedule = await schedules.lock_recurring_if_due(session, schedule_id, now)
    if schedule is None or schedule.status != "active":
        return
    business = await businesses.load(session, schedule.business_id)
    recurrence = recurrence_of(schedule)
    n = schedule.next_period
    while (day := period_date(recurrence, n)) is not None and start_of(day, business) <= now:
        invoice_id = new_id()
        if await schedules.record_period_once(session, schedule_id, day, invoice_id):
            await _make_invoice(session, schedule, business, invoice_id, day, linker)
            result.made.append((schedule_id, day, invoice_id))
        n += 1
    run = _next_run(schedule, business, n)
    await schedules.update_recurring(
        session,
        schedule_id,
        next_period=n,
        next_run_at=run,
        status="active" if run else "ended",
    )


async def _make_invoice(
    session: AsyncSession,
    schedule: RecurringInvoice,
    business: Business,
    invoice_id: str,
    day: date,
    linker: Linker,
) -> None:
    new_invoice = NewInvoice(
        customer=Customer.model_validate(schedule.customer),
        lines=[LineItem.model_validate(line) for line in schedule.lines],
        currency=schedule.currency,
        terms_days=schedule.payment_terms_days,
        notes=schedule.notes,
    )
    invoice = await create_invoice(
        session,
        schedule.business_id,
        new_invoice,
        source="recurring",
        source_ref=schedule.schedule_id,
        actor=ACTOR,
        invoice_id=invoice_id,
    )
    log.info("recurring %s: invoice %s for %s", schedule.schedule_id, invoice_id, day)
    if schedule.send:
        invoice = await load_for_update(session, invoice.invoice_id)
        await issue(session, invoice, business, actor=ACTOR, linker=linker)
