from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReceiptOut")


@_attrs_define
class ReceiptOut:
    """A confirmed payment's receipt: `GET /v1/invoices/{id}/receipts/{receipt_number}.pdf`.

    Attributes:
        receipt_number (str):
        payment_id (str):
        amount (int):
        currency (str):
        method (str):
        reference (None | str):
        paid_at (datetime.datetime):
        balance_after (int):
    """

    receipt_number: str
    payment_id: str
    amount: int
    currency: str
    method: str
    reference: None | str
    paid_at: datetime.datetime
    balance_after: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        receipt_number = self.receipt_number

        payment_id = self.payment_id

        amount = self.amount

        currency = self.currency

        method = self.method

        reference: None | str
        reference = self.reference

        paid_at = self.paid_at.isoformat()

        balance_after = self.balance_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "receipt_number": receipt_number,
                "payment_id": payment_id,
                "amount": amount,
                "currency": currency,
                "method": method,
                "reference": reference,
                "paid_at": paid_at,
                "balance_after": balance_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        receipt_number = d.pop("receipt_number")

        payment_id = d.pop("payment_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        method = d.pop("method")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        paid_at = datetime.datetime.fromisoformat(d.pop("paid_at"))

        balance_after = d.pop("balance_after")

        receipt_out = cls(
            receipt_number=receipt_number,
            payment_id=payment_id,
            amount=amount,
            currency=currency,
            method=method,
            reference=reference,
            paid_at=paid_at,
            balance_after=balance_after,
        )

        receipt_out.additional_properties = d
        return receipt_out

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
