from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BusinessLogEntryResponse")


@_attrs_define
class BusinessLogEntryResponse:
    """One fact of the business's payment log.

    Attributes:
        id (int):
        invoice_id (str):
        invoice_number (None | str): as invoicing numbered it, once known here
        payment_id (None | str):
        kind (str): confirmed, failed, refund_requested, refunded, refund_failed, disputed, dispute_closed or
            claim_rejected
        amount (int | None): minor units
        currency (None | str):
        method (None | str): card, cash, bank_transfer or other
        reference (None | str):
        detail (None | str): a failure reason, a refund or dispute id and state
        actor (None | str): who confirmed or acted (an API key, `stripe`, ...)
        occurred_at (datetime.datetime):
    """

    id: int
    invoice_id: str
    invoice_number: None | str
    payment_id: None | str
    kind: str
    amount: int | None
    currency: None | str
    method: None | str
    reference: None | str
    detail: None | str
    actor: None | str
    occurred_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice_id = self.invoice_id

        invoice_number: None | str
        invoice_number = self.invoice_number

        payment_id: None | str
        payment_id = self.payment_id

        kind = self.kind

        amount: int | None
        amount = self.amount

        currency: None | str
        currency = self.currency

        method: None | str
        method = self.method

        reference: None | str
        reference = self.reference

        detail: None | str
        detail = self.detail

        actor: None | str
        actor = self.actor

        occurred_at = self.occurred_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invoice_id": invoice_id,
                "invoice_number": invoice_number,
                "payment_id": payment_id,
                "kind": kind,
                "amount": amount,
                "currency": currency,
                "method": method,
                "reference": reference,
                "detail": detail,
                "actor": actor,
                "occurred_at": occurred_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        invoice_id = d.pop("invoice_id")

        def _parse_invoice_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_number = _parse_invoice_number(d.pop("invoice_number"))

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        kind = d.pop("kind")

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        def _parse_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        method = _parse_method(d.pop("method"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        business_log_entry_response = cls(
            id=id,
            invoice_id=invoice_id,
            invoice_number=invoice_number,
            payment_id=payment_id,
            kind=kind,
            amount=amount,
            currency=currency,
            method=method,
            reference=reference,
            detail=detail,
            actor=actor,
            occurred_at=occurred_at,
        )

        business_log_entry_response.additional_properties = d
        return business_log_entry_response

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
