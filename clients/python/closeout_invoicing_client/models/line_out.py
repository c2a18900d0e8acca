from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LineOut")


@_attrs_define
class LineOut:
    """
    Attributes:
        description (str):
        kind (str):
        quantity (str):
        unit_amount (int):
        tax_rate (str):
        net_amount (int):
        tax_amount (int):
        total_amount (int):
    """

    description: str
    kind: str
    quantity: str
    unit_amount: int
    tax_rate: str
    net_amount: int
    tax_amount: int
    total_amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        kind = self.kind

        quantity = self.quantity

        unit_amount = self.unit_amount

        tax_rate = self.tax_rate

        net_amount = self.net_amount

        tax_amount = self.tax_amount

        total_amount = self.total_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "kind": kind,
                "quantity": quantity,
                "unit_amount": unit_amount,
                "tax_rate": tax_rate,
                "net_amount": net_amount,
                "tax_amount": tax_amount,
                "total_amount": total_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        description = d.pop("description")

        kind = d.pop("kind")

        quantity = d.pop("quantity")

        unit_amount = d.pop("unit_amount")

        tax_rate = d.pop("tax_rate")

        net_amount = d.pop("net_amount")

        tax_amount = d.pop("tax_amount")

        total_amount = d.pop("total_amount")

        line_out = cls(
            description=description,
            kind=kind,
            quantity=quantity,
            unit_amount=unit_amount,
            tax_rate=tax_rate,
            net_amount=net_amount,
            tax_amount=tax_amount,
            total_amount=total_amount,
        )

        line_out.additional_properties = d
        return line_out

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
