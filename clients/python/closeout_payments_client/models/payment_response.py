from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentResponse")


@_attrs_define
class PaymentResponse:
    """
    Attributes:
        payment_id (str):
        invoice_id (str):
        provider (str):
        method (str):
        amount (int):
        currency (str):
        status (str):
        amount_refunded (int):
        reference (None | str):
        claim_id (None | str):
        confirmed_by (None | str):
        confirmed_at (datetime.datetime | None):
        attempt_id (None | str):
        checkout_session_id (None | str):
        application_fee_amount (int | None | Unset): The platform fee Stripe took (payment log only; None: none)
        partner_share (int | Unset): Partners' payouts of this payment, not cancelled (payment log only) Default: 0.
    """

    payment_id: str
    invoice_id: str
    provider: str
    method: str
    amount: int
    currency: str
    status: str
    amount_refunded: int
    reference: None | str
    claim_id: None | str
    confirmed_by: None | str
    confirmed_at: datetime.datetime | None
    attempt_id: None | str
    checkout_session_id: None | str
    application_fee_amount: int | None | Unset = UNSET
    partner_share: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment_id = self.payment_id

        invoice_id = self.invoice_id

        provider = self.provider

        method = self.method

        amount = self.amount

        currency = self.currency

        status = self.status

        amount_refunded = self.amount_refunded

        reference: None | str
        reference = self.reference

        claim_id: None | str
        claim_id = self.claim_id

        confirmed_by: None | str
        confirmed_by = self.confirmed_by

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        attempt_id: None | str
        attempt_id = self.attempt_id

        checkout_session_id: None | str
        checkout_session_id = self.checkout_session_id

        application_fee_amount: int | None | Unset
        if isinstance(self.application_fee_amount, Unset):
            application_fee_amount = UNSET
        else:
            application_fee_amount = self.application_fee_amount

        partner_share = self.partner_share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment_id": payment_id,
                "invoice_id": invoice_id,
                "provider": provider,
                "method": method,
                "amount": amount,
                "currency": currency,
                "status": status,
                "amount_refunded": amount_refunded,
                "reference": reference,
                "claim_id": claim_id,
                "confirmed_by": confirmed_by,
                "confirmed_at": confirmed_at,
                "attempt_id": attempt_id,
                "checkout_session_id": checkout_session_id,
            }
        )
        if application_fee_amount is not UNSET:
            field_dict["application_fee_amount"] = application_fee_amount
        if partner_share is not UNSET:
            field_dict["partner_share"] = partner_share

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        payment_id = d.pop("payment_id")

        invoice_id = d.pop("invoice_id")

        provider = d.pop("provider")

        method = d.pop("method")

        amount = d.pop("amount")

        currency = d.pop("currency")

        status = d.pop("status")

        amount_refunded = d.pop("amount_refunded")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_claim_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        claim_id = _parse_claim_id(d.pop("claim_id"))

        def _parse_confirmed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        confirmed_by = _parse_confirmed_by(d.pop("confirmed_by"))

        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))

        def _parse_attempt_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attempt_id = _parse_attempt_id(d.pop("attempt_id"))

        def _parse_checkout_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        checkout_session_id = _parse_checkout_session_id(d.pop("checkout_session_id"))

        def _parse_application_fee_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        application_fee_amount = _parse_application_fee_amount(
            d.pop("application_fee_amount", UNSET)
        )

        partner_share = d.pop("partner_share", UNSET)

        payment_response = cls(
            payment_id=payment_id,
            invoice_id=invoice_id,
            provider=provider,
            method=method,
            amount=amount,
            currency=currency,
            status=status,
            amount_refunded=amount_refunded,
            reference=reference,
            claim_id=claim_id,
            confirmed_by=confirmed_by,
            confirmed_at=confirmed_at,
            attempt_id=attempt_id,
            checkout_session_id=checkout_session_id,
            application_fee_amount=application_fee_amount,
            partner_share=partner_share,
        )

        payment_response.additional_properties = d
        return payment_response

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
