from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.manual_payment_request_method import ManualPaymentRequestMethod
from ..types import UNSET, Unset

T = TypeVar("T", bound="ManualPaymentRequest")


@_attrs_define
class ManualPaymentRequest:
    """
    Attributes:
        amount (int):
        currency (str): ISO 4217 code
        method (ManualPaymentRequestMethod):
        reference (None | str | Unset):
        claim_id (None | str | Unset):
        occurred_at (datetime.datetime | None | Unset):
    """

    amount: int
    currency: str
    method: ManualPaymentRequestMethod
    reference: None | str | Unset = UNSET
    claim_id: None | str | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        method = self.method.value

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        claim_id: None | str | Unset
        if isinstance(self.claim_id, Unset):
            claim_id = UNSET
        else:
            claim_id = self.claim_id

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "method": method,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference
        if claim_id is not UNSET:
            field_dict["claim_id"] = claim_id
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        method = ManualPaymentRequestMethod(d.pop("method"))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_claim_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_id = _parse_claim_id(d.pop("claim_id", UNSET))

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        manual_payment_request = cls(
            amount=amount,
            currency=currency,
            method=method,
            reference=reference,
            claim_id=claim_id,
            occurred_at=occurred_at,
        )

        return manual_payment_request
