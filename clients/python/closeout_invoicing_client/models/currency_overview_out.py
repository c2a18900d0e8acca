from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.aging_bucket_out import AgingBucketOut
    from ..models.week_out import WeekOut


T = TypeVar("T", bound="CurrencyOverviewOut")


@_attrs_define
class CurrencyOverviewOut:
    """
    Attributes:
        currency (str):
        outstanding (int): unpaid balances of payable invoices, minor units
        overdue (int): the part of `outstanding` past its due date
        overdue_count (int):
        collected_this_month (int): net cash collected this calendar month
        collected_last_month (int):
        aging (list[AgingBucketOut]):
        weekly (list[WeekOut]): the last 12 weeks, oldest first
    """

    currency: str
    outstanding: int
    overdue: int
    overdue_count: int
    collected_this_month: int
    collected_last_month: int
    aging: list[AgingBucketOut]
    weekly: list[WeekOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        outstanding = self.outstanding

        overdue = self.overdue

        overdue_count = self.overdue_count

        collected_this_month = self.collected_this_month

        collected_last_month = self.collected_last_month

        aging = []
        for aging_item_data in self.aging:
            aging_item = aging_item_data.to_dict()
            aging.append(aging_item)

        weekly = []
        for weekly_item_data in self.weekly:
            weekly_item = weekly_item_data.to_dict()
            weekly.append(weekly_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "outstanding": outstanding,
                "overdue": overdue,
                "overdue_count": overdue_count,
                "collected_this_month": collected_this_month,
                "collected_last_month": collected_last_month,
                "aging": aging,
                "weekly": weekly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.aging_bucket_out import AgingBucketOut
        from ..models.week_out import WeekOut

        d = dict(src_dict)
        currency = d.pop("currency")

        outstanding = d.pop("outstanding")

        overdue = d.pop("overdue")

        overdue_count = d.pop("overdue_count")

        collected_this_month = d.pop("collected_this_month")

        collected_last_month = d.pop("collected_last_month")

        aging = []
        _aging = d.pop("aging")
        for aging_item_data in _aging:
            aging_item = AgingBucketOut.from_dict(aging_item_data)

            aging.append(aging_item)

        weekly = []
        _weekly = d.pop("weekly")
        for weekly_item_data in _weekly:
            weekly_item = WeekOut.from_dict(weekly_item_data)

            weekly.append(weekly_item)

        currency_overview_out = cls(
            currency=currency,
            outstanding=outstanding,
            overdue=overdue,
            overdue_count=overdue_count,
            collected_this_month=collected_this_month,
            collected_last_month=collected_last_month,
            aging=aging,
            weekly=weekly,
        )

        currency_overview_out.additional_properties = d
        return currency_overview_out

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
