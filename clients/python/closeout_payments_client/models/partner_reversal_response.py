from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_reversal_response_status import PartnerReversalResponseStatus

T = TypeVar("T", bound="PartnerReversalResponse")


@_attrs_define
class PartnerReversalResponse:
    """
    Attributes:
        reversal_id (str):
        payout_id (str):
        refund_key (str):
        amount (int):
        status (PartnerReversalResponseStatus):
        stripe_reversal_id (None | str):
        attempts (int):
        last_error (None | str):
        created_at (datetime.datetime):
        done_at (datetime.datetime | None):
    """

    reversal_id: str
    payout_id: str
    refund_key: str
    amount: int
    status: PartnerReversalResponseStatus
    stripe_reversal_id: None | str
    attempts: int
    last_error: None | str
    created_at: datetime.datetime
    done_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reversal_id = self.reversal_id

        payout_id = self.payout_id

        refund_key = self.refund_key

        amount = self.amount

        status = self.status.value

        stripe_reversal_id: None | str
        stripe_reversal_id = self.stripe_reversal_id

        attempts = self.attempts

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        done_at: None | str
        if isinstance(self.done_at, datetime.datetime):
            done_at = self.done_at.isoformat()
        else:
            done_at = self.done_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reversal_id": reversal_id,
                "payout_id": payout_id,
                "refund_key": refund_key,
                "amount": amount,
                "status": status,
                "stripe_reversal_id": stripe_reversal_id,
                "attempts": attempts,
                "last_error": last_error,
                "created_at": created_at,
                "done_at": done_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reversal_id = d.pop("reversal_id")

        payout_id = d.pop("payout_id")

        refund_key = d.pop("refund_key")

        amount = d.pop("amount")

        status = PartnerReversalResponseStatus(d.pop("status"))

        def _parse_stripe_reversal_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_reversal_id = _parse_stripe_reversal_id(d.pop("stripe_reversal_id"))

        attempts = d.pop("attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_done_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                done_at_type_0 = datetime.datetime.fromisoformat(data)

                return done_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        done_at = _parse_done_at(d.pop("done_at"))

        partner_reversal_response = cls(
            reversal_id=reversal_id,
            payout_id=payout_id,
            refund_key=refund_key,
            amount=amount,
            status=status,
            stripe_reversal_id=stripe_reversal_id,
            attempts=attempts,
            last_error=last_error,
            created_at=created_at,
            done_at=done_at,
        )

        partner_reversal_response.additional_properties = d
        return partner_reversal_response

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
