from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recurring_period_out_status import RecurringPeriodOutStatus

T = TypeVar("T", bound="RecurringPeriodOut")


@_attrs_define
class RecurringPeriodOut:
    """
    Attributes:
        period_date (datetime.date):
        invoice_id (str):
        status (RecurringPeriodOutStatus):
    """

    period_date: datetime.date
    invoice_id: str
    status: RecurringPeriodOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period_date = self.period_date.isoformat()

        invoice_id = self.invoice_id

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period_date": period_date,
                "invoice_id": invoice_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        period_date = datetime.date.fromisoformat(d.pop("period_date"))

        invoice_id = d.pop("invoice_id")

        status = RecurringPeriodOutStatus(d.pop("status"))

        recurring_period_out = cls(
            period_date=period_date,
            invoice_id=invoice_id,
            status=status,
        )

        recurring_period_out.additional_properties = d
        return recurring_period_out

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
