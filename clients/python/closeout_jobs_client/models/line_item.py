from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_item_kind import LineItemKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="LineItem")


@_attrs_define
class LineItem:
    """
    Attributes:
        description (str):
        unit_amount (int):
        quantity (float | str | Unset): More than 0, at most 1,000,000, at most 3 decimals (a number is rounded)
            Default: 1.0.
        tax_rate (float | str | Unset): A percentage, 0 to 100, at most 4 decimals (a number is rounded) Default: 0.0.
        kind (LineItemKind | Unset):  Default: LineItemKind.OTHER.
    """

    description: str
    unit_amount: int
    quantity: float | str | Unset = 1.0
    tax_rate: float | str | Unset = 0.0
    kind: LineItemKind | Unset = LineItemKind.OTHER
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        unit_amount = self.unit_amount

        quantity: float | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        tax_rate: float | str | Unset
        if isinstance(self.tax_rate, Unset):
            tax_rate = UNSET
        else:
            tax_rate = self.tax_rate

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "unit_amount": unit_amount,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if tax_rate is not UNSET:
            field_dict["tax_rate"] = tax_rate
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        description = d.pop("description")

        unit_amount = d.pop("unit_amount")

        def _parse_quantity(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        def _parse_tax_rate(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        tax_rate = _parse_tax_rate(d.pop("tax_rate", UNSET))

        _kind = d.pop("kind", UNSET)
        kind: LineItemKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = LineItemKind(_kind)

        line_item = cls(
            description=description,
            unit_amount=unit_amount,
            quantity=quantity,
            tax_rate=tax_rate,
            kind=kind,
        )

        line_item.additional_properties = d
        return line_item

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
