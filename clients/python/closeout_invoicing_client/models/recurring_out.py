from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recurring_out_frequency import RecurringOutFrequency
from ..models.recurring_out_status import RecurringOutStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.line_item import LineItem
    from ..models.recurring_period_out import RecurringPeriodOut


T = TypeVar("T", bound="RecurringOut")


@_attrs_define
class RecurringOut:
    """
    Attributes:
        schedule_id (str):
        customer (Customer):
        lines (list[LineItem]):
        currency (str):
        frequency (RecurringOutFrequency):
        interval_days (int | None):
        rrule (None | str):
        start_date (datetime.date):
        end_date (datetime.date | None):
        count (int | None):
        send (bool):
        terms_days (int | None):
        notes (None | str):
        status (RecurringOutStatus):
        next_run_at (datetime.datetime | None): When the next period's invoice is made
        upcoming (list[datetime.date]): The next periods' dates (at most 5)
        created_at (datetime.datetime):
        invoices (list[RecurringPeriodOut] | None | Unset): The invoices made so far, oldest first (on one schedule's
            page)
    """

    schedule_id: str
    customer: Customer
    lines: list[LineItem]
    currency: str
    frequency: RecurringOutFrequency
    interval_days: int | None
    rrule: None | str
    start_date: datetime.date
    end_date: datetime.date | None
    count: int | None
    send: bool
    terms_days: int | None
    notes: None | str
    status: RecurringOutStatus
    next_run_at: datetime.datetime | None
    upcoming: list[datetime.date]
    created_at: datetime.datetime
    invoices: list[RecurringPeriodOut] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schedule_id = self.schedule_id

        customer = self.customer.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        currency = self.currency

        frequency = self.frequency.value

        interval_days: int | None
        interval_days = self.interval_days

        rrule: None | str
        rrule = self.rrule

        start_date = self.start_date.isoformat()

        end_date: None | str
        if isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        count: int | None
        count = self.count

        send = self.send

        terms_days: int | None
        terms_days = self.terms_days

        notes: None | str
        notes = self.notes

        status = self.status.value

        next_run_at: None | str
        if isinstance(self.next_run_at, datetime.datetime):
            next_run_at = self.next_run_at.isoformat()
        else:
            next_run_at = self.next_run_at

        upcoming = []
        for upcoming_item_data in self.upcoming:
            upcoming_item = upcoming_item_data.isoformat()
            upcoming.append(upcoming_item)

        created_at = self.created_at.isoformat()

        invoices: list[dict[str, Any]] | None | Unset
        if isinstance(self.invoices, Unset):
            invoices = UNSET
        elif isinstance(self.invoices, list):
            invoices = []
            for invoices_type_0_item_data in self.invoices:
                invoices_type_0_item = invoices_type_0_item_data.to_dict()
                invoices.append(invoices_type_0_item)

        else:
            invoices = self.invoices

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "schedule_id": schedule_id,
                "customer": customer,
                "lines": lines,
                "currency": currency,
                "frequency": frequency,
                "interval_days": interval_days,
                "rrule": rrule,
                "start_date": start_date,
                "end_date": end_date,
                "count": count,
                "send": send,
                "terms_days": terms_days,
                "notes": notes,
                "status": status,
                "next_run_at": next_run_at,
                "upcoming": upcoming,
                "created_at": created_at,
            }
        )
        if invoices is not UNSET:
            field_dict["invoices"] = invoices

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer import Customer
        from ..models.line_item import LineItem
        from ..models.recurring_period_out import RecurringPeriodOut

        d = dict(src_dict)
        schedule_id = d.pop("schedule_id")

        customer = Customer.from_dict(d.pop("customer"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineItem.from_dict(lines_item_data)

            lines.append(lines_item)

        currency = d.pop("currency")

        frequency = RecurringOutFrequency(d.pop("frequency"))

        def _parse_interval_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        interval_days = _parse_interval_days(d.pop("interval_days"))

        def _parse_rrule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rrule = _parse_rrule(d.pop("rrule"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_end_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_date = _parse_end_date(d.pop("end_date"))

        def _parse_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        count = _parse_count(d.pop("count"))

        send = d.pop("send")

        def _parse_terms_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        terms_days = _parse_terms_days(d.pop("terms_days"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        status = RecurringOutStatus(d.pop("status"))

        def _parse_next_run_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_run_at = _parse_next_run_at(d.pop("next_run_at"))

        upcoming = []
        _upcoming = d.pop("upcoming")
        for upcoming_item_data in _upcoming:
            upcoming_item = datetime.date.fromisoformat(upcoming_item_data)

            upcoming.append(upcoming_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_invoices(data: object) -> list[RecurringPeriodOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                invoices_type_0 = []
                _invoices_type_0 = data
                for invoices_type_0_item_data in _invoices_type_0:
                    invoices_type_0_item = RecurringPeriodOut.from_dict(
                        invoices_type_0_item_data
                    )

                    invoices_type_0.append(invoices_type_0_item)

                return invoices_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RecurringPeriodOut] | None | Unset, data)

        invoices = _parse_invoices(d.pop("invoices", UNSET))

        recurring_out = cls(
            schedule_id=schedule_id,
            customer=customer,
            lines=lines,
            currency=currency,
            frequency=frequency,
            interval_days=interval_days,
            rrule=rrule,
            start_date=start_date,
            end_date=end_date,
            count=count,
            send=send,
            terms_days=terms_days,
            notes=notes,
            status=status,
            next_run_at=next_run_at,
            upcoming=upcoming,
            created_at=created_at,
            invoices=invoices,
        )

        recurring_out.additional_properties = d
        return recurring_out

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
