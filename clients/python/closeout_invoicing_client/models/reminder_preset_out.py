from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reminder_schedule_in import ReminderScheduleIn


T = TypeVar("T", bound="ReminderPresetOut")


@_attrs_define
class ReminderPresetOut:
    """
    Attributes:
        name (str):
        title (str):
        schedule (ReminderScheduleIn):
    """

    name: str
    title: str
    schedule: ReminderScheduleIn
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        title = self.title

        schedule = self.schedule.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "title": title,
                "schedule": schedule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.reminder_schedule_in import ReminderScheduleIn

        d = dict(src_dict)
        name = d.pop("name")

        title = d.pop("title")

        schedule = ReminderScheduleIn.from_dict(d.pop("schedule"))

        reminder_preset_out = cls(
            name=name,
            title=title,
            schedule=schedule,
        )

        reminder_preset_out.additional_properties = d
        return reminder_preset_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
