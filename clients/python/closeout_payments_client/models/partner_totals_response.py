from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PartnerTotalsResponse")


@_attrs_define
class PartnerTotalsResponse:
    """
    Attributes:
        currency (str):
        paid (int):
        reversed_ (int):
        net (int): paid - reversed
        failed (int):
        pending (int): Not paid yet (pending or held by a dispute)
    """

    currency: str
    paid: int
    reversed_: int
    net: int
    failed: int
    pending: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        paid = self.paid

        reversed_ = self.reversed_

        net = self.net

        failed = self.failed

        pending = self.pending

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "paid": paid,
                "reversed": reversed_,
                "net": net,
                "failed": failed,
                "pending": pending,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        paid = d.pop("paid")

        reversed_ = d.pop("reversed")

        net = d.pop("net")

        failed = d.pop("failed")

        pending = d.pop("pending")

        partner_totals_response = cls(
            currency=currency,
            paid=paid,
            reversed_=reversed_,
            net=net,
            failed=failed,
            pending=pending,
        )

        partner_totals_response.additional_properties = d
        return partner_totals_response

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
