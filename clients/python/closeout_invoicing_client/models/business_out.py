from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.business_out_payment_notice import BusinessOutPaymentNotice

T = TypeVar("T", bound="BusinessOut")


@_attrs_define
class BusinessOut:
    """
    Attributes:
        business_id (str):
        name (str):
        email (None | str):
        phone (None | str):
        address (None | str):
        website (None | str):
        logo_url (None | str):
        brand_color (None | str):
        accent_color (None | str):
        bank_transfer_instructions (None | str):
        payment_terms_days (int):
        tax_mode (str):
        default_currency (str):
        number_prefix (str):
        auto_send (bool):
        link_expiry_days (int):
        admin_email (None | str):
        stripe_account_id (None | str):
        timezone (str):
        attach_pdfs (bool):
        payment_notice (BusinessOutPaymentNotice):
    """

    business_id: str
    name: str
    email: None | str
    phone: None | str
    address: None | str
    website: None | str
    logo_url: None | str
    brand_color: None | str
    accent_color: None | str
    bank_transfer_instructions: None | str
    payment_terms_days: int
    tax_mode: str
    default_currency: str
    number_prefix: str
    auto_send: bool
    link_expiry_days: int
    admin_email: None | str
    stripe_account_id: None | str
    timezone: str
    attach_pdfs: bool
    payment_notice: BusinessOutPaymentNotice
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        business_id = self.business_id

        name = self.name

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        address: None | str
        address = self.address

        website: None | str
        website = self.website

        logo_url: None | str
        logo_url = self.logo_url

        brand_color: None | str
        brand_color = self.brand_color

        accent_color: None | str
        accent_color = self.accent_color

        bank_transfer_instructions: None | str
        bank_transfer_instructions = self.bank_transfer_instructions

        payment_terms_days = self.payment_terms_days

        tax_mode = self.tax_mode

        default_currency = self.default_currency

        number_prefix = self.number_prefix

        auto_send = self.auto_send

        link_expiry_days = self.link_expiry_days

        admin_email: None | str
        admin_email = self.admin_email

        stripe_account_id: None | str
        stripe_account_id = self.stripe_account_id

        timezone = self.timezone

        attach_pdfs = self.attach_pdfs

        payment_notice = self.payment_notice.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "business_id": business_id,
                "name": name,
                "email": email,
                "phone": phone,
                "address": address,
                "website": website,
                "logo_url": logo_url,
                "brand_color": brand_color,
                "accent_color": accent_color,
                "bank_transfer_instructions": bank_transfer_instructions,
                "payment_terms_days": payment_terms_days,
                "tax_mode": tax_mode,
                "default_currency": default_currency,
                "number_prefix": number_prefix,
                "auto_send": auto_send,
                "link_expiry_days": link_expiry_days,
                "admin_email": admin_email,
                "stripe_account_id": stripe_account_id,
                "timezone": timezone,
                "attach_pdfs": attach_pdfs,
                "payment_notice": payment_notice,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        business_id = d.pop("business_id")

        name = d.pop("name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        def _parse_website(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        website = _parse_website(d.pop("website"))

        def _parse_logo_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        logo_url = _parse_logo_url(d.pop("logo_url"))

        def _parse_brand_color(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        brand_color = _parse_brand_color(d.pop("brand_color"))

        def _parse_accent_color(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        accent_color = _parse_accent_color(d.pop("accent_color"))

        def _parse_bank_transfer_instructions(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bank_transfer_instructions = _parse_bank_transfer_instructions(
            d.pop("bank_transfer_instructions")
        )

        payment_terms_days = d.pop("payment_terms_days")

        tax_mode = d.pop("tax_mode")

        default_currency = d.pop("default_currency")

        number_prefix = d.pop("number_prefix")

        auto_send = d.pop("auto_send")

        link_expiry_days = d.pop("link_expiry_days")

        def _parse_admin_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        admin_email = _parse_admin_email(d.pop("admin_email"))

        def _parse_stripe_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_account_id = _parse_stripe_account_id(d.pop("stripe_account_id"))

        timezone = d.pop("timezone")

        attach_pdfs = d.pop("attach_pdfs")

        payment_notice = BusinessOutPaymentNotice(d.pop("payment_notice"))

        business_out = cls(
            business_id=business_id,
            name=name,
            email=email,
            phone=phone,
            address=address,
            website=website,
            logo_url=logo_url,
            brand_color=brand_color,
            accent_color=accent_color,
            bank_transfer_instructions=bank_transfer_instructions,
            payment_terms_days=payment_terms_days,
            tax_mode=tax_mode,
            default_currency=default_currency,
            number_prefix=number_prefix,
            auto_send=auto_send,
            link_expiry_days=link_expiry_days,
            admin_email=admin_email,
            stripe_account_id=stripe_account_id,
            timezone=timezone,
            attach_pdfs=attach_pdfs,
            payment_notice=payment_notice,
        )

        business_out.additional_properties = d
        return business_out

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
