from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.billing_status import BillingStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.last_payment import LastPayment


T = TypeVar("T", bound="Billing")


@_attrs_define
class Billing:
    """The job's billing mirror: answers "was it paid, when, how" without asking invoicing.

    Attributes:
        status (BillingStatus):
        invoice_id (None | str):
        invoice_number (None | str):
        currency (None | str):
        total (int | None):
        amount_due (int | None):
        amount_paid (int | None):
        amount_refunded (int | None):
        viewed_at (datetime.datetime | None):
        paid_at (datetime.datetime | None):
        last_payment (LastPayment | None):
        last_event_at (datetime.datetime | None):
        amount_credited (int | None | Unset): What the invoice's credit notes took of the paid amount
    """

    status: BillingStatus
    invoice_id: None | str
    invoice_number: None | str
    currency: None | str
    total: int | None
    amount_due: int | None
    amount_paid: int | None
    amount_refunded: int | None
    viewed_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    last_payment: LastPayment | None
    last_event_at: datetime.datetime | None
    amount_credited: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.last_payment import LastPayment

        status = self.status.value

        invoice_id: None | str
        invoice_id = self.invoice_id

        invoice_number: None | str
        invoice_number = self.invoice_number

        currency: None | str
        currency = self.currency

        total: int | None
        total = self.total

        amount_due: int | None
        amount_due = self.amount_due

        amount_paid: int | None
        amount_paid = self.amount_paid

        amount_refunded: int | None
        amount_refunded = self.amount_refunded

        viewed_at: None | str
        if isinstance(self.viewed_at, datetime.datetime):
            viewed_at = self.viewed_at.isoformat()
        else:
            viewed_at = self.viewed_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        last_payment: dict[str, Any] | None
        if isinstance(self.last_payment, LastPayment):
            last_payment = self.last_payment.to_dict()
        else:
            last_payment = self.last_payment

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        amount_credited: int | None | Unset
        if isinstance(self.amount_credited, Unset):
            amount_credited = UNSET
        else:
            amount_credited = self.amount_credited

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "invoice_id": invoice_id,
                "invoice_number": invoice_number,
                "currency": currency,
                "total": total,
                "amount_due": amount_due,
                "amount_paid": amount_paid,
                "amount_refunded": amount_refunded,
                "viewed_at": viewed_at,
                "paid_at": paid_at,
                "last_payment": last_payment,
                "last_event_at": last_event_at,
            }
        )
        if amount_credited is not UNSET:
            field_dict["amount_credited"] = amount_credited

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.last_payment import LastPayment

        d = dict(src_dict)
        status = BillingStatus(d.pop("status"))

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        def _parse_invoice_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_number = _parse_invoice_number(d.pop("invoice_number"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        def _parse_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total = _parse_total(d.pop("total"))

        def _parse_amount_due(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_due = _parse_amount_due(d.pop("amount_due"))

        def _parse_amount_paid(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_paid = _parse_amount_paid(d.pop("amount_paid"))

        def _parse_amount_refunded(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_refunded = _parse_amount_refunded(d.pop("amount_refunded"))

        def _parse_viewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                viewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return viewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        viewed_at = _parse_viewed_at(d.pop("viewed_at"))

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

        def _parse_last_payment(data: object) -> LastPayment | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_payment_type_0 = LastPayment.from_dict(data)

                return last_payment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastPayment | None, data)

        last_payment = _parse_last_payment(d.pop("last_payment"))

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        def _parse_amount_credited(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_credited = _parse_amount_credited(d.pop("amount_credited", UNSET))

        billing = cls(
            status=status,
            invoice_id=invoice_id,
            invoice_number=invoice_number,
            currency=currency,
            total=total,
            amount_due=amount_due,
            amount_paid=amount_paid,
            amount_refunded=amount_refunded,
            viewed_at=viewed_at,
            paid_at=paid_at,
            last_payment=last_payment,
            last_event_at=last_event_at,
            amount_credited=amount_credited,
        )

        billing.additional_properties = d
        return billing

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
