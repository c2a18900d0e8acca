"""Status derivation, allowed commands, numbering, reminders, rate limiting (pure)."""

import itertools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from closeout.invoicing.api.ratelimit import TokenBuckets
from closeout.invoicing.domain.numbering import format_number
from closeout.invoicing.domain.reminders import ReminderSchedule, due_reminder
from closeout.invoicing.domain.status import (
    Facts,
    InvalidTransitionError,
    amount_due,
    derive_status,
    ensure_allowed,
)


def facts(**changes: object) -> Facts:
    base: dict[str, object] = {
        "issued": True,
        "voided": False,
        "uncollectible": False,
        "past_due": False,
        "total": 10000,
        "paid": 0,
        "refunded": 0,
        "open_dispute": False,
    }
    return Facts(**(base | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"issued": False}, "draft"),
        ({}, "open"),
        ({"past_due": True}, "overdue"),
        ({"paid": 4000}, "partially_paid"),
        ({"paid": 4000, "past_due": True}, "partially_paid"),
        ({"paid": 10000}, "paid"),
        ({"paid": 12000}, "paid"),
        ({"paid": 10000, "refunded": 3000}, "partially_refunded"),
        ({"paid": 5000, "refunded": 1000}, "partially_refunded"),
        ({"paid": 10000, "refunded": 10000}, "refunded"),
        ({"paid": 12000, "refunded": 2000}, "paid"),
        ({"paid": 5000, "refunded": 1000, "uncollectible": True}, "uncollectible"),
        ({"paid": 10000, "open_dispute": True}, "disputed"),
        ({"voided": True}, "void"),
        ({"voided": True, "issued": False}, "void"),
        ({"uncollectible": True}, "uncollectible"),
        ({"uncollectible": True, "paid": 10000}, "paid"),
    ],
)
def test_status_is_derived_from_facts(changes: dict[str, object], expected: str) -> None:
    assert derive_status(facts(**changes)) == expected


def test_amount_due_never_negative_and_zero_when_closed() -> None:
    assert amount_due("partially_paid", facts(paid=4000)) == 6000
    assert amount_due("paid", facts(paid=12000)) == 0
    assert amount_due("void", facts(voided=True)) == 0


@pytest.mark.parametrize(
    ("paid", "refunded", "due"),
    [(5000, 1000, 6000), (10000, 3000, 3000), (10000, 10000, 10000), (12000, 2000, 0)],
)
def test_amount_due_is_the_total_less_net_paid_after_refunds(
    paid: int, refunded: int, due: int
) -> None:
    """A refund gives money back: what net payments no longer cover is due again."""
    refund = facts(paid=paid, refunded=refunded)
    assert amount_due(derive_status(refund), refund) == due


def test_refunded_invoices_can_be_paid_voided_or_written_off() -> None:
    for status in ("partially_refunded", "refunded"):
        for command in ("pay", "claim", "resend", "mark_uncollectible"):
            ensure_allowed(command, status)
    ensure_allowed("void", "refunded")
    with pytest.raises(InvalidTransitionError, match="cannot void an invoice that is partially"):
        ensure_allowed("void", "partially_refunded")  # money is kept: refund it or write off


def test_commands_refused_outside_their_statuses() -> None:
    ensure_allowed("issue", "draft")
    for status in ("open", "paid", "void", "overdue"):
        with pytest.raises(InvalidTransitionError, match="cannot issue"):
            ensure_allowed("issue", status)
    with pytest.raises(InvalidTransitionError, match="cannot void an invoice that is paid"):
        ensure_allowed("void", "paid")
    with pytest.raises(InvalidTransitionError):
        ensure_allowed("void", "partially_paid")
    with pytest.raises(InvalidTransitionError):
        ensure_allowed("claim", "paid")


def test_payment_facts_in_any_order_give_one_status() -> None:
    amounts = [("paid", 6000), ("paid", 4000), ("refunded", 2000)]
    outcomes = set()
    for order in itertools.permutations(amounts):
        totals = {"paid": 0, "refunded": 0}
        for kind, amount in order:
            totals[kind] += amount
        outcomes.add(derive_status(facts(**totals)))
    assert outcomes == {"partially_refunded"}


def test_number_format() -> None:
    assert format_number("INV", 2026, 123) == "INV-2026-000123"


def test_reminders_once_each_and_latest_only_after_downtime() -> None:
    schedule = ReminderSchedule(enabled=True, steps=(1, 7, 14), send_hour=0)
    due, utc = date(2026, 1, 10), ZoneInfo("UTC")

    def number(day: date, last_day: int | None) -> int | None:
        now = datetime.combine(day, time(12), tzinfo=UTC)
        found = due_reminder(
            schedule, due_date=due, issued_on=date(2026, 1, 1), last_day=last_day, now=now, zone=utc
        )
        return found.number if found else None

    assert number(date(2026, 1, 10), None) is None
    assert number(date(2026, 1, 11), None) == 1
    assert number(date(2026, 1, 12), 1) is None
    assert number(date(2026, 1, 17), 1) == 2
    assert number(date(2026, 2, 28), None) == 3
    assert number(date(2026, 2, 28), 14) is None


def test_token_bucket_refuses_a_burst_and_refills() -> None:
    buckets = TokenBuckets(per_minute=60, burst=3)
    assert [buckets.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("b", now=0.0)
    assert buckets.allow("a", now=1.0)
