from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.last_payment_method import LastPaymentMethod

T = TypeVar("T", bound="LastPayment")


@_attrs_define
class LastPayment:
    """
    Attributes:
        method (LastPaymentMethod):
        reference (None | str):
        amount (int):
        at (datetime.datetime):
    """

    method: LastPaymentMethod
    reference: None | str
    amount: int
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        reference: None | str
        reference = self.reference

        amount = self.amount

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "reference": reference,
                "amount": amount,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        method = LastPaymentMethod(d.pop("method"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        amount = d.pop("amount")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        last_payment = cls(
            method=method,
            reference=reference,
            amount=amount,
            at=at,
        )

        last_payment.additional_properties = d
        return last_payment

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
