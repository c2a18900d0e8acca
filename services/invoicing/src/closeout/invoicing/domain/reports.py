"""The overview report's calendar: aging buckets, months and the weeks of the cash chart.

Days and weeks are the business's (its time zone); a week starts on Monday."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
CHART_WEEKS = 12
# Upper bounds (days past due) of every bucket but the last; `current` is "not yet due".
_BOUNDS = ((0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90"))


def aging_bucket(days_past_due: int) -> str:
    for bound, bucket in _BOUNDS:
        if days_past_due <= bound:
            return bucket
    return "90+"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Calendar:
    """The periods a report on `today` covers."""

    today: date

    @property
    def this_month(self) -> date:
        return self.today.replace(day=1)

    @property
    def last_month(self) -> date:
        return (self.this_month - timedelta(days=1)).replace(day=1)

    @property
    def weeks(self) -> list[date]:
        """The Mondays of the chart's weeks, oldest first; the last is this week."""
        current = week_start(self.today)
        return [current - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]

    @property
    def since(self) -> date:
        """The first day whose collections the report needs."""
        return min(self.weeks[0], self.last_month)


@dataclass
class Collected:
    """Net cash collected (payments less refunds) in one currency, by period."""

    this_month: int = 0
    last_month: int = 0
    by_week: dict[date, int] = field(default_factory=dict)


def collected(calendar: Calendar, daily: Iterable[tuple[date, int]]) -> Collected:
    """Sum daily net amounts into this month, last month and the chart's weeks."""
    result = Collected(by_week=dict.fromkeys(calendar.weeks, 0))
    for day, amount in daily:
        if day > calendar.today:
            continue
        if day >= calendar.this_month:
            result.this_month += amount
        elif day >= calendar.last_month:
            result.last_month += amount
        week = week_start(day)
        if week in result.by_week:
            result.by_week[week] += amount
    return result
