from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.line_item import LineItem


T = TypeVar("T", bound="NewInvoiceIn")


@_attrs_define
class NewInvoiceIn:
    """An invoice made by hand (`POST /v1/invoices`); left out: the business's settings.

    Attributes:
        customer (Customer):
        lines (list[LineItem]):
        currency (None | str | Unset): Else the business's currency
        due_date (datetime.date | None | Unset): Or `terms_days`, not both
        terms_days (int | None | Unset): Days from issue to due; else the business's terms
        notes (None | str | Unset):
        number (None | str | Unset): A number of your own, unique in the business; else the next of its series
        send (bool | Unset): false: a draft; true: issue and send it now Default: False.
    """

    customer: Customer
    lines: list[LineItem]
    currency: None | str | Unset = UNSET
    due_date: datetime.date | None | Unset = UNSET
    terms_days: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    send: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        customer = self.customer.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        due_date: None | str | Unset
        if isinstance(self.due_date, Unset):
            due_date = UNSET
        elif isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        terms_days: int | None | Unset
        if isinstance(self.terms_days, Unset):
            terms_days = UNSET
        else:
            terms_days = self.terms_days

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        send = self.send

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer": customer,
                "lines": lines,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if terms_days is not UNSET:
            field_dict["terms_days"] = terms_days
        if notes is not UNSET:
            field_dict["notes"] = notes
        if number is not UNSET:
            field_dict["number"] = number
        if send is not UNSET:
            field_dict["send"] = send

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer import Customer
        from ..models.line_item import LineItem

        d = dict(src_dict)
        customer = Customer.from_dict(d.pop("customer"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineItem.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_due_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        due_date = _parse_due_date(d.pop("due_date", UNSET))

        def _parse_terms_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        terms_days = _parse_terms_days(d.pop("terms_days", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))

        send = d.pop("send", UNSET)

        new_invoice_in = cls(
            customer=customer,
            lines=lines,
            currency=currency,
            due_date=due_date,
            terms_days=terms_days,
            notes=notes,
            number=number,
            send=send,
        )

        return new_invoice_in
