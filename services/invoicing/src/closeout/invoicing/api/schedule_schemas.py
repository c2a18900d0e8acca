"""Request and response bodies of the reminder schedule and recurring invoice routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from closeout.invoicing.domain.recurring import (
    MAX_BACKDATE_DAYS,
    MAX_COUNT,
    MAX_INTERVAL_DAYS,
    Frequency,
    Recurrence,
    RecurringStatus,
    upcoming,
)
from closeout.invoicing.domain.reminders import (
    MAX_REPEAT_EVERY_DAYS,
    MAX_REPEATS,
    MAX_STEPS,
    PRESETS,
    STEP_DAYS_RANGE,
    ReminderSchedule,
    schedule_problems,
)
from closeout.invoicing.storage.records import Business, RecurringInvoice
from closeout.shared.contracts.common import WHOLE_NUMBER, Customer, LineItem
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.money import CurrencyCode

_LOW, _HIGH = STEP_DAYS_RANGE


class ReminderScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(
        strict=True, description="Off: no reminders at all (a new business starts off)"
    )
    steps: list[Annotated[int, Field(ge=_LOW, le=_HIGH, strict=True), WHOLE_NUMBER]] = Field(
        min_length=1,
        max_length=MAX_STEPS,
        json_schema_extra={"uniqueItems": True},
        description="Days from the due date, each once: negative before it (-3), 0 on it, "
        "positive after",
    )
    repeat_every_days: (
        Annotated[int, Field(ge=1, le=MAX_REPEAT_EVERY_DAYS, strict=True), WHOLE_NUMBER] | None
    ) = Field(
        None,
        description="After the last step, again every this many days until paid (repeat_max "
        "times; no repeat without both)",
    )
    repeat_max: Annotated[int, Field(ge=0, le=MAX_REPEATS, strict=True), WHOLE_NUMBER] = Field(
        0, description="How many repeats at most (with repeat_every_days)"
    )
    send_hour: Annotated[int, Field(ge=0, le=23, strict=True), WHOLE_NUMBER] = Field(
        9, description="Hour of the day, business-local"
    )

    @model_validator(mode="after")
    def _valid(self) -> ReminderScheduleIn:
        if problems := schedule_problems(self.to_schedule()):
            raise ValueError("; ".join(problems))
        return self

    def to_schedule(self) -> ReminderSchedule:
        return ReminderSchedule(
            enabled=self.enabled,
            steps=tuple(self.steps),
            repeat_every_days=self.repeat_every_days,
            repeat_max=self.repeat_max,
            send_hour=self.send_hour,
        )


class ReminderPresetOut(BaseModel):
    name: str
    title: str
    schedule: ReminderScheduleIn


class ReminderScheduleOut(ReminderScheduleIn):
    timezone: str = Field(
        description="The business's IANA time zone (`PATCH /v1/business` changes it)"
    )
    presets: list[ReminderPresetOut]

    @classmethod
    def of(cls, schedule: ReminderSchedule, business: Business) -> ReminderScheduleOut:
        return cls(
            enabled=schedule.enabled,
            steps=list(schedule.steps),
            repeat_every_days=schedule.repeat_every_days,
            repeat_max=schedule.repeat_max,
            send_hour=schedule.send_hour,
            timezone=business.timezone,
            presets=[
                ReminderPresetOut(
                    name=p.name,
                    title=p.title,
                    schedule=ReminderScheduleIn(**p.schedule.to_json()),
                )
                for p in PRESETS
            ],
        )


# Each part of an RRULE is NAME=VALUE, separated by semicolons (RFC 5545, section 3.3.10).
RRULE_PATTERN = r"^(RRULE:)?[A-Za-z]+=[^;=]+(;[A-Za-z]+=[^;=]+)*$"


class _RecurringFields(BaseModel):
    """A recurring invoice: the same customer and lines every period."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer: Customer
    lines: list[LineItem] = Field(min_length=1, max_length=500)
    currency: CurrencyCode | None = Field(None, description="Else the business's currency")
    frequency: Frequency
    interval_days: int | None = None
    rrule: str | None = None
    start_date: date = Field(
        description=f"The first period's date (business-local), at most {MAX_BACKDATE_DAYS} "
        "days ago"
    )
    end_date: date | None = Field(
        None, description="No period after this date (not before start_date)"
    )
    count: int | None = Field(None, ge=1, le=MAX_COUNT, description="At most this many periods")
    send: bool = Field(False, description="false: each period makes a draft; true: sends it")
    terms_days: int | None = Field(
        None, ge=0, le=365, description="Days from issue to due; else the business's terms"
    )
    notes: str | None = Field(None, max_length=5000)

    def recurrence(self) -> Recurrence:
        return Recurrence(
            frequency=self.frequency,
            start_date=self.start_date,
            interval_days=self.interval_days,
            rule=self.rrule,
            end_date=self.end_date,
            count=self.count,
        )


class MonthlyIn(_RecurringFields):
    frequency: Literal["monthly"] = Field(
        description="Monthly on the start date's day (the month's last day when it has fewer)"
    )
    interval_days: None = None
    rrule: None = None


class WeeklyIn(_RecurringFields):
    frequency: Literal["weekly"]
    interval_days: None = None
    rrule: None = None


class EveryNDaysIn(_RecurringFields):
    frequency: Literal["every_n_days"]
    interval_days: int = Field(ge=1, le=MAX_INTERVAL_DAYS)
    rrule: None = None


class RruleIn(_RecurringFields):
    frequency: Literal["rrule"]
    interval_days: None = None
    rrule: str = Field(
        min_length=1,
        max_length=500,
        pattern=RRULE_PATTERN,
        description="An RFC 5545 RRULE, daily or coarser, with at least one date from start_date",
        examples=["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1"],
    )


RecurringIn = Annotated[
    MonthlyIn | WeeklyIn | EveryNDaysIn | RruleIn, Field(discriminator="frequency")
]
"""One recurring invoice per frequency: only every_n_days takes interval_days, only rrule an
rrule."""


class RecurringPeriodOut(BaseModel):
    period_date: date
    invoice_id: str
    status: InvoiceStatus


class RecurringOut(BaseModel):
    schedule_id: str
    customer: Customer
    lines: list[LineItem]
    currency: str
    frequency: Frequency
    interval_days: int | None
    rrule: str | None
    start_date: date
    end_date: date | None
    count: int | None
    send: bool
    terms_days: int | None
    notes: str | None
    status: RecurringStatus
    next_run_at: datetime | None = Field(description="When the next period's invoice is made")
    upcoming: list[date] = Field(description="The next periods' dates (at most 5)")
    invoices: list[RecurringPeriodOut] | None = Field(
        None, description="The invoices made so far, oldest first (on one schedule's page)"
    )
    created_at: datetime

    @classmethod
    def of(
        cls,
        schedule: RecurringInvoice,
        recurrence: Recurrence,
        periods: list[RecurringPeriodOut] | None = None,
    ) -> RecurringOut:
        return cls(
            schedule_id=schedule.schedule_id,
            customer=Customer.model_validate(schedule.customer),
            lines=[LineItem.model_validate(line) for line in schedule.lines],
            currency=schedule.currency,
            frequency=recurrence.frequency,
            interval_days=schedule.interval_days,
            rrule=schedule.rrule,
            start_date=schedule.start_date,
            end_date=schedule.end_date,
            count=schedule.count,
            send=schedule.send,
            terms_days=schedule.payment_terms_days,
            notes=schedule.notes,
            status=schedule.status,
            next_run_at=schedule.next_run_at,
            upcoming=upcoming(recurrence, schedule.next_period, 5)
            if schedule.status == "active"
            else [],
            invoices=periods,
            created_at=schedule.created_at,
        )


class RecurringList(BaseModel):
    items: list[RecurringOut]
    limit: int
    offset: int
