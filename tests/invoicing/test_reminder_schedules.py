"""Reminder schedules per business, derived from state and run with an injected clock (time
travel): steps before, on and after the due date; after an outage one reminder (the latest
due step); never twice, also with two schedulers; nothing before the send hour; paused, paid
and voided invoices get none; time zones and DST; a due date on the issue date."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from closeout.invoicing.domain.reminders import (
    PRESETS,
    ReminderSchedule,
    due_reminder,
    next_reminder_at,
    schedule_problems,
    send_at,
)
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once
from closeout.shared.capability_links import DEV_LINK_SECRET
from support.invoicing import Harness, configure_business, issued_invoice, turn_on_reminders
from support.services import runtime_of

LINKER = Linker("http://invoices.test", DEV_LINK_SECRET)
SYDNEY = ZoneInfo("Australia/Sydney")
NEW_YORK = ZoneInfo("America/New_York")
STANDARD = ReminderSchedule(enabled=True, steps=(-3, 0, 7, 14), send_hour=9)


def at(day: date, hour: int, zone: ZoneInfo, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


# The rules (pure)


def test_the_latest_due_step_only_and_none_before_the_send_hour() -> None:
    due = date(2026, 6, 20)

    def due_now(now: datetime, last_day: int | None = None) -> tuple[int, int] | None:
        found = due_reminder(
            STANDARD, due_date=due, issued_on=date(2026, 6, 1), last_day=last_day, now=now,
            zone=SYDNEY,
        )  # fmt: skip
        return (found.number, found.day) if found else None

    assert due_now(at(date(2026, 6, 17), 8, SYDNEY, 59)) is None  # 3 days before, 08:59
    assert due_now(at(date(2026, 6, 17), 9, SYDNEY)) == (1, -3)
    assert due_now(at(date(2026, 6, 20), 10, SYDNEY), last_day=-3) == (2, 0)
    # Down from before the due date until 8 days after: one reminder, the latest due step.
    assert due_now(at(date(2026, 6, 28), 10, SYDNEY), last_day=-3) == (3, 7)
    assert due_now(at(date(2026, 6, 28), 10, SYDNEY), last_day=7) is None


def test_repeats_after_the_last_step_at_most_m_times() -> None:
    schedule = ReminderSchedule(enabled=True, steps=(0, 7), repeat_every_days=14, repeat_max=2)
    assert schedule.days() == [0, 7, 21, 35]
    due, utc = date(2026, 1, 1), ZoneInfo("UTC")
    last = due_reminder(
        schedule, due_date=due, issued_on=None, last_day=21, now=at(date(2026, 12, 1), 12, utc),
        zone=utc,
    )  # fmt: skip
    assert last is not None
    assert (last.number, last.day) == (4, 35)
    assert next_reminder_at(schedule, due_date=due, issued_on=None, last_day=35, zone=utc) is None


def test_a_due_date_on_the_issue_date_gets_no_before_or_on_due_reminder() -> None:
    day = date(2026, 3, 2)
    common: dict[str, Any] = {"due_date": day, "issued_on": day, "last_day": None, "zone": SYDNEY}
    assert due_reminder(STANDARD, now=at(day, 23, SYDNEY), **common) is None
    assert next_reminder_at(STANDARD, **common) == at(day + timedelta(days=7), 9, SYDNEY)
    # Issued two days before its due date: "3 days before" is skipped, "on the due date" is not.
    early = common | {"issued_on": day - timedelta(days=2)}
    assert next_reminder_at(STANDARD, **early) == at(day, 9, SYDNEY)


def test_the_send_hour_is_local_across_dst() -> None:
    # New York moves its clocks forward on 2026-03-08: 09:00 local is 14:00 UTC, then 13:00.
    assert send_at(date(2026, 3, 7), 9, NEW_YORK) == datetime(2026, 3, 7, 14, tzinfo=UTC)
    assert send_at(date(2026, 3, 8), 9, NEW_YORK) == datetime(2026, 3, 8, 13, tzinfo=UTC)
    # 02:00 does not exist that day: the wall clock has moved on to 03:00 (07:00 UTC).
    assert send_at(date(2026, 3, 8), 2, NEW_YORK) == datetime(2026, 3, 8, 7, tzinfo=UTC)
    # Sydney moves back on 2026-04-05: 09:00 AEDT (22:00 UTC) then 09:00 AEST (23:00 UTC).
    assert send_at(date(2026, 4, 4), 9, SYDNEY) == datetime(2026, 4, 3, 22, tzinfo=UTC)
    assert send_at(date(2026, 4, 5), 9, SYDNEY) == datetime(2026, 4, 4, 23, tzinfo=UTC)


def test_off_by_default_presets_valid_and_bad_schedules_named() -> None:
    assert ReminderSchedule.from_json(None).enabled is False
    assert all(schedule_problems(p.schedule) == [] for p in PRESETS)
    assert schedule_problems(ReminderSchedule(enabled=True)) == [
        "a schedule that is on needs at least one step"
    ]
    assert schedule_problems(ReminderSchedule(steps=(3, 3), repeat_max=2)) == [
        "each step's day appears once"
    ]
    # A repeat needs both its interval and its count; either alone repeats nothing.
    assert ReminderSchedule(enabled=True, steps=(1,), repeat_every_days=7).days() == [1]
    assert ReminderSchedule(enabled=True, steps=(1,), repeat_max=3).days() == [1]


# Through the scheduler, with time travel


async def _invoice(harness: Harness, timezone: str = "Australia/Sydney") -> tuple[str, date]:
    """An issued invoice of a business in `timezone`, and its local issue day."""
    await configure_business(harness, timezone=timezone)
    invoice = await issued_invoice(harness)
    issued_on = invoice["issued_at"].astimezone(ZoneInfo(timezone)).date()
    return invoice["invoice_id"], issued_on


async def _due_on(harness: Harness, invoice_id: str, due: date) -> None:
    await harness.sql(
        "UPDATE invoices SET due_date = :d, next_action_at = now() WHERE invoice_id = :i"
        " RETURNING 1",
        d=due,
        i=invoice_id,
    )


async def _pass(harness: Harness, now: datetime) -> list[tuple[str, int]]:
    result = await run_once(runtime_of(harness.app).sessionmaker, LINKER, now=now)
    return result.reminders


async def _reminder_events(harness: Harness, invoice_id: str) -> list[tuple[str, Any]]:
    events = []
    for kind in ("invoice.overdue", "invoice.reminder_due"):
        for event in await harness.outbox_events(invoice_id, kind):
            events.append((kind, event["data"].get("reminder_number")))
    return events


async def test_off_for_a_new_business_overdue_without_a_reminder(harness: Harness) -> None:
    invoice_id, issued_on = await _invoice(harness)
    schedule = (
        await harness.client.get("/v1/business/reminder-schedule", headers=harness.admin_headers())
    ).json()
    assert (schedule["enabled"], schedule["steps"]) == (False, [-3, 0, 7, 14])
    assert {"standard", "persistent", "after_due"} <= {p["name"] for p in schedule["presets"]}
    assert schedule["timezone"] == "Australia/Sydney"
    due = issued_on + timedelta(days=5)
    await _due_on(harness, invoice_id, due)
    assert await _pass(harness, at(due + timedelta(days=30), 12, SYDNEY)) == []
    assert await _reminder_events(harness, invoice_id) == [("invoice.overdue", None)]
    assert (await harness.invoice(invoice_id))["status"] == "overdue"


async def test_outage_catch_up_send_hour_and_each_step_once(harness: Harness) -> None:
    invoice_id, issued_on = await _invoice(harness)
    await turn_on_reminders(harness, steps=[-3, 0, 7, 14], send_hour=9)
    due = issued_on + timedelta(days=10)
    await _due_on(harness, invoice_id, due)

    assert await _pass(harness, at(due - timedelta(days=3), 8, SYDNEY, 59)) == []
    assert await _pass(harness, at(due - timedelta(days=3), 9, SYDNEY)) == [(invoice_id, 1)]
    assert await _pass(harness, at(due - timedelta(days=3), 20, SYDNEY)) == []
    # The scheduler is down from before the due date until 8 days after it: one reminder (the
    # step 7 days after), carried by the overdue notice; not the on-due step as well.
    assert await _pass(harness, at(due + timedelta(days=8), 10, SYDNEY)) == [(invoice_id, 3)]
    assert await _pass(harness, at(due + timedelta(days=8), 11, SYDNEY)) == []
    assert await _pass(harness, at(due + timedelta(days=14), 8, SYDNEY)) == []
    assert await _pass(harness, at(due + timedelta(days=14), 9, SYDNEY)) == [(invoice_id, 4)]
    assert await _pass(harness, at(due + timedelta(days=60), 9, SYDNEY)) == []

    assert await _reminder_events(harness, invoice_id) == [
        ("invoice.overdue", 3),
        ("invoice.reminder_due", 1),
        ("invoice.reminder_due", 4),
    ]
    [early] = (await harness.outbox_events(invoice_id, "invoice.reminder_due"))[:1]
    assert early["data"]["days_overdue"] == -3
    assert (await harness.invoice(invoice_id))["next_action_at"] is None


async def test_two_schedulers_send_each_reminder_once(harness: Harness) -> None:
    invoice_id, issued_on = await _invoice(harness)
    await turn_on_reminders(harness, steps=[0, 7], send_hour=9)
    due = issued_on + timedelta(days=3)
    await _due_on(harness, invoice_id, due)
    now = at(due, 9, SYDNEY, 30)
    sessionmaker = runtime_of(harness.app).sessionmaker
    first, second = await asyncio.gather(
        run_once(sessionmaker, LINKER, now=now), run_once(sessionmaker, LINKER, now=now)
    )
    assert first.reminders + second.reminders == [(invoice_id, 1)]
    # Even if the invoice forgot what it was sent, the step's row keeps it from going twice.
    await harness.sql(
        "UPDATE invoices SET last_reminder_day = NULL, next_action_at = now()"
        " WHERE invoice_id = :i RETURNING 1",
        i=invoice_id,
    )
    assert await _pass(harness, now + timedelta(hours=1)) == []
    assert await _reminder_events(harness, invoice_id) == [("invoice.reminder_due", 1)]
    assert (await harness.invoice(invoice_id))["last_reminder_day"] == 0


async def test_paused_voided_and_time_zones(harness: Harness) -> None:
    invoice_id, issued_on = await _invoice(harness, timezone="America/New_York")
    await turn_on_reminders(harness, steps=[1], repeat_every_days=7, repeat_max=3, send_hour=9)
    due = issued_on + timedelta(days=2)
    await _due_on(harness, invoice_id, due)
    headers = harness.admin_headers()

    paused = await harness.client.post(
        f"/v1/invoices/{invoice_id}/reminders/pause", headers=headers
    )
    assert paused.status_code == 200, paused.text
    assert paused.json()["reminders_paused"] is True
    # Paused: overdue marking still happens, reminders do not.
    assert await _pass(harness, at(due + timedelta(days=9), 10, NEW_YORK)) == []
    assert await _reminder_events(harness, invoice_id) == [("invoice.overdue", None)]

    resumed = await harness.client.post(
        f"/v1/invoices/{invoice_id}/reminders/resume", headers=headers
    )
    assert resumed.json()["reminders_paused"] is False
    # Resumed 9 days after due: the latest step due (the first repeat, day 8), once; the next
    # at 09:00 New York time 15 days after due, not a minute before.
    assert await _pass(harness, at(due + timedelta(days=9), 10, NEW_YORK)) == [(invoice_id, 2)]
    assert await _pass(harness, at(due + timedelta(days=9), 11, NEW_YORK)) == []
    assert await _pass(harness, at(due + timedelta(days=15), 8, NEW_YORK, 59)) == []
    assert await _pass(harness, at(due + timedelta(days=15), 9, NEW_YORK)) == [(invoice_id, 3)]

    timeline = (await harness.client.get(f"/v1/invoices/{invoice_id}", headers=headers)).json()
    kinds = [t["kind"] for t in timeline["timeline"]]
    assert "reminders_paused" in kinds
    assert "reminders_resumed" in kinds

    void = await harness.client.post(
        f"/v1/invoices/{invoice_id}/void", json={"reason": "sent twice"}, headers=headers
    )
    assert void.status_code == 200, void.text
    await harness.sql(
        "UPDATE invoices SET next_action_at = now() WHERE invoice_id = :i RETURNING 1",
        i=invoice_id,
    )
    assert await _pass(harness, at(due + timedelta(days=40), 10, NEW_YORK)) == []
    assert len(await _reminder_events(harness, invoice_id)) == 3


async def test_schedule_validation_is_a_422_with_field_errors(harness: Harness) -> None:
    await configure_business(harness)
    headers = harness.admin_headers()
    bad = await harness.client.put(
        "/v1/business/reminder-schedule",
        json={"enabled": True, "steps": [1, 1], "send_hour": 24},
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    fields = {tuple(e["loc"])[-1] for e in bad.json()["errors"]}
    assert "send_hour" in fields
    repeat = await harness.client.put(
        "/v1/business/reminder-schedule",
        json={"enabled": True, "steps": [1, 1], "send_hour": 9},
        headers=headers,
    )
    assert repeat.status_code == 422
    assert "each step's day appears once" in repeat.text
    ok = await turn_on_reminders(harness, steps=[-3, 0], send_hour=8)
    assert (ok["enabled"], ok["steps"], ok["send_hour"]) == (True, [-3, 0], 8)
    missing = await harness.client.post("/v1/invoices/nope/reminders/pause", headers=headers)
    assert missing.status_code == 404


def test_schedule_numbers_are_json_integers() -> None:
    """Issue 17: `false` is not an hour (the OpenAPI says integer), "no" not a boolean; 9.0 is
    an hour."""
    import pytest
    from pydantic import ValidationError

    from closeout.invoicing.api.schedule_schemas import ReminderScheduleIn

    refused = [("send_hour", False), ("repeat_max", True), ("send_hour", "9"), ("enabled", "no")]
    for field, value in refused:
        body = json.dumps({"enabled": True, "steps": [0], field: value})
        with pytest.raises(ValidationError):
            ReminderScheduleIn.model_validate_json(body)
    taken = ReminderScheduleIn.model_validate({"enabled": True, "steps": [0.0], "send_hour": 9.0})
    assert (taken.steps, taken.send_hour) == ([0], 9)


async def test_a_new_time_zone_reschedules_open_invoices_at_once(harness: Harness) -> None:
    """PATCH /v1/business timezone moves the send hour of reminders already scheduled: the
    step is due at 09:00 in the new zone, not when 09:00 came in the old one."""
    invoice_id, issued_on = await _invoice(harness, timezone="America/New_York")
    await turn_on_reminders(harness, steps=[0], send_hour=9)
    due = issued_on + timedelta(days=10)
    await _due_on(harness, invoice_id, due)
    assert await _pass(harness, at(due - timedelta(days=5), 10, NEW_YORK)) == []
    assert (await harness.invoice(invoice_id))["next_action_at"] == at(due, 9, NEW_YORK)

    await configure_business(harness, timezone="Australia/Sydney")
    # 09:00 in Sydney is the evening before in New York: without rescheduling, the
    # reminder would wait for New York's morning.
    assert (await harness.invoice(invoice_id))["next_action_at"] == at(due, 9, SYDNEY)
    assert await _pass(harness, at(due, 8, SYDNEY, 59)) == []
    assert await _pass(harness, at(due, 9, SYDNEY, 30)) == [(invoice_id, 1)]
