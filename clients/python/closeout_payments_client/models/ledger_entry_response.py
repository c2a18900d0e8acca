from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LedgerEntryResponse")


@_attrs_define
class LedgerEntryResponse:
    """
    Attributes:
        kind (str):
        occurred_at (datetime.datetime):
        amount (int | None):
        currency (None | str):
        method (None | str):
        reference (None | str):
        payment_id (None | str):
        attempt_id (None | str):
        detail (None | str):
        actor (None | str):
    """

    kind: str
    occurred_at: datetime.datetime
    amount: int | None
    currency: None | str
    method: None | str
    reference: None | str
    payment_id: None | str
    attempt_id: None | str
    detail: None | str
    actor: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        occurred_at = self.occurred_at.isoformat()

        amount: int | None
        amount = self.amount

        currency: None | str
        currency = self.currency

        method: None | str
        method = self.method

        reference: None | str
        reference = self.reference

        payment_id: None | str
        payment_id = self.payment_id

        attempt_id: None | str
        attempt_id = self.attempt_id

        detail: None | str
        detail = self.detail

        actor: None | str
        actor = self.actor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "occurred_at": occurred_at,
                "amount": amount,
                "currency": currency,
                "method": method,
                "reference": reference,
                "payment_id": payment_id,
                "attempt_id": attempt_id,
                "detail": detail,
                "actor": actor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = d.pop("kind")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

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

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        def _parse_attempt_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attempt_id = _parse_attempt_id(d.pop("attempt_id"))

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

        ledger_entry_response = cls(
            kind=kind,
            occurred_at=occurred_at,
            amount=amount,
            currency=currency,
            method=method,
            reference=reference,
            payment_id=payment_id,
            attempt_id=attempt_id,
            detail=detail,
            actor=actor,
        )

        ledger_entry_response.additional_properties = d
        return ledger_entry_response

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
