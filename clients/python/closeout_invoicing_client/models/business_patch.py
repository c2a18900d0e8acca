from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.business_patch_payment_notice_type_0 import (
    BusinessPatchPaymentNoticeType0,
)
from ..models.business_patch_tax_mode_type_0 import BusinessPatchTaxModeType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="BusinessPatch")


@_attrs_define
class BusinessPatch:
    """
    Attributes:
        name (None | str | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        address (None | str | Unset):
        website (None | str | Unset):
        logo_url (None | str | Unset):
        brand_color (None | str | Unset):
        accent_color (None | str | Unset):
        bank_transfer_instructions (None | str | Unset):
        payment_terms_days (int | None | Unset):
        tax_mode (BusinessPatchTaxModeType0 | None | Unset):
        default_currency (None | str | Unset):
        number_prefix (None | str | Unset):
        auto_send (bool | None | Unset):
        link_expiry_days (int | None | Unset):
        admin_email (None | str | Unset):
        stripe_account_id (None | str | Unset):
        timezone (None | str | Unset):
        attach_pdfs (bool | None | Unset): Attach the invoice and receipt PDFs to the emails sent for them
        payment_notice (BusinessPatchPaymentNoticeType0 | None | Unset): When the owner is emailed about a payment: each
            payment, a daily digest, or never (a dispute is always emailed)
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    address: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    logo_url: None | str | Unset = UNSET
    brand_color: None | str | Unset = UNSET
    accent_color: None | str | Unset = UNSET
    bank_transfer_instructions: None | str | Unset = UNSET
    payment_terms_days: int | None | Unset = UNSET
    tax_mode: BusinessPatchTaxModeType0 | None | Unset = UNSET
    default_currency: None | str | Unset = UNSET
    number_prefix: None | str | Unset = UNSET
    auto_send: bool | None | Unset = UNSET
    link_expiry_days: int | None | Unset = UNSET
    admin_email: None | str | Unset = UNSET
    stripe_account_id: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    attach_pdfs: bool | None | Unset = UNSET
    payment_notice: BusinessPatchPaymentNoticeType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        logo_url: None | str | Unset
        if isinstance(self.logo_url, Unset):
            logo_url = UNSET
        else:
            logo_url = self.logo_url

        brand_color: None | str | Unset
        if isinstance(self.brand_color, Unset):
            brand_color = UNSET
        else:
            brand_color = self.brand_color

        accent_color: None | str | Unset
        if isinstance(self.accent_color, Unset):
            accent_color = UNSET
        else:
            accent_color = self.accent_color

        bank_transfer_instructions: None | str | Unset
        if isinstance(self.bank_transfer_instructions, Unset):
            bank_transfer_instructions = UNSET
        else:
            bank_transfer_instructions = self.bank_transfer_instructions

        payment_terms_days: int | None | Unset
        if isinstance(self.payment_terms_days, Unset):
            payment_terms_days = UNSET
        else:
            payment_terms_days = self.payment_terms_days

        tax_mode: None | str | Unset
        if isinstance(self.tax_mode, Unset):
            tax_mode = UNSET
        elif isinstance(self.tax_mode, BusinessPatchTaxModeType0):
            tax_mode = self.tax_mode.value
        else:
            tax_mode = self.tax_mode

        default_currency: None | str | Unset
        if isinstance(self.default_currency, Unset):
            default_currency = UNSET
        else:
            default_currency = self.default_currency

        number_prefix: None | str | Unset
        if isinstance(self.number_prefix, Unset):
            number_prefix = UNSET
        else:
            number_prefix = self.number_prefix

        auto_send: bool | None | Unset
        if isinstance(self.auto_send, Unset):
            auto_send = UNSET
        else:
            auto_send = self.auto_send

        link_expiry_days: int | None | Unset
        if isinstance(self.link_expiry_days, Unset):
            link_expiry_days = UNSET
        else:
            link_expiry_days = self.link_expiry_days

        admin_email: None | str | Unset
        if isinstance(self.admin_email, Unset):
            admin_email = UNSET
        else:
            admin_email = self.admin_email

        stripe_account_id: None | str | Unset
        if isinstance(self.stripe_account_id, Unset):
            stripe_account_id = UNSET
        else:
            stripe_account_id = self.stripe_account_id

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        attach_pdfs: bool | None | Unset
        if isinstance(self.attach_pdfs, Unset):
            attach_pdfs = UNSET
        else:
            attach_pdfs = self.attach_pdfs

        payment_notice: None | str | Unset
        if isinstance(self.payment_notice, Unset):
            payment_notice = UNSET
        elif isinstance(self.payment_notice, BusinessPatchPaymentNoticeType0):
            payment_notice = self.payment_notice.value
        else:
            payment_notice = self.payment_notice

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if address is not UNSET:
            field_dict["address"] = address
        if website is not UNSET:
            field_dict["website"] = website
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if brand_color is not UNSET:
            field_dict["brand_color"] = brand_color
        if accent_color is not UNSET:
            field_dict["accent_color"] = accent_color
        if bank_transfer_instructions is not UNSET:
            field_dict["bank_transfer_instructions"] = bank_transfer_instructions
        if payment_terms_days is not UNSET:
            field_dict["payment_terms_days"] = payment_terms_days
        if tax_mode is not UNSET:
            field_dict["tax_mode"] = tax_mode
        if default_currency is not UNSET:
            field_dict["default_currency"] = default_currency
        if number_prefix is not UNSET:
            field_dict["number_prefix"] = number_prefix
        if auto_send is not UNSET:
            field_dict["auto_send"] = auto_send
        if link_expiry_days is not UNSET:
            field_dict["link_expiry_days"] = link_expiry_days
        if admin_email is not UNSET:
            field_dict["admin_email"] = admin_email
        if stripe_account_id is not UNSET:
            field_dict["stripe_account_id"] = stripe_account_id
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if attach_pdfs is not UNSET:
            field_dict["attach_pdfs"] = attach_pdfs
        if payment_notice is not UNSET:
            field_dict["payment_notice"] = payment_notice

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        def _parse_logo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo_url = _parse_logo_url(d.pop("logo_url", UNSET))

        def _parse_brand_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        brand_color = _parse_brand_color(d.pop("brand_color", UNSET))

        def _parse_accent_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accent_color = _parse_accent_color(d.pop("accent_color", UNSET))

        def _parse_bank_transfer_instructions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bank_transfer_instructions = _parse_bank_transfer_instructions(
            d.pop("bank_transfer_instructions", UNSET)
        )

        def _parse_payment_terms_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        payment_terms_days = _parse_payment_terms_days(
            d.pop("payment_terms_days", UNSET)
        )

        def _parse_tax_mode(data: object) -> BusinessPatchTaxModeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_mode_type_0 = BusinessPatchTaxModeType0(data)

                return tax_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BusinessPatchTaxModeType0 | None | Unset, data)

        tax_mode = _parse_tax_mode(d.pop("tax_mode", UNSET))

        def _parse_default_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_currency = _parse_default_currency(d.pop("default_currency", UNSET))

        def _parse_number_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number_prefix = _parse_number_prefix(d.pop("number_prefix", UNSET))

        def _parse_auto_send(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_send = _parse_auto_send(d.pop("auto_send", UNSET))

        def _parse_link_expiry_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        link_expiry_days = _parse_link_expiry_days(d.pop("link_expiry_days", UNSET))

        def _parse_admin_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        admin_email = _parse_admin_email(d.pop("admin_email", UNSET))

        def _parse_stripe_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_account_id = _parse_stripe_account_id(d.pop("stripe_account_id", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_attach_pdfs(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        attach_pdfs = _parse_attach_pdfs(d.pop("attach_pdfs", UNSET))

        def _parse_payment_notice(
            data: object,
        ) -> BusinessPatchPaymentNoticeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_notice_type_0 = BusinessPatchPaymentNoticeType0(data)

                return payment_notice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BusinessPatchPaymentNoticeType0 | None | Unset, data)

        payment_notice = _parse_payment_notice(d.pop("payment_notice", UNSET))

        business_patch = cls(
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

        return business_patch
