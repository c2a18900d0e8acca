from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ledger_entry_response import LedgerEntryResponse
    from ..models.payment_response import PaymentResponse
    from ..models.refund_state_response import RefundStateResponse


T = TypeVar("T", bound="PaymentLogResponse")


@_attrs_define
class PaymentLogResponse:
    """
    Attributes:
        invoice_id (str):
        payments (list[PaymentResponse]):
        entries (list[LedgerEntryResponse]):
        refunds (list[RefundStateResponse] | Unset): Each refund's state, from the entries
    """

    invoice_id: str
    payments: list[PaymentResponse]
    entries: list[LedgerEntryResponse]
    refunds: list[RefundStateResponse] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        refunds: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.refunds, Unset):
            refunds = []
            for refunds_item_data in self.refunds:
                refunds_item = refunds_item_data.to_dict()
                refunds.append(refunds_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice_id": invoice_id,
                "payments": payments,
                "entries": entries,
            }
        )
        if refunds is not UNSET:
            field_dict["refunds"] = refunds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ledger_entry_response import LedgerEntryResponse
        from ..models.payment_response import PaymentResponse
        from ..models.refund_state_response import RefundStateResponse

        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = PaymentResponse.from_dict(payments_item_data)

            payments.append(payments_item)

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = LedgerEntryResponse.from_dict(entries_item_data)

            entries.append(entries_item)

        _refunds = d.pop("refunds", UNSET)
        refunds: list[RefundStateResponse] | Unset = UNSET
        if _refunds is not UNSET:
            refunds = []
            for refunds_item_data in _refunds:
                refunds_item = RefundStateResponse.from_dict(refunds_item_data)

                refunds.append(refunds_item)

        payment_log_response = cls(
            invoice_id=invoice_id,
            payments=payments,
            entries=entries,
            refunds=refunds,
        )

        payment_log_response.additional_properties = d
        return payment_log_response

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
