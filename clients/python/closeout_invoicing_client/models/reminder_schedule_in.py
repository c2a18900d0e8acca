from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReminderScheduleIn")


@_attrs_define
class ReminderScheduleIn:
    """
    Attributes:
        enabled (bool): Off: no reminders at all (a new business starts off)
        steps (list[int]): Days from the due date, each once: negative before it (-3), 0 on it, positive after
        repeat_every_days (int | None | Unset): After the last step, again every this many days until paid (repeat_max
            times; no repeat without both)
        repeat_max (int | Unset): How many repeats at most (with repeat_every_days) Default: 0.
        send_hour (int | Unset): Hour of the day, business-local Default: 9.
    """

    enabled: bool
    steps: list[int]
    repeat_every_days: int | None | Unset = UNSET
    repeat_max: int | Unset = 0
    send_hour: int | Unset = 9

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        steps = self.steps

        repeat_every_days: int | None | Unset
        if isinstance(self.repeat_every_days, Unset):
            repeat_every_days = UNSET
        else:
            repeat_every_days = self.repeat_every_days

        repeat_max = self.repeat_max

        send_hour = self.send_hour

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enabled": enabled,
                "steps": steps,
            }
        )
        if repeat_every_days is not UNSET:
            field_dict["repeat_every_days"] = repeat_every_days
        if repeat_max is not UNSET:
            field_dict["repeat_max"] = repeat_max
        if send_hour is not UNSET:
            field_dict["send_hour"] = send_hour

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        steps = cast(list[int], d.pop("steps"))

        def _parse_repeat_every_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        repeat_every_days = _parse_repeat_every_days(d.pop("repeat_every_days", UNSET))

        repeat_max = d.pop("repeat_max", UNSET)

        send_hour = d.pop("send_hour", UNSET)

        reminder_schedule_in = cls(
            enabled=enabled,
            steps=steps,
            repeat_every_days=repeat_every_days,
            repeat_max=repeat_max,
            send_hour=send_hour,
        )

        return reminder_schedule_in
