"""Request and response bodies of the reminder schedule and recurring invoice routes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from closeout.invoicing.domain.reminders import (
    MAX_REPEAT_EVERY_DAYS,
    MAX_REPEATS,
    MAX_STEPS,
    PRESETS,
    STEP_DAYS_RANGE,
    ReminderSchedule,
    schedule_problems,
)
from closeout.invoicing.storage.records import Business

_LOW, _HIGH = STEP_DAYS_RANGE


class ReminderScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(description="Off: no reminders at all (a new business starts off)")
    steps: list[int] = Field(
        max_length=MAX_STEPS,
        description="Days from the due date: negative before it (-3), 0 on it, positive after",
        json_schema_extra={"items": {"type": "integer", "minimum": _LOW, "maximum": _HIGH}},
    )
    repeat_every_days: int | None = Field(
        None,
        ge=1,
        le=MAX_REPEAT_EVERY_DAYS,
        description="After the last step, again every this many days until paid",
    )
    repeat_max: int = Field(
        0, ge=0, le=MAX_REPEATS, description="How many repeats at most (with repeat_every_days)"
    )
    send_hour: int = Field(9, ge=0, le=23, description="Hour of the day, business-local")

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
