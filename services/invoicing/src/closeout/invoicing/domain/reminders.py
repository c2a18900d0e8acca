"""When invoices get reminders: a business's reminder schedule, read against an invoice's state.

A schedule lists days relative to the due date (-3 is three days before, 0 the due date, 7 a
week after), optionally repeated every K days after the last step, at most M times; each is
sent at the send hour, business-local. Nothing here keeps timers: given the invoice (its due
date, issue day, the last step already sent) and the time now, `due_reminder` says which step
is due. After downtime that is only the latest due step: a customer never gets a burst.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

MAX_STEPS = 20
STEP_DAYS_RANGE = (-90, 365)
MAX_REPEAT_EVERY_DAYS = 90
MAX_REPEATS = 52


@dataclass(frozen=True)
class ReminderSchedule:
    enabled: bool = False
    steps: tuple[int, ...] = ()  # days from the due date; negative: before it
    repeat_every_days: int | None = None
    repeat_max: int = 0
    send_hour: int = 9

    def days(self) -> list[int]:
        """Every reminder's day from the due date, in order (reminder n is `days()[n - 1]`)."""
        steps = sorted(set(self.steps))
        if not steps or not self.repeat_every_days or not self.repeat_max:
            return steps
        last = steps[-1]
        return steps + [last + self.repeat_every_days * n for n in range(1, self.repeat_max + 1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "steps": list(self.steps),
            "repeat_every_days": self.repeat_every_days,
            "repeat_max": self.repeat_max,
            "send_hour": self.send_hour,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ReminderSchedule:
        """A business that never set a schedule has it off."""
        if not data:
            return OFF
        return cls(
            enabled=bool(data.get("enabled", False)),
            steps=tuple(int(d) for d in data.get("steps", ())),
            repeat_every_days=data.get("repeat_every_days"),
            repeat_max=int(data.get("repeat_max") or 0),
            send_hour=int(data.get("send_hour", 9)),
        )


# A business that never set a schedule: off, with the standard preset's steps to start from.
OFF = ReminderSchedule(enabled=False, steps=(-3, 0, 7, 14), send_hour=9)


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    schedule: ReminderSchedule


PRESETS: tuple[Preset, ...] = (
    Preset(
        "standard",
        "3 days before, on the due date, 7 and 14 days after",
        ReminderSchedule(enabled=True, steps=(-3, 0, 7, 14), send_hour=9),
    ),
    Preset(
        "persistent",
        "On the due date, 7 days after, then every 14 days (at most 4 times)",
        ReminderSchedule(enabled=True, steps=(0, 7), repeat_every_days=14, repeat_max=4),
    ),
    Preset(
        "after_due",
        "1, 7 and 14 days after the due date",
        ReminderSchedule(enabled=True, steps=(1, 7, 14), send_hour=9),
    ),
)


def schedule_problems(schedule: ReminderSchedule) -> list[str]:
    """What is wrong with a schedule an owner asks for (empty when it is valid)."""
    problems = []
    low, high = STEP_DAYS_RANGE
    if len(schedule.steps) > MAX_STEPS:
        problems.append(f"at most {MAX_STEPS} steps")
    if any(not low <= d <= high for d in schedule.steps):
        problems.append(f"each step is between {low} and {high} days from the due date")
    if len(set(schedule.steps)) != len(schedule.steps):
        problems.append("each step's day appears once")
    if schedule.enabled and not schedule.steps:
        problems.append("a schedule that is on needs at least one step")
    if schedule.repeat_every_days is not None and not (
        1 <= schedule.repeat_every_days <= MAX_REPEAT_EVERY_DAYS
    ):
        problems.append(f"repeat_every_days is between 1 and {MAX_REPEAT_EVERY_DAYS}")
    if not 0 <= schedule.repeat_max <= MAX_REPEATS:
        problems.append(f"repeat_max is between 0 and {MAX_REPEATS}")
    if not 0 <= schedule.send_hour <= 23:
        problems.append("send_hour is between 0 and 23")
    return problems


@dataclass(frozen=True)
class DueReminder:
    number: int  # 1-based position in `ReminderSchedule.days()`
    day: int  # days from the due date


def send_at(day: date, send_hour: int, zone: ZoneInfo) -> datetime:
    """The send hour of a business-local day, in UTC. In a DST gap the wall clock moves on
    (02:00 that does not exist is sent at 03:00); in a repeated hour, its first occurrence."""
    local = datetime.combine(day, time(send_hour), tzinfo=zone)
    return local.astimezone(UTC)


def _candidates(
    schedule: ReminderSchedule, due_date: date, issued_on: date | None, last_day: int | None
) -> list[DueReminder]:
    """The schedule's reminders not yet sent, in order. A reminder before or on the due date
    that falls on or before the issue day is left out: the invoice mail itself was that notice
    (a due date on the issue date gets no "due today" reminder)."""
    if not schedule.enabled:
        return []
    found = []
    for number, day in enumerate(schedule.days(), start=1):
        if last_day is not None and day <= last_day:
            continue
        if day <= 0 and issued_on is not None and due_date + timedelta(days=day) <= issued_on:
            continue
        found.append(DueReminder(number, day))
    return found


def due_reminder(
    schedule: ReminderSchedule,
    *,
    due_date: date,
    issued_on: date | None,
    last_day: int | None,
    now: datetime,
    zone: ZoneInfo,
) -> DueReminder | None:
    """The reminder to send now: the latest whose send time has come, None if none has."""
    latest = None
    for reminder in _candidates(schedule, due_date, issued_on, last_day):
        if send_at(due_date + timedelta(days=reminder.day), schedule.send_hour, zone) > now:
            break
        latest = reminder
    return latest


def next_reminder_at(
    schedule: ReminderSchedule,
    *,
    due_date: date,
    issued_on: date | None,
    last_day: int | None,
    zone: ZoneInfo,
) -> datetime | None:
    """When the next reminder not yet sent is due (possibly already), None if none is left."""
    for reminder in _candidates(schedule, due_date, issued_on, last_day):
        return send_at(due_date + timedelta(days=reminder.day), schedule.send_hour, zone)
    return None


def days_overdue(due_date: date, today: date) -> int:
    return (today - due_date).days
