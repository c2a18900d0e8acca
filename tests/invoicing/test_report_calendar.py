"""The overview report's calendar: aging buckets by days past due, months and the weeks of the
cash chart (unit)."""

from __future__ import annotations

from datetime import date

import pytest

from closeout.invoicing.domain.reports import Calendar, aging_bucket, collected

TODAY = date(2026, 11, 30)  # a Monday


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "current"),
        (0, "current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_aging_buckets_count_days_past_due(days: int, bucket: str) -> None:
    assert aging_bucket(days) == bucket


def test_collections_fall_into_months_and_monday_weeks() -> None:
    calendar = Calendar(date(2026, 12, 2))  # a Wednesday
    assert calendar.weeks[-1] == TODAY
    assert len(calendar.weeks) == 12
    assert calendar.weeks[0] == date(2026, 9, 14)
    assert (calendar.this_month, calendar.last_month) == (date(2026, 12, 1), date(2026, 11, 1))
    sums = collected(
        calendar,
        [
            (date(2026, 12, 1), 100),  # this month, this week
            (date(2026, 11, 29), 50),  # last month, the week before (a Sunday)
            (date(2026, 11, 30), -20),  # a refund: last month, this week
            (date(2026, 9, 13), 7),  # before the chart, not in either month
            (date(2026, 12, 3), 1000),  # after today: not counted
        ],
    )
    assert (sums.this_month, sums.last_month) == (100, 30)
    assert sums.by_week[TODAY] == 80
    assert sums.by_week[date(2026, 11, 23)] == 50
    assert sum(sums.by_week.values()) == 130
