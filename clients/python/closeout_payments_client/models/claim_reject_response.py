from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClaimRejectResponse")


@_attrs_define
class ClaimRejectResponse:
    """
    Attributes:
        claim_id (str):
        invoice_id (str):
        status (Literal['rejected'] | Unset):  Default: 'rejected'.
    """

    claim_id: str
    invoice_id: str
    status: Literal["rejected"] | Unset = "rejected"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        claim_id = self.claim_id

        invoice_id = self.invoice_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "claim_id": claim_id,
                "invoice_id": invoice_id,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        claim_id = d.pop("claim_id")

        invoice_id = d.pop("invoice_id")

        status = cast(Literal["rejected"] | Unset, d.pop("status", UNSET))
        if status != "rejected" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'rejected', got '{status}'")

        claim_reject_response = cls(
            claim_id=claim_id,
            invoice_id=invoice_id,
            status=status,
        )

        claim_reject_response.additional_properties = d
        return claim_reject_response

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
