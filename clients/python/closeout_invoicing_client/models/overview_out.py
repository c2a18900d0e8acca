from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.currency_overview_out import CurrencyOverviewOut
    from ..models.overview_out_counts import OverviewOutCounts


T = TypeVar("T", bound="OverviewOut")


@_attrs_define
class OverviewOut:
    """
    Attributes:
        business_id (str):
        as_of (datetime.date): today in the business's time zone
        timezone (str):
        currencies (list[CurrencyOverviewOut]):
        counts (OverviewOutCounts): invoices by status
        needs_review (int): invoices flagged for review
    """

    business_id: str
    as_of: datetime.date
    timezone: str
    currencies: list[CurrencyOverviewOut]
    counts: OverviewOutCounts
    needs_review: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        business_id = self.business_id

        as_of = self.as_of.isoformat()

        timezone = self.timezone

        currencies = []
        for currencies_item_data in self.currencies:
            currencies_item = currencies_item_data.to_dict()
            currencies.append(currencies_item)

        counts = self.counts.to_dict()

        needs_review = self.needs_review

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "business_id": business_id,
                "as_of": as_of,
                "timezone": timezone,
                "currencies": currencies,
                "counts": counts,
                "needs_review": needs_review,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.currency_overview_out import CurrencyOverviewOut
        from ..models.overview_out_counts import OverviewOutCounts

        d = dict(src_dict)
        business_id = d.pop("business_id")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        timezone = d.pop("timezone")

        currencies = []
        _currencies = d.pop("currencies")
        for currencies_item_data in _currencies:
            currencies_item = CurrencyOverviewOut.from_dict(currencies_item_data)

            currencies.append(currencies_item)

        counts = OverviewOutCounts.from_dict(d.pop("counts"))

        needs_review = d.pop("needs_review")

        overview_out = cls(
            business_id=business_id,
            as_of=as_of,
            timezone=timezone,
            currencies=currencies,
            counts=counts,
            needs_review=needs_review,
        )

        overview_out.additional_properties = d
        return overview_out

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
