"""What an admin reviews on a flagged invoice: the invoiced lines against the job as it is now.

An issued invoice is never rewritten from the job. The admin sees the change and either keeps
the invoice (`review-done`) or voids it (when nothing was paid). Voiding does not re-bill the
job: one invoice per job, so a replacement is an admin's own decision, outside this flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError

from closeout.invoicing.domain.pricing import PricedLine, price_lines
from closeout.invoicing.domain.status import ALLOWED
from closeout.invoicing.storage.records import Invoice, TimelineRecord
from closeout.shared.contracts.jobs import JobSnapshot

Cause = Literal["job_changed", "job_cancelled", "other"]
JOB_FACTS: frozenset[str] = frozenset({"job_changed", "job_cancelled"})
# Rows after which an earlier job fact is settled (reviewed, or reflected by issuing/voiding).
SETTLED: frozenset[str] = frozenset({"review_done", "issued", "voided"})


@dataclass(frozen=True)
class Priced:
    lines: list[PricedLine]
    subtotal: int
    tax_total: int
    total: int


@dataclass(frozen=True)
class PendingReview:
    reason: str
    cause: Cause
    flagged_at: datetime | None
    job_revision: int | None
    cancelled_at: datetime | None
    invoiced: Priced
    job_now: Priced | None  # the job's current lines priced like the invoice; None if cancelled
    total_difference: int | None
    can_void: bool


def pending_review(invoice: Invoice, timeline: list[TimelineRecord]) -> PendingReview | None:
    """The open review of `invoice` from its timeline (rows in order), or None if not flagged."""
    if not invoice.needs_review:
        return None
    fact: TimelineRecord | None = None
    for row in timeline:
        if row.kind in SETTLED:
            fact = None
        elif row.kind in JOB_FACTS:
            fact = row
    invoiced = Priced(invoice.lines, invoice.subtotal, invoice.tax_total, invoice.total)
    data: dict[str, Any] = (fact.data if fact else None) or {}
    job_now = _job_now(data, invoice.tax_mode) if fact and fact.kind == "job_changed" else None
    cancelled_at = data.get("cancelled_at")
    cause: Cause = "other"
    if fact is not None:  # one of JOB_FACTS
        cause = "job_changed" if fact.kind == "job_changed" else "job_cancelled"
    return PendingReview(
        reason=invoice.review_reason or "review needed",
        cause=cause,
        flagged_at=fact.at if fact else None,
        job_revision=data.get("revision"),
        cancelled_at=datetime.fromisoformat(cancelled_at) if cancelled_at else None,
        invoiced=invoiced,
        job_now=job_now,
        total_difference=job_now.total - invoice.total if job_now else None,
        can_void=invoice.status in ALLOWED["void"],
    )


def _job_now(data: dict[str, Any], tax_mode: str) -> Priced | None:
    try:
        job = JobSnapshot.model_validate(data.get("job"))
    except ValidationError:
        return None
    lines, totals = price_lines(job.line_items, tax_mode)
    return Priced(lines, totals.subtotal, totals.tax_total, totals.total)
