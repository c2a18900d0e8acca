"""REST for field platforms: report, complete, cancel, read and list jobs of one business."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response, status

from closeout.jobs.api.deps import CallerDep
from closeout.jobs.api.schemas import CompleteRequest, JobOut, JobPage
from closeout.jobs.domain.jobs import Action, JobStatus
from closeout.jobs.storage.repository import JobFilter
from closeout.jobs.usecases import reading, reporting
from closeout.shared.auth import Principal
from closeout.shared.contracts.common import Timestamp
from closeout.shared.contracts.jobs import BillingStatus, InboundJob
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], dependencies=[Depends(reject_nul_characters)])
CorrelationId = Annotated[
    str | None,
    Header(alias="X-Correlation-Id", max_length=200, description="Carried on emitted events"),
]
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "No such job for this business"}}
CONFLICT: Responses = {409: {"description": "The job is cancelled"}}


async def _report(
    session: SessionDep,
    caller: Principal,
    action: Action,
    body: InboundJob,
    response: Response,
    correlation_id: str | None,
) -> JobOut:
    async with session.begin():
        result = await reporting.report_job(
            session,
            business_id=caller.business_id,
            action=action,
            job=body,
            source=f"api:{caller.key_id}",
            correlation_id=correlation_id,
        )
    response.status_code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
    return JobOut.from_record(result.job)


@router.post(
    "",
    response_model=JobOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": JobOut, "description": "An existing job was updated"}, **CONFLICT},
    summary="Create or update a job (upsert by external_id)",
)
async def report_job(
    body: InboundJob,
    session: SessionDep,
    caller: CallerDep,
    response: Response,
    correlation_id: CorrelationId = None,
) -> JobOut:
    return await _report(session, caller, "report", body, response, correlation_id)


@router.post(
    "/completed",
    response_model=JobOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": JobOut, "description": "An existing job was completed or updated"},
        **CONFLICT,
    },
    summary="Report a completed job with its full record (upsert by external_id)",
)
async def report_completed_job(
    body: InboundJob,
    session: SessionDep,
    caller: CallerDep,
    response: Response,
    correlation_id: CorrelationId = None,
) -> JobOut:
    return await _report(session, caller, "complete", body, response, correlation_id)


async def _act(
    session: SessionDep,
    caller: Principal,
    job_id: str,
    action: Action,
    completed_at: datetime | None = None,
) -> JobOut:
    async with session.begin():
        result = await reporting.act_on_job(
            session,
            business_id=caller.business_id,
            job_id=job_id,
            action=action,
            completed_at=completed_at,
        )
    return JobOut.from_record(result.job)


@router.post(
    "/{job_id}/complete",
    response_model=JobOut,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Mark a known job complete (idempotent)",
)
async def complete_job(
    job_id: str, session: SessionDep, caller: CallerDep, body: CompleteRequest | None = None
) -> JobOut:
    completed_at = body.completed_at if body is not None else None
    return await _act(session, caller, job_id, "complete", completed_at)


@router.post(
    "/{job_id}/cancel",
    response_model=JobOut,
    responses=NOT_FOUND,
    summary="Cancel a job (idempotent)",
)
async def cancel_job(job_id: str, session: SessionDep, caller: CallerDep) -> JobOut:
    return await _act(session, caller, job_id, "cancel")


@router.get(
    "/{job_id}",
    response_model=JobOut,
    responses=NOT_FOUND,
    summary="A job with its billing status",
)
async def get_job(job_id: str, session: SessionDep, caller: CallerDep) -> JobOut:
    return JobOut.from_record(await reading.get_job(session, caller.business_id, job_id))


@router.get("", response_model=JobPage, summary="List jobs, newest first")
async def list_jobs(
    session: SessionDep,
    caller: CallerDep,
    job_status: Annotated[JobStatus | None, Query(alias="status")] = None,
    billing_status: BillingStatus | None = None,
    customer: Annotated[
        str | None, Query(max_length=200, description="Part of the customer's name or email")
    ] = None,
    external_id: Annotated[str | None, Query(max_length=200)] = None,
    completed_from: Annotated[Timestamp | None, Query(description="Inclusive")] = None,
    completed_to: Annotated[Timestamp | None, Query(description="Exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JobPage:
    where = JobFilter(
        business_id=caller.business_id,
        status=job_status,
        billing_status=billing_status,
        customer=customer,
        external_id=external_id,
        completed_from=completed_from,
        completed_to=completed_to,
    )
    found, total = await reading.list_jobs(session, where, limit=limit, offset=offset)
    next_offset = offset + len(found) if offset + len(found) < total else None
    return JobPage(
        items=[JobOut.from_record(job) for job in found],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset,
    )
