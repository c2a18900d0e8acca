from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FixedRuleBody")


@_attrs_define
class FixedRuleBody:
    """
    Attributes:
        kind (Literal['fixed']):
        fixed_amount (int): Minor units, once per paid invoice
        cap_amount (int | None | Unset): At most this per payment
        ends_at (datetime.datetime | None | Unset): No share of payments confirmed from then
    """

    kind: Literal["fixed"]
    fixed_amount: int
    cap_amount: int | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        fixed_amount = self.fixed_amount

        cap_amount: int | None | Unset
        if isinstance(self.cap_amount, Unset):
            cap_amount = UNSET
        else:
            cap_amount = self.cap_amount

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "fixed_amount": fixed_amount,
            }
        )
        if cap_amount is not UNSET:
            field_dict["cap_amount"] = cap_amount
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = cast(Literal["fixed"], d.pop("kind"))
        if kind != "fixed":
            raise ValueError(f"kind must match const 'fixed', got '{kind}'")

        fixed_amount = d.pop("fixed_amount")

        def _parse_cap_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_amount = _parse_cap_amount(d.pop("cap_amount", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        fixed_rule_body = cls(
            kind=kind,
            fixed_amount=fixed_amount,
            cap_amount=cap_amount,
            ends_at=ends_at,
        )

        return fixed_rule_body
