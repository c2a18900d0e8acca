"""Pure rules: the job lifecycle decisions and the billing mirror's ordering (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeout.jobs.domain.billing import billing_status, snapshot_wins
from closeout.jobs.domain.jobs import JobConflictError, JobState, content_of, decide
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.contracts.jobs import InboundJob

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def job(quantity: str = "3", title: str = "Fix tap") -> InboundJob:
    return InboundJob(
        external_id="J-1",
        title=title,
        customer=Customer(name="Dana"),
        currency="AUD",
        line_items=[LineItem(description="Labour", quantity=Decimal(quantity), unit_amount=100)],
    )


def test_equal_quantities_written_differently_are_the_same_record() -> None:
    assert content_of(job("3")) == content_of(job("3.000"))
    assert content_of(job("100"))["line_items"][0]["quantity"] == "100"
    assert content_of(job("3")) != content_of(job("3.5"))


def test_first_reports() -> None:
    content = content_of(job())
    assert decide(None, "report", content, completed_at=None, now=NOW).emit is None
    completed = decide(None, "complete", content, completed_at=None, now=NOW)
    assert (completed.emit, completed.state.completed_at, completed.state.revision) == (
        "job.completed",
        NOW,
        1,
    )
    assert decide(None, "cancel", content, completed_at=None, now=NOW).emit == "job.cancelled"


def test_completed_job_changes_emit_updated_and_resends_emit_nothing() -> None:
    content = content_of(job())
    state = JobState("completed", 1, content, NOW)
    resend = decide(state, "complete", content, completed_at=NOW, now=NOW)
    assert (resend.changed, resend.emit) == (False, None)
    changed = decide(state, "complete", content_of(job("4")), completed_at=NOW, now=NOW)
    assert (changed.emit, changed.state.revision, changed.state.status) == (
        "job.updated",
        2,
        "completed",
    )
    report = decide(state, "report", content_of(job(title="Other")), completed_at=None, now=NOW)
    assert (report.emit, report.state.completed_at) == ("job.updated", NOW)


def test_open_job_update_then_complete() -> None:
    state = JobState("open", 1, content_of(job()))
    assert decide(state, "report", state.content, completed_at=None, now=NOW).emit is None
    updated = decide(state, "report", content_of(job("2")), completed_at=None, now=NOW)
    assert updated.emit == "job.updated"
    done = decide(updated.state, "complete", updated.state.content, completed_at=None, now=NOW)
    assert (done.emit, done.state.revision) == ("job.completed", 3)


def test_cancelled_is_final() -> None:
    state = JobState("cancelled", 2, content_of(job()), cancelled_at=NOW)
    assert decide(state, "cancel", state.content, completed_at=None, now=NOW).emit is None
    assert decide(state, "report", state.content, completed_at=None, now=NOW).changed is False
    with pytest.raises(JobConflictError, match="cannot complete"):
        decide(state, "complete", state.content, completed_at=None, now=NOW)
    with pytest.raises(JobConflictError, match="cannot change"):
        decide(state, "report", content_of(job("9")), completed_at=None, now=NOW)


@pytest.mark.parametrize(
    ("invoice_status", "viewed", "expected"),
    [
        (None, False, "unbilled"),
        ("draft", True, "invoiced"),
        ("open", False, "sent"),
        ("open", True, "viewed"),
        ("overdue", True, "overdue"),
        ("partially_paid", False, "partially_paid"),
        ("paid", True, "paid"),
        ("void", False, "void"),
        ("refunded", False, "refunded"),
        ("partially_refunded", False, "partially_refunded"),
        ("disputed", False, "disputed"),
        ("uncollectible", False, "uncollectible"),
    ],
)
def test_billing_status(invoice_status: str | None, viewed: bool, expected: str) -> None:
    assert billing_status(invoice_status, viewed=viewed) == expected


def test_another_invoice_replaces_only_a_voided_one() -> None:
    def wins(stored_status: str, status: str) -> bool:
        return snapshot_wins(
            stored_invoice_id="a",
            stored_status=stored_status,
            stored_version=5,
            invoice_id="b",
            status=status,
            version=1,
        )

    assert wins("void", "draft")
    assert not wins("paid", "draft")
    assert not wins("void", "void")


@given(st.permutations(list(range(1, 8))))
def test_any_delivery_order_ends_on_the_newest_snapshot(versions: list[int]) -> None:
    stored: int | None = None
    for version in versions:
        if snapshot_wins(
            stored_invoice_id=None if stored is None else "inv",
            stored_status="open",
            stored_version=stored,
            invoice_id="inv",
            status="open",
            version=version,
        ):
            stored = version
    assert stored == 7
