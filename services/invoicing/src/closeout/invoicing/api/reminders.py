"""Admin API: the business's reminder schedule, and reminders paused per invoice."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from closeout.invoicing.api.deps import Admin, Reader, SessionDep, actor_of, business_scope
from closeout.invoicing.api.schedule_schemas import ReminderScheduleIn, ReminderScheduleOut
from closeout.invoicing.api.schemas import InvoiceSummary
from closeout.invoicing.usecases import reminder_schedules
from closeout.shared.errors import BadRequestError
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.problem_docs import problem_responses

router = APIRouter(prefix="/v1", tags=["reminders"], dependencies=[Depends(reject_nul_characters)])


@router.get(
    "/business/reminder-schedule",
    summary="The reminder schedule, its time zone and the presets offered",
    responses=problem_responses(400),
)
async def get_schedule(
    principal: Reader, session: SessionDep, business_id: str | None = None
) -> ReminderScheduleOut:
    scope = business_scope(principal, business_id)
    if scope is None:
        raise BadRequestError("business_id is required for this key")
    schedule, business = await reminder_schedules.current(session, scope)
    return ReminderScheduleOut.of(schedule, business)


@router.put(
    "/business/reminder-schedule",
    summary="Set the reminder schedule (steps, repeat, send hour; on or off)",
)
async def put_schedule(
    principal: Admin, session: SessionDep, body: ReminderScheduleIn
) -> ReminderScheduleOut:
    async with session.begin():
        schedule, business = await reminder_schedules.replace(
            session, principal.business_id, body.to_schedule()
        )
    return ReminderScheduleOut.of(schedule, business)


@router.post(
    "/invoices/{invoice_id}/reminders/pause", summary="No reminders for this invoice until resumed"
)
async def pause(invoice_id: str, principal: Admin, session: SessionDep) -> InvoiceSummary:
    async with session.begin():
        invoice = await reminder_schedules.pause(
            session, invoice_id, principal.business_id, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)


@router.post(
    "/invoices/{invoice_id}/reminders/resume",
    summary="Reminders again (the latest step due, if any came due while paused)",
)
async def resume(invoice_id: str, principal: Admin, session: SessionDep) -> InvoiceSummary:
    async with session.begin():
        invoice = await reminder_schedules.resume(
            session, invoice_id, principal.business_id, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)
