"""Recurring invoice schedules: which business-local dates are periods, and which are due.

Period n (0-based) of a schedule is its n-th date from the start date: monthly keeps the start
date's day of the month (Jan 31 gives Feb 28, then Mar 31), weekly and every N days count days,
an RRULE (RFC 5545, daily or coarser) lists its own. An end date (inclusive) or a count of
periods bounds it. A period's invoice is due from the start of its date, business-local.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Literal

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

Frequency = Literal["monthly", "weekly", "every_n_days", "rrule"]
RecurringStatus = Literal["active", "paused", "ended"]
MAX_COUNT = 1000
MAX_INTERVAL_DAYS = 366
MAX_BACKDATE_DAYS = 366
_COARSE_ENOUGH = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


@dataclass(frozen=True)
class Recurrence:
    frequency: Frequency
    start_date: date
    interval_days: int | None = None
    rule: str | None = None
    end_date: date | None = None
    count: int | None = None


def recurrence_problems(r: Recurrence, today: date) -> list[str]:
    """What is wrong with a recurrence an owner asks for (empty when it is valid)."""
    problems = []
    if r.frequency == "every_n_days":
        if r.interval_days is None or not 1 <= r.interval_days <= MAX_INTERVAL_DAYS:
            problems.append(f"every_n_days needs interval_days between 1 and {MAX_INTERVAL_DAYS}")
    elif r.interval_days is not None:
        problems.append("interval_days is only for every_n_days")
    if r.frequency == "rrule":
        if not r.rule:
            problems.append("frequency rrule needs rrule")
        else:
            problems += _rule_problems(r.rule, r.start_date)
    elif r.rule is not None:
        problems.append("rrule is only for frequency rrule")
    if r.end_date is not None and r.end_date < r.start_date:
        problems.append("end_date is on or after start_date")
    if r.count is not None and not 1 <= r.count <= MAX_COUNT:
        problems.append(f"count is between 1 and {MAX_COUNT}")
    if r.start_date < today - timedelta(days=MAX_BACKDATE_DAYS):
        problems.append(f"start_date is at most {MAX_BACKDATE_DAYS} days ago")
    if not problems and period_date(r, 0) is None:
        problems.append("the schedule has no period at all")
    return problems


def _rule_problems(rule: str, start: date) -> list[str]:
    try:
        _parse(rule, start)
    except (ValueError, TypeError) as exc:
        return [f"rrule is not a valid RFC 5545 rule: {exc}"]
    frequency = re.search(r"FREQ=([A-Z]+)", rule.upper())
    if frequency is None or frequency.group(1) not in _COARSE_ENOUGH:
        return ["rrule repeats daily at the finest (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)"]
    return []


def _parse(rule: str, start: date) -> rrule:
    text = rule.removeprefix("RRULE:")
    if "DTSTART" in text.upper():
        raise ValueError("the start is start_date, not DTSTART")
    parsed = rrulestr(text, dtstart=datetime.combine(start, time()))
    if not isinstance(parsed, rrule):
        raise ValueError("one rule only")
    return parsed


def period_date(r: Recurrence, n: int) -> date | None:
    """The date of period n (0-based), None if the schedule has ended before it."""
    if n < 0 or (r.count is not None and n >= r.count):
        return None
    found = _nth(r, n)
    if found is None or (r.end_date is not None and found > r.end_date):
        return None
    return found


def _nth(r: Recurrence, n: int) -> date | None:
    if r.frequency == "monthly":
        return r.start_date + relativedelta(months=n)
    if r.frequency == "weekly":
        return r.start_date + timedelta(weeks=n)
    if r.frequency == "every_n_days":
        return r.start_date + timedelta(days=(r.interval_days or 1) * n)
    assert r.rule is not None
    found = next(islice(_parse(r.rule, r.start_date), n, n + 1), None)
    return found.date() if found is not None else None


def upcoming(r: Recurrence, first: int, how_many: int) -> list[date]:
    """The dates of periods first, first + 1, ... (at most how_many; fewer if it ends)."""
    dates = []
    for n in range(first, first + how_many):
        found = period_date(r, n)
        if found is None:
            break
        dates.append(found)
    return dates


def first_period_on_or_after(r: Recurrence, day: date, start: int = 0) -> int:
    """The index of the first period dated `day` or later (past the last one if none is)."""
    n = start
    while (found := period_date(r, n)) is not None and found < day:
        n += 1
    return n
