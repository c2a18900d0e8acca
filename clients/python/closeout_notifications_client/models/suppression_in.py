from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.suppression_in_reason import SuppressionInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="SuppressionIn")


@_attrs_define
class SuppressionIn:
    """
    Attributes:
        address (str):
        reason (SuppressionInReason | Unset):  Default: SuppressionInReason.OPTED_OUT.
        note (None | str | Unset):
    """

    address: str
    reason: SuppressionInReason | Unset = SuppressionInReason.OPTED_OUT
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        address = d.pop("address")

        _reason = d.pop("reason", UNSET)
        reason: SuppressionInReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = SuppressionInReason(_reason)

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        suppression_in = cls(
            address=address,
            reason=reason,
            note=note,
        )

        return suppression_in
