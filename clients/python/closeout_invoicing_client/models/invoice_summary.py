from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_summary_source import InvoiceSummarySource
from ..models.invoice_summary_status import InvoiceSummaryStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invoice_summary_customer import InvoiceSummaryCustomer


T = TypeVar("T", bound="InvoiceSummary")


@_attrs_define
class InvoiceSummary:
    """
    Attributes:
        invoice_id (str):
        business_id (str):
        number (None | str):
        status (InvoiceSummaryStatus):
        version (int):
        source (InvoiceSummarySource): Where it came from: a job, by hand, a CSV import or a recurring schedule
        job_id (None | str): Only a job's invoice has one
        job_external_id (None | str):
        job_title (None | str):
        reissue_of (None | str): The voided invoice this one bills again
        reissued_as (None | str): The invoice that bills this voided one again
        customer (InvoiceSummaryCustomer):
        currency (str):
        tax_mode (str):
        subtotal (int):
        tax_total (int):
        total (int):
        amount_paid (int):
        amount_refunded (int):
        amount_due (int):
        overpaid (bool):
        overdue (bool):
        needs_review (bool):
        review_reason (None | str):
        issued_at (datetime.datetime | None):
        due_date (datetime.date | None):
        paid_at (datetime.datetime | None):
        voided_at (datetime.datetime | None):
        view_count (int):
        created_at (datetime.datetime):
        amount_credited (int | Unset): What credit notes took of the paid amount (no payment changes with it) Default:
            0.
        reminders_paused (bool | Unset): Paused from the business's reminder schedule (no reminders) Default: False.
    """

    invoice_id: str
    business_id: str
    number: None | str
    status: InvoiceSummaryStatus
    version: int
    source: InvoiceSummarySource
    job_id: None | str
    job_external_id: None | str
    job_title: None | str
    reissue_of: None | str
    reissued_as: None | str
    customer: InvoiceSummaryCustomer
    currency: str
    tax_mode: str
    subtotal: int
    tax_total: int
    total: int
    amount_paid: int
    amount_refunded: int
    amount_due: int
    overpaid: bool
    overdue: bool
    needs_review: bool
    review_reason: None | str
    issued_at: datetime.datetime | None
    due_date: datetime.date | None
    paid_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    view_count: int
    created_at: datetime.datetime
    amount_credited: int | Unset = 0
    reminders_paused: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        business_id = self.business_id

        number: None | str
        number = self.number

        status = self.status.value

        version = self.version

        source = self.source.value

        job_id: None | str
        job_id = self.job_id

        job_external_id: None | str
        job_external_id = self.job_external_id

        job_title: None | str
        job_title = self.job_title

        reissue_of: None | str
        reissue_of = self.reissue_of

        reissued_as: None | str
        reissued_as = self.reissued_as

        customer = self.customer.to_dict()

        currency = self.currency

        tax_mode = self.tax_mode

        subtotal = self.subtotal

        tax_total = self.tax_total

        total = self.total

        amount_paid = self.amount_paid

        amount_refunded = self.amount_refunded

        amount_due = self.amount_due

        overpaid = self.overpaid

        overdue = self.overdue

        needs_review = self.needs_review

        review_reason: None | str
        review_reason = self.review_reason

        issued_at: None | str
        if isinstance(self.issued_at, datetime.datetime):
            issued_at = self.issued_at.isoformat()
        else:
            issued_at = self.issued_at

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        view_count = self.view_count

        created_at = self.created_at.isoformat()

        amount_credited = self.amount_credited

        reminders_paused = self.reminders_paused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice_id": invoice_id,
                "business_id": business_id,
                "number": number,
                "status": status,
                "version": version,
                "source": source,
                "job_id": job_id,
                "job_external_id": job_external_id,
                "job_title": job_title,
                "reissue_of": reissue_of,
                "reissued_as": reissued_as,
                "customer": customer,
                "currency": currency,
                "tax_mode": tax_mode,
                "subtotal": subtotal,
                "tax_total": tax_total,
                "total": total,
                "amount_paid": amount_paid,
                "amount_refunded": amount_refunded,
                "amount_due": amount_due,
                "overpaid": overpaid,
                "overdue": overdue,
                "needs_review": needs_review,
                "review_reason": review_reason,
                "issued_at": issued_at,
                "due_date": due_date,
                "paid_at": paid_at,
                "voided_at": voided_at,
                "view_count": view_count,
                "created_at": created_at,
            }
        )
        if amount_credited is not UNSET:
            field_dict["amount_credited"] = amount_credited
        if reminders_paused is not UNSET:
            field_dict["reminders_paused"] = reminders_paused

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_summary_customer import InvoiceSummaryCustomer

        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        business_id = d.pop("business_id")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        status = InvoiceSummaryStatus(d.pop("status"))

        version = d.pop("version")

        source = InvoiceSummarySource(d.pop("source"))

        def _parse_job_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_id = _parse_job_id(d.pop("job_id"))

        def _parse_job_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_external_id = _parse_job_external_id(d.pop("job_external_id"))

        def _parse_job_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_title = _parse_job_title(d.pop("job_title"))

        def _parse_reissue_of(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reissue_of = _parse_reissue_of(d.pop("reissue_of"))

        def _parse_reissued_as(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reissued_as = _parse_reissued_as(d.pop("reissued_as"))

        customer = InvoiceSummaryCustomer.from_dict(d.pop("customer"))

        currency = d.pop("currency")

        tax_mode = d.pop("tax_mode")

        subtotal = d.pop("subtotal")

        tax_total = d.pop("tax_total")

        total = d.pop("total")

        amount_paid = d.pop("amount_paid")

        amount_refunded = d.pop("amount_refunded")

        amount_due = d.pop("amount_due")

        overpaid = d.pop("overpaid")

        overdue = d.pop("overdue")

        needs_review = d.pop("needs_review")

        def _parse_review_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        review_reason = _parse_review_reason(d.pop("review_reason"))

        def _parse_issued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                issued_at_type_0 = datetime.datetime.fromisoformat(data)

                return issued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        issued_at = _parse_issued_at(d.pop("issued_at"))

        def _parse_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due_date = _parse_due_date(d.pop("due_date"))

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

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))

        view_count = d.pop("view_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        amount_credited = d.pop("amount_credited", UNSET)

        reminders_paused = d.pop("reminders_paused", UNSET)

        invoice_summary = cls(
            invoice_id=invoice_id,
            business_id=business_id,
            number=number,
            status=status,
            version=version,
            source=source,
            job_id=job_id,
            job_external_id=job_external_id,
            job_title=job_title,
            reissue_of=reissue_of,
            reissued_as=reissued_as,
            customer=customer,
            currency=currency,
            tax_mode=tax_mode,
            subtotal=subtotal,
            tax_total=tax_total,
            total=total,
            amount_paid=amount_paid,
            amount_refunded=amount_refunded,
            amount_due=amount_due,
            overpaid=overpaid,
            overdue=overdue,
            needs_review=needs_review,
            review_reason=review_reason,
            issued_at=issued_at,
            due_date=due_date,
            paid_at=paid_at,
            voided_at=voided_at,
            view_count=view_count,
            created_at=created_at,
            amount_credited=amount_credited,
            reminders_paused=reminders_paused,
        )

        invoice_summary.additional_properties = d
        return invoice_summary

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
