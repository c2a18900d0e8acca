from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RefundResponse")


@_attrs_define
class RefundResponse:
    """
    Attributes:
        refund_id (str):
        payment_id (str):
        amount (int):
        status (str):
    """

    refund_id: str
    payment_id: str
    amount: int
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        refund_id = self.refund_id

        payment_id = self.payment_id

        amount = self.amount

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refund_id": refund_id,
                "payment_id": payment_id,
                "amount": amount,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        refund_id = d.pop("refund_id")

        payment_id = d.pop("payment_id")

        amount = d.pop("amount")

        status = d.pop("status")

        refund_response = cls(
            refund_id=refund_id,
            payment_id=payment_id,
            amount=amount,
            status=status,
        )

        refund_response.additional_properties = d
        return refund_response

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
