"""Admin API: recurring invoices (a schedule makes each period's invoice once)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from closeout.invoicing.api.deps import Admin, Reader, SessionDep
from closeout.invoicing.api.schedule_schemas import (
    RecurringIn,
    RecurringList,
    RecurringOut,
    RecurringPeriodOut,
)
from closeout.invoicing.storage import schedules
from closeout.invoicing.storage.records import RecurringInvoice
from closeout.invoicing.usecases import recurring
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(
    prefix="/v1/recurring-invoices",
    tags=["recurring invoices"],
    dependencies=[Depends(reject_nul_characters)],
)


def _out(
    schedule: RecurringInvoice, periods: list[RecurringPeriodOut] | None = None
) -> RecurringOut:
    return RecurringOut.of(schedule, recurring.recurrence_of(schedule), periods)


# What JSON Schema cannot state: rules between fields, and against today.
_RULES_BEYOND_THE_SCHEMA: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "The body is invalid, or the schedule is: end_date before start_date, "
        "start_date too long ago, an rrule that is not a valid RFC 5545 rule or repeats more "
        "often than daily, or a schedule without any period"
    }
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a recurring invoice",
    responses=_RULES_BEYOND_THE_SCHEMA,
)
async def create(principal: Admin, session: SessionDep, body: RecurringIn) -> RecurringOut:
    new = recurring.NewSchedule(
        customer=body.customer,
        lines=body.lines,
        recurrence=body.recurrence(),
        currency=body.currency,
        send=body.send,
        terms_days=body.terms_days,
        notes=body.notes,
    )
    async with session.begin():
        schedule = await recurring.create(session, principal.business_id, new)
    return _out(schedule, [])


@router.get("", summary="The business's recurring invoices, newest first")
async def list_schedules(
    principal: Reader,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RecurringList:
    found = await schedules.list_recurring(session, principal.business_id, limit, offset)
    return RecurringList(items=[_out(s) for s in found], limit=limit, offset=offset)


@router.get("/{schedule_id}", summary="One recurring invoice, its upcoming dates and invoices")
async def get_schedule(schedule_id: str, principal: Reader, session: SessionDep) -> RecurringOut:
    schedule = await recurring.load(session, schedule_id, principal.business_id)
    periods = [
        RecurringPeriodOut(period_date=day, invoice_id=invoice_id, status=status_)
        for day, invoice_id, status_ in await schedules.periods_of(session, schedule_id)
    ]
    return _out(schedule, periods)


@router.post("/{schedule_id}/pause", summary="No invoices until resumed")
async def pause(schedule_id: str, principal: Admin, session: SessionDep) -> RecurringOut:
    async with session.begin():
        schedule = await recurring.pause(session, schedule_id, principal.business_id)
    return _out(schedule)


@router.post(
    "/{schedule_id}/resume", summary="Invoices again from the first period dated today or later"
)
async def resume(schedule_id: str, principal: Admin, session: SessionDep) -> RecurringOut:
    async with session.begin():
        schedule = await recurring.resume(session, schedule_id, principal.business_id)
    return _out(schedule)


@router.post("/{schedule_id}/end", summary="No more invoices (those made stay)")
async def end(schedule_id: str, principal: Admin, session: SessionDep) -> RecurringOut:
    async with session.begin():
        schedule = await recurring.end(session, schedule_id, principal.business_id)
    return _out(schedule)
