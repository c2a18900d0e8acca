from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckoutSessionRequest")


@_attrs_define
class CheckoutSessionRequest:
    """
    Attributes:
        invoice_id (str):
        business_id (str):
        amount (int):
        currency (str): ISO 4217 code
        success_url (str):
        cancel_url (str):
        invoice_number (None | str | Unset):
        customer_email (None | str | Unset):
        description (None | str | Unset):
        stripe_account_id (None | str | Unset):
        correlation_id (None | str | Unset):
    """

    invoice_id: str
    business_id: str
    amount: int
    currency: str
    success_url: str
    cancel_url: str
    invoice_number: None | str | Unset = UNSET
    customer_email: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    stripe_account_id: None | str | Unset = UNSET
    correlation_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        business_id = self.business_id

        amount = self.amount

        currency = self.currency

        success_url = self.success_url

        cancel_url = self.cancel_url

        invoice_number: None | str | Unset
        if isinstance(self.invoice_number, Unset):
            invoice_number = UNSET
        else:
            invoice_number = self.invoice_number

        customer_email: None | str | Unset
        if isinstance(self.customer_email, Unset):
            customer_email = UNSET
        else:
            customer_email = self.customer_email

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        stripe_account_id: None | str | Unset
        if isinstance(self.stripe_account_id, Unset):
            stripe_account_id = UNSET
        else:
            stripe_account_id = self.stripe_account_id

        correlation_id: None | str | Unset
        if isinstance(self.correlation_id, Unset):
            correlation_id = UNSET
        else:
            correlation_id = self.correlation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "invoice_id": invoice_id,
                "business_id": business_id,
                "amount": amount,
                "currency": currency,
                "success_url": success_url,
                "cancel_url": cancel_url,
            }
        )
        if invoice_number is not UNSET:
            field_dict["invoice_number"] = invoice_number
        if customer_email is not UNSET:
            field_dict["customer_email"] = customer_email
        if description is not UNSET:
            field_dict["description"] = description
        if stripe_account_id is not UNSET:
            field_dict["stripe_account_id"] = stripe_account_id
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        business_id = d.pop("business_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        success_url = d.pop("success_url")

        cancel_url = d.pop("cancel_url")

        def _parse_invoice_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invoice_number = _parse_invoice_number(d.pop("invoice_number", UNSET))

        def _parse_customer_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_email = _parse_customer_email(d.pop("customer_email", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_stripe_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_account_id = _parse_stripe_account_id(d.pop("stripe_account_id", UNSET))

        def _parse_correlation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id", UNSET))

        checkout_session_request = cls(
            invoice_id=invoice_id,
            business_id=business_id,
            amount=amount,
            currency=currency,
            success_url=success_url,
            cancel_url=cancel_url,
            invoice_number=invoice_number,
            customer_email=customer_email,
            description=description,
            stripe_account_id=stripe_account_id,
            correlation_id=correlation_id,
        )

        return checkout_session_request
