"""Recurring invoices with an injected clock (time travel): each period's invoice once, also
after an outage (each missed period once, oldest first) and with two workers; paused and
ended schedules make none; monthly from Jan 31 keeps the month's end."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from closeout.invoicing.api.schedule_schemas import RRULE_PATTERN, RecurringIn
from closeout.invoicing.domain.recurring import (
    Recurrence,
    first_period_on_or_after,
    period_date,
    recurrence_problems,
    upcoming,
)
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_recurring_once
from closeout.shared.capability_links import DEV_LINK_SECRET
from support.invoicing import Harness, configure_business
from support.services import runtime_of

LINKER = Linker("http://invoices.test", DEV_LINK_SECRET)
RECURRING_IN: TypeAdapter[Any] = TypeAdapter(RecurringIn)
TODAY = date(2026, 11, 30)  # the pure rules take "today" as an argument
REAL_TODAY = datetime.now(UTC).date()
NEXT_YEAR = REAL_TODAY.year + 1  # the integration tests' periods are all ahead of the clock


def _d(month: int, day: int, year: int = NEXT_YEAR) -> date:
    return date(year, month, day)


def _last_of_february(year: int = NEXT_YEAR) -> date:
    return date(year, 3, 1) - timedelta(days=1)


# The rules (pure)


def test_monthly_from_the_31st_keeps_the_months_end() -> None:
    r = Recurrence("monthly", date(2027, 1, 31))
    assert upcoming(r, 0, 4) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
                                 date(2027, 4, 30)]  # fmt: skip
    leap = Recurrence("monthly", date(2028, 1, 31), count=2)
    assert upcoming(leap, 0, 5) == [date(2028, 1, 31), date(2028, 2, 29)]


def test_weekly_every_n_days_rrule_and_their_bounds() -> None:
    weekly = Recurrence("weekly", date(2026, 12, 1), end_date=date(2026, 12, 15))
    assert upcoming(weekly, 0, 10) == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]
    every = Recurrence("every_n_days", date(2026, 12, 1), interval_days=10, count=3)
    assert upcoming(every, 1, 10) == [date(2026, 12, 11), date(2026, 12, 21)]
    first_monday = Recurrence("rrule", date(2026, 12, 1), rule="FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1")
    assert upcoming(first_monday, 0, 3) == [date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]
    assert first_period_on_or_after(weekly, date(2026, 12, 9)) == 2
    assert period_date(weekly, 3) is None


def test_bad_recurrences_are_named() -> None:
    def problems(**fields: Any) -> list[str]:
        values: dict[str, Any] = {"frequency": "monthly", "start_date": TODAY} | fields
        return recurrence_problems(Recurrence(**values), TODAY)

    assert problems() == []
    assert problems(frequency="every_n_days") == [
        "every_n_days needs interval_days between 1 and 366"
    ]
    assert problems(frequency="rrule", rule="FREQ=HOURLY") == [
        "rrule repeats daily at the finest (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)"
    ]
    assert problems(frequency="rrule", rule="not a rule")[0].startswith("rrule is not a valid")
    assert problems(end_date=TODAY - timedelta(days=1)) == ["end_date is on or after start_date"]
    assert problems(start_date=TODAY - timedelta(days=400)) == [
        "start_date is at most 366 days ago"
    ]


def test_the_schema_states_each_frequencys_fields() -> None:
    """Issue 17: interval_days only (and always) with every_n_days, an rrule only (and always)
    with rrule, in NAME=VALUE parts: the OpenAPI says so, and the body is refused as it says."""
    body: dict[str, Any] = {
        "customer": {"name": "Pat"},
        "lines": [{"description": "Service", "unit_amount": 9900}],
        "start_date": str(TODAY),
    }
    refused: list[dict[str, Any]] = [
        {"frequency": "monthly", "interval_days": 7},
        {"frequency": "weekly", "rrule": "FREQ=WEEKLY"},
        {"frequency": "every_n_days"},
        {"frequency": "rrule"},
        {"frequency": "rrule", "rrule": "not a rule"},
        {"frequency": "rrule", "rrule": "FREQ=MONTHLY;"},
    ]
    accepted: list[dict[str, Any]] = [
        {"frequency": "monthly", "interval_days": None, "rrule": None},
        {"frequency": "every_n_days", "interval_days": 10},
        {"frequency": "rrule", "rrule": "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1"},
    ]
    for fields in refused:
        with pytest.raises(ValidationError):
            RECURRING_IN.validate_python(body | fields)
    for fields in accepted:
        RECURRING_IN.validate_python(body | fields)
    schema = RECURRING_IN.json_schema()
    variants = {v["$ref"].split("/")[-1] for v in schema["oneOf"]}
    assert variants == {"MonthlyIn", "WeeklyIn", "EveryNDaysIn", "RruleIn"}
    assert "interval_days" in schema["$defs"]["EveryNDaysIn"]["required"]
    assert schema["$defs"]["RruleIn"]["properties"]["rrule"]["pattern"] == RRULE_PATTERN


# Through the API and the worker


def midnight(day: date, hours: int = 0) -> datetime:
    return datetime.combine(day, time(hours), tzinfo=UTC)


async def _create(harness: Harness, **fields: Any) -> dict[str, Any]:
    body = {
        "customer": {"name": "Pat Customer", "email": "pat@example.com"},
        "lines": [{"description": "Monthly service", "quantity": "1", "unit_amount": 9900}],
        "frequency": "monthly",
        "start_date": str(_d(1, 31)),
    } | fields
    response = await harness.client.post(
        "/v1/recurring-invoices", json=body, headers=harness.admin_headers()
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _pass(harness: Harness, now: datetime) -> list[tuple[str, date, str]]:
    result = await run_recurring_once(runtime_of(harness.app).sessionmaker, LINKER, now=now)
    return result.made


async def _detail(harness: Harness, schedule_id: str) -> dict[str, Any]:
    response = await harness.client.get(
        f"/v1/recurring-invoices/{schedule_id}", headers=harness.admin_headers()
    )
    assert response.status_code == 200, response.text
    detail: dict[str, Any] = response.json()
    return detail


async def test_outage_makes_each_missed_period_once_oldest_first(harness: Harness) -> None:
    await configure_business(harness, timezone="UTC")
    schedule = await _create(harness, send=True)
    schedule_id = schedule["schedule_id"]
    periods = [_d(1, 31), _last_of_february(), _d(3, 31)]
    assert schedule["upcoming"][:3] == [str(d) for d in periods]

    assert await _pass(harness, midnight(_d(1, 30), 23)) == []
    made = await _pass(harness, midnight(_d(1, 31), 1))
    assert [(s, d) for s, d, _ in made] == [(schedule_id, _d(1, 31))]
    # Down from February to April 2: February's and March's invoices, in that order, once.
    made = await _pass(harness, midnight(_d(4, 2)))
    assert [d for _, d, _ in made] == periods[1:]
    assert await _pass(harness, midnight(_d(4, 2), 5)) == []

    detail = await _detail(harness, schedule_id)
    assert [p["period_date"] for p in detail["invoices"]] == [str(d) for d in periods]
    assert {p["status"] for p in detail["invoices"]} == {"open"}  # sent: issued
    assert detail["upcoming"][0] == str(_d(4, 30))
    rows = await harness.sql(
        "SELECT source, source_ref, total FROM invoices WHERE source = 'recurring'"
    )
    assert rows == [{"source": "recurring", "source_ref": schedule_id, "total": 9900}] * 3
    issued = await harness.sql(
        "SELECT count(*) AS n FROM outbox WHERE event_type = 'invoice.issued'"
    )
    assert issued == [{"n": 3}]


async def test_two_workers_make_each_period_once(harness: Harness) -> None:
    await configure_business(harness)
    schedule = await _create(harness, frequency="weekly", start_date=str(_d(12, 7)))
    sessionmaker = runtime_of(harness.app).sessionmaker
    now = midnight(_d(12, 30))
    first, second = await asyncio.gather(
        run_recurring_once(sessionmaker, LINKER, now=now),
        run_recurring_once(sessionmaker, LINKER, now=now),
    )
    dates = sorted(d for _, d, _ in first.made + second.made)
    assert dates == [_d(12, 7), _d(12, 14), _d(12, 21), _d(12, 28)]
    drafts = await harness.sql(
        "SELECT status, count(*) AS n FROM invoices WHERE source_ref = :s GROUP BY status",
        s=schedule["schedule_id"],
    )
    assert drafts == [{"status": "draft", "n": 4}]


async def test_paused_and_ended_schedules_make_none(harness: Harness) -> None:
    await configure_business(harness)
    headers = harness.admin_headers()
    schedule = await _create(harness, frequency="every_n_days", interval_days=10,
                             start_date=str(_d(3, 10)), count=5)  # fmt: skip
    schedule_id = schedule["schedule_id"]
    paused = await harness.client.post(
        f"/v1/recurring-invoices/{schedule_id}/pause", headers=headers
    )
    assert paused.json()["status"] == "paused"
    assert await _pass(harness, midnight(_d(6, 1))) == []

    resumed = await harness.client.post(
        f"/v1/recurring-invoices/{schedule_id}/resume", headers=headers
    )
    assert resumed.json()["status"] == "active"
    # Resumed before the start: every period is still ahead. One made, then ended.
    assert [d for _, d, _ in await _pass(harness, midnight(_d(3, 10)))] == [_d(3, 10)]
    ended = await harness.client.post(f"/v1/recurring-invoices/{schedule_id}/end", headers=headers)
    assert (ended.json()["status"], ended.json()["upcoming"]) == ("ended", [])
    assert await _pass(harness, midnight(_d(6, 1))) == []
    again = await harness.client.post(
        f"/v1/recurring-invoices/{schedule_id}/resume", headers=headers
    )
    assert again.status_code == 409
    listed = await harness.client.get("/v1/recurring-invoices", headers=headers)
    assert [s["schedule_id"] for s in listed.json()["items"]] == [schedule_id]
    assert len((await _detail(harness, schedule_id))["invoices"]) == 1


async def test_bad_schedules_are_422_and_others_404(harness: Harness) -> None:
    await configure_business(harness)
    headers = harness.admin_headers()
    bad = await harness.client.post(
        "/v1/recurring-invoices",
        json={"customer": {"name": "Pat"}, "lines": [], "frequency": "yearly",
              "start_date": str(_d(1, 1))},
        headers=headers,
    )  # fmt: skip
    assert bad.status_code == 422
    # The frequency picks the body's shape (one per frequency), so an unknown one is the error.
    assert "Input tag 'yearly' found using 'frequency'" in bad.json()["errors"][0]["msg"]
    no_lines = await harness.client.post(
        "/v1/recurring-invoices",
        json={"customer": {"name": "Pat"}, "lines": [], "frequency": "weekly",
              "start_date": str(_d(1, 1))},
        headers=headers,
    )  # fmt: skip
    assert no_lines.status_code == 422
    assert [e["loc"] for e in no_lines.json()["errors"]] == [["body", "weekly", "lines"]]
    rule = await harness.client.post(
        "/v1/recurring-invoices",
        json={"customer": {"name": "Pat"}, "lines": [{"description": "x", "unit_amount": 1}],
              "frequency": "rrule", "rrule": "FREQ=MINUTELY", "start_date": str(_d(1, 1))},
        headers=headers,
    )  # fmt: skip
    assert rule.status_code == 422
    assert "daily at the finest" in rule.json()["detail"]
    missing = await harness.client.get("/v1/recurring-invoices/nope", headers=headers)
    assert missing.status_code == 404
