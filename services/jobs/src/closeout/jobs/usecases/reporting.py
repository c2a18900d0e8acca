"""Reporting jobs: a platform's report (REST or Kafka) and acting on a known job."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.domain.jobs import (
    Action,
    Content,
    Decision,
    JobState,
    JobStatus,
    JsonObject,
    OutEvent,
    content_of,
    decide,
)
from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.records import JobFields, JobRecord
from closeout.shared.contracts.jobs import (
    InboundJob,
    JobCancelled,
    JobCompleted,
    JobSnapshot,
    JobUpdated,
)
from closeout.shared.db.outbox import enqueue
from closeout.shared.errors import ContentTooLargeError, NotFoundError
from closeout.shared.events import new_event
from closeout.shared.ids import new_id, utcnow
from closeout.shared.sizes import EventTooLargeError

log = logging.getLogger(__name__)

SOURCE = "closeout/jobs"


class JobNotFoundError(NotFoundError):
    def __init__(self, job_id: str) -> None:
        super().__init__("job not found")
        self.job_id = job_id


class JobTooLargeError(ContentTooLargeError):
    """The job's event would be larger than any consumer accepts."""


@dataclass(frozen=True)
class ReportResult:
    job: JobRecord
    created: bool
    emitted: OutEvent | None


async def report_job(
    session: AsyncSession,
    *,
    business_id: str,
    action: Action,
    job: InboundJob,
    source: str,
    correlation_id: str | None,
    reported_at: datetime | None = None,
) -> ReportResult:
    """Upsert the job by (business, external id) and emit what the change means.

    `reported_at` is when the platform made the report (an event's `time`; now for REST): a
    report older than the newest one applied is stale and cannot overwrite the record."""
    now = utcnow()
    reported_at = reported_at or now
    if reported_at.tzinfo is None:  # CloudEvents times should carry an offset; UTC if not
        reported_at = reported_at.replace(tzinfo=UTC)
    await repo.lock_external_id(session, business_id, job.external_id)
    stored = await repo.find_job(session, business_id, external_id=job.external_id, for_update=True)
    current = _state_of(stored) if stored else None
    newest = stored.reported_at if stored else None
    stale = newest is not None and reported_at < newest
    decision = decide(
        current, action, content_of(job), completed_at=job.completed_at, now=now, stale=stale
    )
    if stored is None:
        new = _new_job(
            business_id,
            job.external_id,
            decision.state,
            source=source,
            correlation_id=correlation_id,
            reported_at=reported_at,
        )
        created = await repo.insert_job(session, new)
        return await _emit(session, created, decision, created=True)
    if stale:
        log.info("stale report for job %s (%s < %s)", stored.job_id, reported_at, newest)
    return await _save(
        session, stored, decision, reported_at=max(reported_at, newest or reported_at)
    )


async def act_on_job(
    session: AsyncSession,
    *,
    business_id: str,
    job_id: str,
    action: Action,
    completed_at: datetime | None = None,
) -> ReportResult:
    """Complete or cancel a known job without resending its record."""
    found = await repo.find_job(session, business_id, job_id=job_id)
    if found is None:
        raise JobNotFoundError(job_id)
    await repo.lock_external_id(session, business_id, found.external_id)
    stored = await repo.find_job(session, business_id, job_id=job_id, for_update=True)
    if stored is None:  # it cannot vanish: jobs are never deleted
        raise JobNotFoundError(job_id)
    current = _state_of(stored)
    decision = decide(current, action, current.content, completed_at=completed_at, now=utcnow())
    return await _save(session, stored, decision)


async def _save(
    session: AsyncSession,
    stored: JobRecord,
    decision: Decision,
    *,
    reported_at: datetime | None = None,
) -> ReportResult:
    job = replace(stored, **_columns_of(decision.state)) if decision.changed else stored
    if reported_at is not None:
        job = replace(job, reported_at=reported_at)
    if job != stored:
        stored = await repo.update_job(session, stored, job)
    return await _emit(session, stored, decision, created=False)


async def _emit(
    session: AsyncSession, job: JobRecord, decision: Decision, *, created: bool
) -> ReportResult:
    if decision.emit is not None:
        event = new_event(
            decision.emit,
            _payload(job, decision.emit),
            source=SOURCE,
            business_id=job.business_id,
            subject=job.job_id,
            correlation_id=job.correlation_id,
        )
        try:
            await enqueue(session, event)
        except EventTooLargeError as exc:
            raise JobTooLargeError(str(exc)) from exc
    return ReportResult(job, created, decision.emit)


def _state_of(job: JobRecord) -> JobState:
    content: Content = {
        "title": job.title,
        "customer": job.customer,
        "site_address": job.site_address,
        "currency": job.currency,
        "line_items": job.line_items,
        "notes": job.notes,
    }
    return JobState(
        status=job.status,
        revision=job.revision,
        content=content,
        completed_at=job.completed_at,
        cancelled_at=job.cancelled_at,
    )


class _StateColumns(TypedDict):
    status: JobStatus
    revision: int
    completed_at: datetime | None
    cancelled_at: datetime | None
    title: str
    customer: JsonObject
    customer_name: str
    customer_email: str | None
    site_address: str | None
    currency: str
    line_items: list[JsonObject]
    notes: str | None


def _columns_of(state: JobState) -> _StateColumns:
    content = state.content
    return {
        "status": state.status,
        "revision": state.revision,
        "completed_at": state.completed_at,
        "cancelled_at": state.cancelled_at,
        "title": content["title"],
        "customer": content["customer"],
        "customer_name": content["customer"]["name"],
        "customer_email": content["customer"].get("email"),
        "site_address": content["site_address"],
        "currency": content["currency"],
        "line_items": content["line_items"],
        "notes": content["notes"],
    }


def _new_job(
    business_id: str,
    external_id: str,
    state: JobState,
    *,
    source: str,
    correlation_id: str | None,
    reported_at: datetime,
) -> JobFields:
    job_id = new_id()
    return JobFields(
        job_id=job_id,
        business_id=business_id,
        external_id=external_id,
        source=source,
        # The correlation id follows the job through every service, from its first report.
        correlation_id=correlation_id or job_id,
        reported_at=reported_at,
        **_columns_of(state),
    )


def _payload(job: JobRecord, event_type: OutEvent) -> JobSnapshot | JobCancelled:
    if event_type == "job.cancelled":
        assert job.cancelled_at is not None  # a cancelled job has its time
        return JobCancelled(
            job_id=job.job_id,
            external_id=job.external_id,
            cancelled_at=job.cancelled_at,
            revision=job.revision,
        )
    fields = {
        "job_id": job.job_id,
        "external_id": job.external_id,
        "title": job.title,
        "customer": job.customer,
        "site_address": job.site_address,
        "currency": job.currency,
        "line_items": job.line_items,
        "completed_at": job.completed_at,
        "notes": job.notes,
        "revision": job.revision,
    }
    if event_type == "job.completed":
        return JobCompleted.model_validate(fields)
    return JobUpdated.model_validate(fields | {"status": job.status})
