from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.line_item import LineItem


T = TypeVar("T", bound="InboundJob")


@_attrs_define
class InboundJob:
    """The job record as a field platform reports it (REST body and `jobs.inbound` data).

    Attributes:
        external_id (str):
        title (str):
        customer (Customer):
        currency (str): ISO 4217 code
        site_address (None | str | Unset):
        line_items (list[LineItem] | Unset):
        completed_at (datetime.datetime | None | Unset):
        notes (None | str | Unset):
    """

    external_id: str
    title: str
    customer: Customer
    currency: str
    site_address: None | str | Unset = UNSET
    line_items: list[LineItem] | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        title = self.title

        customer = self.customer.to_dict()

        currency = self.currency

        site_address: None | str | Unset
        if isinstance(self.site_address, Unset):
            site_address = UNSET
        else:
            site_address = self.site_address

        line_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.line_items, Unset):
            line_items = []
            for line_items_item_data in self.line_items:
                line_items_item = line_items_item_data.to_dict()
                line_items.append(line_items_item)

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "title": title,
                "customer": customer,
                "currency": currency,
            }
        )
        if site_address is not UNSET:
            field_dict["site_address"] = site_address
        if line_items is not UNSET:
            field_dict["line_items"] = line_items
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer import Customer
        from ..models.line_item import LineItem

        d = dict(src_dict)
        external_id = d.pop("external_id")

        title = d.pop("title")

        customer = Customer.from_dict(d.pop("customer"))

        currency = d.pop("currency")

        def _parse_site_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        site_address = _parse_site_address(d.pop("site_address", UNSET))

        _line_items = d.pop("line_items", UNSET)
        line_items: list[LineItem] | Unset = UNSET
        if _line_items is not UNSET:
            line_items = []
            for line_items_item_data in _line_items:
                line_items_item = LineItem.from_dict(line_items_item_data)

                line_items.append(line_items_item)

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        inbound_job = cls(
            external_id=external_id,
            title=title,
            customer=customer,
            currency=currency,
            site_address=site_address,
            line_items=line_items,
            completed_at=completed_at,
            notes=notes,
        )

        inbound_job.additional_properties = d
        return inbound_job

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
