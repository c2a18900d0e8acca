from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_detail_source import InvoiceDetailSource
from ..models.invoice_detail_status import InvoiceDetailStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.claim_out import ClaimOut
    from ..models.credit_note import CreditNote
    from ..models.invoice_detail_customer import InvoiceDetailCustomer
    from ..models.line_out import LineOut
    from ..models.link_out import LinkOut
    from ..models.payment_out import PaymentOut
    from ..models.pending_review_out import PendingReviewOut
    from ..models.receipt_out import ReceiptOut
    from ..models.timeline_entry import TimelineEntry


T = TypeVar("T", bound="InvoiceDetail")


@_attrs_define
class InvoiceDetail:
    """
    Attributes:
        invoice_id (str):
        business_id (str):
        number (None | str):
        status (InvoiceDetailStatus):
        version (int):
        source (InvoiceDetailSource): Where it came from: a job, by hand, a CSV import or a recurring schedule
        job_id (None | str): Only a job's invoice has one
        job_external_id (None | str):
        job_title (None | str):
        reissue_of (None | str): The voided invoice this one bills again
        reissued_as (None | str): The invoice that bills this voided one again
        customer (InvoiceDetailCustomer):
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
        notes (None | str):
        site_address (None | str):
        lines (list[LineOut]):
        pending_review (None | PendingReviewOut):
        timeline (list[TimelineEntry]):
        payments (list[PaymentOut]):
        claims (list[ClaimOut]):
        links (list[LinkOut]):
        receipts (list[ReceiptOut]):
        amount_credited (int | Unset): What credit notes took of the paid amount (no payment changes with it) Default:
            0.
        reminders_paused (bool | Unset): Paused from the business's reminder schedule (no reminders) Default: False.
        credit_notes (list[CreditNote] | Unset): Credit notes on this invoice, oldest first
    """

    invoice_id: str
    business_id: str
    number: None | str
    status: InvoiceDetailStatus
    version: int
    source: InvoiceDetailSource
    job_id: None | str
    job_external_id: None | str
    job_title: None | str
    reissue_of: None | str
    reissued_as: None | str
    customer: InvoiceDetailCustomer
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
    notes: None | str
    site_address: None | str
    lines: list[LineOut]
    pending_review: None | PendingReviewOut
    timeline: list[TimelineEntry]
    payments: list[PaymentOut]
    claims: list[ClaimOut]
    links: list[LinkOut]
    receipts: list[ReceiptOut]
    amount_credited: int | Unset = 0
    reminders_paused: bool | Unset = False
    credit_notes: list[CreditNote] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pending_review_out import PendingReviewOut

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

        notes: None | str
        notes = self.notes

        site_address: None | str
        site_address = self.site_address

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        pending_review: dict[str, Any] | None
        if isinstance(self.pending_review, PendingReviewOut):
            pending_review = self.pending_review.to_dict()
        else:
            pending_review = self.pending_review

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        claims = []
        for claims_item_data in self.claims:
            claims_item = claims_item_data.to_dict()
            claims.append(claims_item)

        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)

        receipts = []
        for receipts_item_data in self.receipts:
            receipts_item = receipts_item_data.to_dict()
            receipts.append(receipts_item)

        amount_credited = self.amount_credited

        reminders_paused = self.reminders_paused

        credit_notes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.credit_notes, Unset):
            credit_notes = []
            for credit_notes_item_data in self.credit_notes:
                credit_notes_item = credit_notes_item_data.to_dict()
                credit_notes.append(credit_notes_item)

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
                "notes": notes,
                "site_address": site_address,
                "lines": lines,
                "pending_review": pending_review,
                "timeline": timeline,
                "payments": payments,
                "claims": claims,
                "links": links,
                "receipts": receipts,
            }
        )
        if amount_credited is not UNSET:
            field_dict["amount_credited"] = amount_credited
        if reminders_paused is not UNSET:
            field_dict["reminders_paused"] = reminders_paused
        if credit_notes is not UNSET:
            field_dict["credit_notes"] = credit_notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.claim_out import ClaimOut
        from ..models.credit_note import CreditNote
        from ..models.invoice_detail_customer import InvoiceDetailCustomer
        from ..models.line_out import LineOut
        from ..models.link_out import LinkOut
        from ..models.payment_out import PaymentOut
        from ..models.pending_review_out import PendingReviewOut
        from ..models.receipt_out import ReceiptOut
        from ..models.timeline_entry import TimelineEntry

        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        business_id = d.pop("business_id")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        status = InvoiceDetailStatus(d.pop("status"))

        version = d.pop("version")

        source = InvoiceDetailSource(d.pop("source"))

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

        customer = InvoiceDetailCustomer.from_dict(d.pop("customer"))

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

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_site_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        site_address = _parse_site_address(d.pop("site_address"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_pending_review(data: object) -> None | PendingReviewOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_review_type_0 = PendingReviewOut.from_dict(data)

                return pending_review_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PendingReviewOut, data)

        pending_review = _parse_pending_review(d.pop("pending_review"))

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = TimelineEntry.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = PaymentOut.from_dict(payments_item_data)

            payments.append(payments_item)

        claims = []
        _claims = d.pop("claims")
        for claims_item_data in _claims:
            claims_item = ClaimOut.from_dict(claims_item_data)

            claims.append(claims_item)

        links = []
        _links = d.pop("links")
        for links_item_data in _links:
            links_item = LinkOut.from_dict(links_item_data)

            links.append(links_item)

        receipts = []
        _receipts = d.pop("receipts")
        for receipts_item_data in _receipts:
            receipts_item = ReceiptOut.from_dict(receipts_item_data)

            receipts.append(receipts_item)

        amount_credited = d.pop("amount_credited", UNSET)

        reminders_paused = d.pop("reminders_paused", UNSET)

        _credit_notes = d.pop("credit_notes", UNSET)
        credit_notes: list[CreditNote] | Unset = UNSET
        if _credit_notes is not UNSET:
            credit_notes = []
            for credit_notes_item_data in _credit_notes:
                credit_notes_item = CreditNote.from_dict(credit_notes_item_data)

                credit_notes.append(credit_notes_item)

        invoice_detail = cls(
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
            notes=notes,
            site_address=site_address,
            lines=lines,
            pending_review=pending_review,
            timeline=timeline,
            payments=payments,
            claims=claims,
            links=links,
            receipts=receipts,
            amount_credited=amount_credited,
            reminders_paused=reminders_paused,
            credit_notes=credit_notes,
        )

        invoice_detail.additional_properties = d
        return invoice_detail

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
