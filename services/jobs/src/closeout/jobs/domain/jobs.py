"""The job lifecycle: what a platform's report does to a job and which event it emits.

A job is `open`, `completed` or `cancelled`. Reports carry the whole record; a report that
changes nothing emits nothing, and a report older than the newest one applied changes no
record, so resending (REST retries, redelivered, late or replayed events) is always safe.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, TypedDict

from closeout.shared.contracts.jobs import InboundJob
from closeout.shared.errors import ConflictError

JobStatus = Literal["open", "completed", "cancelled"]
Action = Literal["report", "complete", "cancel"]
OutEvent = Literal["job.completed", "job.updated", "job.cancelled"]

ACTION_OF_INBOUND: dict[str, Action] = {
    "job.created": "report",
    "job.updated": "report",
    "job.completed": "complete",
    "job.cancelled": "cancel",
}


class JobConflictError(ConflictError):
    """The report contradicts the job's state (e.g. completing a cancelled job)."""


JsonObject = dict[str, Any]
"""A JSON object as stored (a customer, a line item)."""


class Content(TypedDict):
    """The job record a platform reports, in canonical JSON form (equal records compare equal)."""

    title: str
    customer: JsonObject
    site_address: str | None
    currency: str
    line_items: list[JsonObject]
    notes: str | None


def _decimal_text(value: Decimal) -> str:
    # "3", "3.0" and "3.000" are the same quantity: compare and store them alike.
    text = format(value.normalize(), "f")
    return text


def content_of(job: InboundJob) -> Content:
    """The reported record in a canonical JSON form (so equal records compare equal)."""
    lines: list[JsonObject] = []
    for item in job.line_items:
        line = item.model_dump(mode="json")
        line["quantity"] = _decimal_text(item.quantity)
        line["tax_rate"] = _decimal_text(item.tax_rate)
        lines.append(line)
    return {
        "title": job.title,
        "customer": job.customer.model_dump(mode="json", exclude_none=True),
        "site_address": job.site_address,
        "currency": job.currency,
        "line_items": lines,
        "notes": job.notes,
    }


@dataclass(frozen=True)
class JobState:
    status: JobStatus
    revision: int
    content: Content
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class Decision:
    state: JobState
    changed: bool
    emit: OutEvent | None


def _unchanged(state: JobState) -> Decision:
    return Decision(state, changed=False, emit=None)


def _changed(state: JobState, emit: OutEvent | None) -> Decision:
    return Decision(state, changed=True, emit=emit)


def decide(
    current: JobState | None,
    action: Action,
    content: Content,
    *,
    completed_at: datetime | None,
    now: datetime,
    stale: bool = False,
) -> Decision:
    """Apply one report (`content` is the full record) to the job's current state.

    A `stale` report is older than one already applied (a replay, or a copy arriving late):
    its action still counts (a job is completed or cancelled once), but its record never
    overwrites the newer one."""
    if stale and current is not None:
        content = current.content
        if current.completed_at is not None:
            completed_at = None
    if current is None:
        return _first_report(action, content, completed_at=completed_at, now=now)
    if current.status == "cancelled":
        return _after_cancel(current, action, content)
    if action == "cancel":
        state = replace(
            current, status="cancelled", cancelled_at=now, revision=current.revision + 1
        )
        return _changed(state, "job.cancelled")
    if current.status == "open":
        if action == "complete":
            state = JobState("completed", current.revision + 1, content, completed_at or now)
            return _changed(state, "job.completed")
        if content == current.content:
            return _unchanged(current)
        return _changed(
            replace(current, content=content, revision=current.revision + 1), "job.updated"
        )
    # Completed: only a change of the record matters; the invoicing side decides what it means.
    new_completed_at = completed_at or current.completed_at
    if content == current.content and new_completed_at == current.completed_at:
        return _unchanged(current)
    state = replace(
        current, content=content, completed_at=new_completed_at, revision=current.revision + 1
    )
    return _changed(state, "job.updated")


def _first_report(
    action: Action, content: Content, *, completed_at: datetime | None, now: datetime
) -> Decision:
    if action == "complete":
        return _changed(JobState("completed", 1, content, completed_at or now), "job.completed")
    if action == "cancel":
        return _changed(JobState("cancelled", 1, content, cancelled_at=now), "job.cancelled")
    return _changed(JobState("open", 1, content), None)


def _after_cancel(current: JobState, action: Action, content: Content) -> Decision:
    if action == "cancel" or (action == "report" and content == current.content):
        return _unchanged(current)  # a resend or a late copy of an earlier report
    verb = "complete" if action == "complete" else "change"
    raise JobConflictError(f"job is cancelled; cannot {verb} it")
