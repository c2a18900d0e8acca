from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FeeRuleBody")


@_attrs_define
class FeeRuleBody:
    """
    Attributes:
        business_id (None | str | Unset): Ignored on PUT (the path names it)
        percent_bps (int | Unset): Basis points of the amount Default: 0.
        fixed_amount (int | Unset): Minor units per payment Default: 0.
        cap_amount (int | None | Unset): At most this (minor units)
    """

    business_id: None | str | Unset = UNSET
    percent_bps: int | Unset = 0
    fixed_amount: int | Unset = 0
    cap_amount: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        business_id: None | str | Unset
        if isinstance(self.business_id, Unset):
            business_id = UNSET
        else:
            business_id = self.business_id

        percent_bps = self.percent_bps

        fixed_amount = self.fixed_amount

        cap_amount: int | None | Unset
        if isinstance(self.cap_amount, Unset):
            cap_amount = UNSET
        else:
            cap_amount = self.cap_amount

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if business_id is not UNSET:
            field_dict["business_id"] = business_id
        if percent_bps is not UNSET:
            field_dict["percent_bps"] = percent_bps
        if fixed_amount is not UNSET:
            field_dict["fixed_amount"] = fixed_amount
        if cap_amount is not UNSET:
            field_dict["cap_amount"] = cap_amount

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_business_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business_id = _parse_business_id(d.pop("business_id", UNSET))

        percent_bps = d.pop("percent_bps", UNSET)

        fixed_amount = d.pop("fixed_amount", UNSET)

        def _parse_cap_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_amount = _parse_cap_amount(d.pop("cap_amount", UNSET))

        fee_rule_body = cls(
            business_id=business_id,
            percent_bps=percent_bps,
            fixed_amount=fixed_amount,
            cap_amount=cap_amount,
        )

        return fee_rule_body
