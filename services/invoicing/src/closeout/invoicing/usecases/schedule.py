"""Keeps `invoices.next_action_at`: the instant the scheduler next has something to do.

Called wherever status, due date, overdue marking or reminders change (`ledger.recompute`
covers every status change), so the scheduler reads only invoices with work due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reminders import next_action_on
from closeout.invoicing.domain.status import COLLECTABLE
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses


def zone(business: Business) -> ZoneInfo:
    try:
        return ZoneInfo(business.timezone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def start_of(day: date, business: Business) -> datetime:
    """Midnight at the start of `day` in the business's time zone, in UTC."""
    return datetime.combine(day, time(), tzinfo=zone(business)).astimezone(UTC)


def next_action_at(invoice: Invoice, business: Business) -> datetime | None:
    day = next_action_on(
        invoice.due_date,
        chased=invoice.status in COLLECTABLE,
        overdue_marked=invoice.overdue_at is not None,
        reminders_sent=invoice.reminders_sent,
    )
    return None if day is None else start_of(day, business)


async def reschedule(
    session: AsyncSession, invoice: Invoice, business: Business | None = None
) -> Invoice:
    business = business or await businesses.load(session, invoice.business_id)
    at = next_action_at(invoice, business)
    if at == invoice.next_action_at:
        return invoice
    return await repo.update_invoice(session, invoice.invoice_id, next_action_at=at)


async def hold(session: AsyncSession, invoice: Invoice) -> Invoice:
    """Nothing is due until someone reschedules it (an admin's review of a cancelled job)."""
    if invoice.next_action_at is None:
        return invoice
    return await repo.update_invoice(session, invoice.invoice_id, next_action_at=None)
