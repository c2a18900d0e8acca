from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_summary import InvoiceSummary


T = TypeVar("T", bound="IssuedOut")


@_attrs_define
class IssuedOut:
    """
    Attributes:
        invoice (InvoiceSummary):
        payment_url (str):
    """

    invoice: InvoiceSummary
    payment_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice = self.invoice.to_dict()

        payment_url = self.payment_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice": invoice,
                "payment_url": payment_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_summary import InvoiceSummary

        d = dict(src_dict)
        invoice = InvoiceSummary.from_dict(d.pop("invoice"))

        payment_url = d.pop("payment_url")

        issued_out = cls(
            invoice=invoice,
            payment_url=payment_url,
        )

        issued_out.additional_properties = d
        return issued_out

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
