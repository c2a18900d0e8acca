from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClaimOut")


@_attrs_define
class ClaimOut:
    """
    Attributes:
        claim_id (str):
        method (str):
        amount (int | None):
        reference (None | str):
        note (None | str):
        status (str):
        claimed_at (datetime.datetime):
        resolved_at (datetime.datetime | None):
        resolution (None | str):
    """

    claim_id: str
    method: str
    amount: int | None
    reference: None | str
    note: None | str
    status: str
    claimed_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolution: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        claim_id = self.claim_id

        method = self.method

        amount: int | None
        amount = self.amount

        reference: None | str
        reference = self.reference

        note: None | str
        note = self.note

        status = self.status

        claimed_at = self.claimed_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolution: None | str
        resolution = self.resolution

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "claim_id": claim_id,
                "method": method,
                "amount": amount,
                "reference": reference,
                "note": note,
                "status": status,
                "claimed_at": claimed_at,
                "resolved_at": resolved_at,
                "resolution": resolution,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        claim_id = d.pop("claim_id")

        method = d.pop("method")

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        status = d.pop("status")

        claimed_at = datetime.datetime.fromisoformat(d.pop("claimed_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolution(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution = _parse_resolution(d.pop("resolution"))

        claim_out = cls(
            claim_id=claim_id,
            method=method,
            amount=amount,
            reference=reference,
            note=note,
            status=status,
            claimed_at=claimed_at,
            resolved_at=resolved_at,
            resolution=resolution,
        )

        claim_out.additional_properties = d
        return claim_out

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
