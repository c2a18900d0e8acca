"""Background work: the overdue scheduler, a pass over every invoice whose `next_action_at`
has come (what a pass does to one invoice is `usecases.overdue.chase`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.storage import imports as import_store
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import Business
from closeout.invoicing.usecases import imports, recurring
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.usecases.monitoring import count_pass
from closeout.invoicing.usecases.overdue import PassResult, chase
from closeout.invoicing.usecases.recurring import RecurringResult
from closeout.shared.ids import utcnow
from closeout.shared.web.runtime import ServiceRuntime

log = logging.getLogger(__name__)
PAGE_SIZE = 500
TRANSACTION_SIZE = 25


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    linker: Linker,
    *,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> PassResult:
    """Every invoice with work due now, page by page (keyset on next_action_at, invoice_id).
    Several schedulers may run: each invoice is locked with SKIP LOCKED and checked again under
    the lock, so a reminder is sent once. Up to TRANSACTION_SIZE invoices share a transaction
    (a commit is the slow part), each in its own savepoint: one that fails is logged and
    skipped, the others go on. `now` is the clock's time unless a test travels in time."""
    result = PassResult()
    now = now or utcnow()
    known: dict[str, Business] = {}  # businesses read once per pass
    after: tuple[datetime, str] | None = None
    while True:
        async with sessionmaker() as session:
            page = await repo.due_for_action(session, now, after, page_size)
        for start in range(0, len(page), TRANSACTION_SIZE):
            async with sessionmaker() as session, session.begin():
                for _, invoice_id in page[start : start + TRANSACTION_SIZE]:
                    await _chase_in_savepoint(session, invoice_id, now, linker, result, known)
        if len(page) < page_size:
            return result
        after = page[-1]


async def _chase_in_savepoint(
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
            await chase(session, invoice_id, now, linker, outcome, known)
    except SQLAlchemyError:
        raise  # the database itself: the pass stops, the next one retries
    except Exception:
        log.exception("scheduler: invoice %s failed; the others go on", invoice_id)
        return
    result.marked_overdue += outcome.marked_overdue
    result.reminders += outcome.reminders


async def run_recurring_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    linker: Linker,
    *,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> RecurringResult:
    """Every recurring schedule with a period due (keyset on next_run_at, schedule_id), a
    transaction each: its missed periods are made oldest first, each once (SKIP LOCKED and the
    (schedule, period) key keep a second worker from making them again). One that fails is
    logged and skipped; the next pass retries it."""
    result = RecurringResult()
    now = now or utcnow()
    after: tuple[datetime, str] | None = None
    while True:
        async with sessionmaker() as session:
            page = await schedules.recurring_due(session, now, after, page_size)
        for _, schedule_id in page:
            made = RecurringResult()
            try:
                async with sessionmaker() as session, session.begin():
                    await recurring.make_due(session, schedule_id, now, linker, made)
            except SQLAlchemyError:
                raise  # the database itself: the pass stops, the next one retries
            except Exception:
                log.exception("recurring: schedule %s failed; the others go on", schedule_id)
                continue
            result.made += made.made
        if len(page) < page_size:
            return result
        after = page[-1]


async def overdue_scheduler(
    runtime: ServiceRuntime[InvoicingSettings], stop: asyncio.Event
) -> None:
    """A pass every `scheduler_interval_seconds` until `stop` (a background task of the app):
    recurring invoices due, then overdue marking and reminders."""
    settings = runtime.settings
    linker = Linker.of(settings)
    while not stop.is_set():
        try:
            made = await run_recurring_once(runtime.sessionmaker, linker)
            if made.made:
                log.info("recurring pass: %d invoices", len(made.made))
        except Exception:
            log.exception("recurring pass failed")
        try:
            outcome = await run_once(runtime.sessionmaker, linker)
            count_pass(outcome)
            if outcome.marked_overdue or outcome.reminders:
                log.info(
                    "scheduler pass: %d overdue, %d reminders",
                    len(outcome.marked_overdue),
                    len(outcome.reminders),
                )
        except Exception:
            log.exception("scheduler pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.scheduler_interval_seconds)


IMPORT_POLL_SECONDS = 1.0


async def run_imports_once(sessionmaker: async_sessionmaker[AsyncSession], linker: Linker) -> int:
    """Every CSV import with work (validating, committing, sending), batch after batch until
    each is done, a transaction per batch; how many batches. Two workers never share an
    import: its row is locked with SKIP LOCKED for each batch."""
    async with sessionmaker() as session:
        working = await import_store.working_imports(session)
    batches = 0
    for import_id in working:
        while True:
            async with sessionmaker() as session, session.begin():
                if not await imports.work_batch(session, import_id, linker):
                    break
            batches += 1
    return batches


async def import_worker(runtime: ServiceRuntime[InvoicingSettings], stop: asyncio.Event) -> None:
    """CSV imports' background work, until `stop`; a failed pass (the database away) is
    retried on the next one, where the import stopped."""
    linker = Linker.of(runtime.settings)
    while not stop.is_set():
        try:
            await run_imports_once(runtime.sessionmaker, linker)
        except Exception:
            log.exception("import pass failed; retried")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), IMPORT_POLL_SECONDS)
