from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.business_patch_payment_notice import BusinessPatchPaymentNotice
from ..models.business_patch_tax_mode import BusinessPatchTaxMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="BusinessPatch")


@_attrs_define
class BusinessPatch:
    """Only the fields given change; a setting every business needs cannot be cleared (its
    schema allows no null), the optional ones can (null).

        Attributes:
            name (str | Unset):
            email (None | str | Unset):
            phone (None | str | Unset):
            address (None | str | Unset):
            website (None | str | Unset):
            logo_url (None | str | Unset):
            brand_color (None | str | Unset):
            accent_color (None | str | Unset):
            bank_transfer_instructions (None | str | Unset):
            payment_terms_days (int | Unset):
            tax_mode (BusinessPatchTaxMode | Unset):
            default_currency (str | Unset): ISO 4217 code
            number_prefix (str | Unset):
            auto_send (bool | Unset):
            link_expiry_days (int | Unset):
            admin_email (None | str | Unset):
            stripe_account_id (None | str | Unset):
            timezone (str | Unset):
            attach_pdfs (bool | Unset): Attach the invoice and receipt PDFs to the emails sent for them
            payment_notice (BusinessPatchPaymentNotice | Unset): When the owner is emailed about a payment: each payment, a
                daily digest, or never (a dispute is always emailed)
    """

    name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    address: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    logo_url: None | str | Unset = UNSET
    brand_color: None | str | Unset = UNSET
    accent_color: None | str | Unset = UNSET
    bank_transfer_instructions: None | str | Unset = UNSET
    payment_terms_days: int | Unset = UNSET
    tax_mode: BusinessPatchTaxMode | Unset = UNSET
    default_currency: str | Unset = UNSET
    number_prefix: str | Unset = UNSET
    auto_send: bool | Unset = UNSET
    link_expiry_days: int | Unset = UNSET
    admin_email: None | str | Unset = UNSET
    stripe_account_id: None | str | Unset = UNSET
    timezone: str | Unset = UNSET
    attach_pdfs: bool | Unset = UNSET
    payment_notice: BusinessPatchPaymentNotice | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        payment_terms_days = self.payment_terms_days

        tax_mode: str | Unset = UNSET
        if not isinstance(self.tax_mode, Unset):
            tax_mode = self.tax_mode.value

        default_currency = self.default_currency

        number_prefix = self.number_prefix

        auto_send = self.auto_send

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

        timezone = self.timezone

        attach_pdfs = self.attach_pdfs

        payment_notice: str | Unset = UNSET
        if not isinstance(self.payment_notice, Unset):
            payment_notice = self.payment_notice.value

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
        name = d.pop("name", UNSET)

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

        payment_terms_days = d.pop("payment_terms_days", UNSET)

        _tax_mode = d.pop("tax_mode", UNSET)
        tax_mode: BusinessPatchTaxMode | Unset
        if isinstance(_tax_mode, Unset):
            tax_mode = UNSET
        else:
            tax_mode = BusinessPatchTaxMode(_tax_mode)

        default_currency = d.pop("default_currency", UNSET)

        number_prefix = d.pop("number_prefix", UNSET)

        auto_send = d.pop("auto_send", UNSET)

        link_expiry_days = d.pop("link_expiry_days", UNSET)

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

        timezone = d.pop("timezone", UNSET)

        attach_pdfs = d.pop("attach_pdfs", UNSET)

        _payment_notice = d.pop("payment_notice", UNSET)
        payment_notice: BusinessPatchPaymentNotice | Unset
        if isinstance(_payment_notice, Unset):
            payment_notice = UNSET
        else:
            payment_notice = BusinessPatchPaymentNotice(_payment_notice)

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
