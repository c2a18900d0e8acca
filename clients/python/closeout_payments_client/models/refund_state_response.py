from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_state_response_status import RefundStateResponseStatus

T = TypeVar("T", bound="RefundStateResponse")


@_attrs_define
class RefundStateResponse:
    """
    Attributes:
        refund_id (str):
        payment_id (None | str):
        amount (int | None):
        currency (None | str):
        status (RefundStateResponseStatus):
        failure_reason (None | str): Stripe's reason, when the refund failed
        requested_at (datetime.datetime | None):
        updated_at (datetime.datetime):
    """

    refund_id: str
    payment_id: None | str
    amount: int | None
    currency: None | str
    status: RefundStateResponseStatus
    failure_reason: None | str
    requested_at: datetime.datetime | None
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        refund_id = self.refund_id

        payment_id: None | str
        payment_id = self.payment_id

        amount: int | None
        amount = self.amount

        currency: None | str
        currency = self.currency

        status = self.status.value

        failure_reason: None | str
        failure_reason = self.failure_reason

        requested_at: None | str
        if isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refund_id": refund_id,
                "payment_id": payment_id,
                "amount": amount,
                "currency": currency,
                "status": status,
                "failure_reason": failure_reason,
                "requested_at": requested_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        refund_id = d.pop("refund_id")

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

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

        status = RefundStateResponseStatus(d.pop("status"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))

        def _parse_requested_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_at_type_0 = datetime.datetime.fromisoformat(data)

                return requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        requested_at = _parse_requested_at(d.pop("requested_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        refund_state_response = cls(
            refund_id=refund_id,
            payment_id=payment_id,
            amount=amount,
            currency=currency,
            status=status,
            failure_reason=failure_reason,
            requested_at=requested_at,
            updated_at=updated_at,
        )

        refund_state_response.additional_properties = d
        return refund_state_response

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
