from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_out_status import JobOutStatus

if TYPE_CHECKING:
    from ..models.billing import Billing
    from ..models.customer import Customer
    from ..models.line_item import LineItem


T = TypeVar("T", bound="JobOut")


@_attrs_define
class JobOut:
    """
    Attributes:
        job_id (str):
        external_id (str):
        status (JobOutStatus):
        revision (int):
        title (str):
        customer (Customer):
        site_address (None | str):
        currency (str):
        line_items (list[LineItem]):
        completed_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        notes (None | str):
        correlation_id (str):
        source (str):
        billing (Billing): The job's billing mirror: answers "was it paid, when, how" without asking invoicing.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    job_id: str
    external_id: str
    status: JobOutStatus
    revision: int
    title: str
    customer: Customer
    site_address: None | str
    currency: str
    line_items: list[LineItem]
    completed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    notes: None | str
    correlation_id: str
    source: str
    billing: Billing
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        external_id = self.external_id

        status = self.status.value

        revision = self.revision

        title = self.title

        customer = self.customer.to_dict()

        site_address: None | str
        site_address = self.site_address

        currency = self.currency

        line_items = []
        for line_items_item_data in self.line_items:
            line_items_item = line_items_item_data.to_dict()
            line_items.append(line_items_item)

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        notes: None | str
        notes = self.notes

        correlation_id = self.correlation_id

        source = self.source

        billing = self.billing.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "external_id": external_id,
                "status": status,
                "revision": revision,
                "title": title,
                "customer": customer,
                "site_address": site_address,
                "currency": currency,
                "line_items": line_items,
                "completed_at": completed_at,
                "cancelled_at": cancelled_at,
                "notes": notes,
                "correlation_id": correlation_id,
                "source": source,
                "billing": billing,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.billing import Billing
        from ..models.customer import Customer
        from ..models.line_item import LineItem

        d = dict(src_dict)
        job_id = d.pop("job_id")

        external_id = d.pop("external_id")

        status = JobOutStatus(d.pop("status"))

        revision = d.pop("revision")

        title = d.pop("title")

        customer = Customer.from_dict(d.pop("customer"))

        def _parse_site_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        site_address = _parse_site_address(d.pop("site_address"))

        currency = d.pop("currency")

        line_items = []
        _line_items = d.pop("line_items")
        for line_items_item_data in _line_items:
            line_items_item = LineItem.from_dict(line_items_item_data)

            line_items.append(line_items_item)

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        correlation_id = d.pop("correlation_id")

        source = d.pop("source")

        billing = Billing.from_dict(d.pop("billing"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        job_out = cls(
            job_id=job_id,
            external_id=external_id,
            status=status,
            revision=revision,
            title=title,
            customer=customer,
            site_address=site_address,
            currency=currency,
            line_items=line_items,
            completed_at=completed_at,
            cancelled_at=cancelled_at,
            notes=notes,
            correlation_id=correlation_id,
            source=source,
            billing=billing,
            created_at=created_at,
            updated_at=updated_at,
        )

        job_out.additional_properties = d
        return job_out

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
