from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentOut")


@_attrs_define
class PaymentOut:
    """
    Attributes:
        kind (str):
        payment_id (str):
        refund_id (None | str):
        amount (int):
        currency (str):
        method (str):
        provider (str):
        reference (None | str):
        occurred_at (datetime.datetime):
    """

    kind: str
    payment_id: str
    refund_id: None | str
    amount: int
    currency: str
    method: str
    provider: str
    reference: None | str
    occurred_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        payment_id = self.payment_id

        refund_id: None | str
        refund_id = self.refund_id

        amount = self.amount

        currency = self.currency

        method = self.method

        provider = self.provider

        reference: None | str
        reference = self.reference

        occurred_at = self.occurred_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "payment_id": payment_id,
                "refund_id": refund_id,
                "amount": amount,
                "currency": currency,
                "method": method,
                "provider": provider,
                "reference": reference,
                "occurred_at": occurred_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = d.pop("kind")

        payment_id = d.pop("payment_id")

        def _parse_refund_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refund_id = _parse_refund_id(d.pop("refund_id"))

        amount = d.pop("amount")

        currency = d.pop("currency")

        method = d.pop("method")

        provider = d.pop("provider")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        payment_out = cls(
            kind=kind,
            payment_id=payment_id,
            refund_id=refund_id,
            amount=amount,
            currency=currency,
            method=method,
            provider=provider,
            reference=reference,
            occurred_at=occurred_at,
        )

        payment_out.additional_properties = d
        return payment_out

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
