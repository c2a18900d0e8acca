from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.line_item import LineItem


T = TypeVar("T", bound="RruleIn")


@_attrs_define
class RruleIn:
    """
    Attributes:
        customer (Customer):
        lines (list[LineItem]):
        frequency (Literal['rrule']):
        rrule (str): An RFC 5545 RRULE, daily or coarser, with at least one date from start_date
        start_date (datetime.date): The first period's date (business-local), at most 366 days ago
        currency (None | str | Unset): Else the business's currency
        interval_days (None | Unset):
        end_date (datetime.date | None | Unset): No period after this date (not before start_date)
        count (int | None | Unset): At most this many periods
        send (bool | Unset): false: each period makes a draft; true: sends it Default: False.
        terms_days (int | None | Unset): Days from issue to due; else the business's terms
        notes (None | str | Unset):
    """

    customer: Customer
    lines: list[LineItem]
    frequency: Literal["rrule"]
    rrule: str
    start_date: datetime.date
    currency: None | str | Unset = UNSET
    interval_days: None | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET
    count: int | None | Unset = UNSET
    send: bool | Unset = False
    terms_days: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer = self.customer.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        frequency = self.frequency

        rrule = self.rrule

        start_date = self.start_date.isoformat()

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        interval_days = self.interval_days

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        count: int | None | Unset
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        send = self.send

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer": customer,
                "lines": lines,
                "frequency": frequency,
                "rrule": rrule,
                "start_date": start_date,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if interval_days is not UNSET:
            field_dict["interval_days"] = interval_days
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if count is not UNSET:
            field_dict["count"] = count
        if send is not UNSET:
            field_dict["send"] = send
        if terms_days is not UNSET:
            field_dict["terms_days"] = terms_days
        if notes is not UNSET:
            field_dict["notes"] = notes

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

        frequency = cast(Literal["rrule"], d.pop("frequency"))
        if frequency != "rrule":
            raise ValueError(f"frequency must match const 'rrule', got '{frequency}'")

        rrule = d.pop("rrule")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        interval_days = d.pop("interval_days", UNSET)

        def _parse_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_date = _parse_end_date(d.pop("end_date", UNSET))

        def _parse_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))

        send = d.pop("send", UNSET)

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

        rrule_in = cls(
            customer=customer,
            lines=lines,
            frequency=frequency,
            rrule=rrule,
            start_date=start_date,
            currency=currency,
            interval_days=interval_days,
            end_date=end_date,
            count=count,
            send=send,
            terms_days=terms_days,
            notes=notes,
        )

        return rrule_in
