from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_payout_response_status import PartnerPayoutResponseStatus

T = TypeVar("T", bound="PartnerPayoutResponse")


@_attrs_define
class PartnerPayoutResponse:
    """
    Attributes:
        payout_id (str):
        partner_id (str):
        payment_id (str):
        invoice_id (str):
        amount (int):
        currency (str):
        status (PartnerPayoutResponseStatus):
        transfer_id (None | str):
        attempts (int):
        last_error (None | str): Why the last try did not pay (refused, waiting)
        created_at (datetime.datetime):
        paid_at (datetime.datetime | None):
    """

    payout_id: str
    partner_id: str
    payment_id: str
    invoice_id: str
    amount: int
    currency: str
    status: PartnerPayoutResponseStatus
    transfer_id: None | str
    attempts: int
    last_error: None | str
    created_at: datetime.datetime
    paid_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payout_id = self.payout_id

        partner_id = self.partner_id

        payment_id = self.payment_id

        invoice_id = self.invoice_id

        amount = self.amount

        currency = self.currency

        status = self.status.value

        transfer_id: None | str
        transfer_id = self.transfer_id

        attempts = self.attempts

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payout_id": payout_id,
                "partner_id": partner_id,
                "payment_id": payment_id,
                "invoice_id": invoice_id,
                "amount": amount,
                "currency": currency,
                "status": status,
                "transfer_id": transfer_id,
                "attempts": attempts,
                "last_error": last_error,
                "created_at": created_at,
                "paid_at": paid_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        payout_id = d.pop("payout_id")

        partner_id = d.pop("partner_id")

        payment_id = d.pop("payment_id")

        invoice_id = d.pop("invoice_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        status = PartnerPayoutResponseStatus(d.pop("status"))

        def _parse_transfer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        transfer_id = _parse_transfer_id(d.pop("transfer_id"))

        attempts = d.pop("attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        partner_payout_response = cls(
            payout_id=payout_id,
            partner_id=partner_id,
            payment_id=payment_id,
            invoice_id=invoice_id,
            amount=amount,
            currency=currency,
            status=status,
            transfer_id=transfer_id,
            attempts=attempts,
            last_error=last_error,
            created_at=created_at,
            paid_at=paid_at,
        )

        partner_payout_response.additional_properties = d
        return partner_payout_response

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
