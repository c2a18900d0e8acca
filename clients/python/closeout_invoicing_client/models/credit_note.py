from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credit_note_line import CreditNoteLine


T = TypeVar("T", bound="CreditNote")


@_attrs_define
class CreditNote:
    """Part of a paid invoice credited: it states that, it moves no money by itself.

    Attributes:
        credit_note_id (str):
        number (str): Per business, e.g. INV-CN-0001 (the invoice prefix)
        invoice_id (str):
        amount (int):
        currency (str): ISO 4217 code
        reason (str):
        created_at (datetime.datetime):
        lines (list[CreditNoteLine] | Unset): What is credited, line by line (may be empty)
    """

    credit_note_id: str
    number: str
    invoice_id: str
    amount: int
    currency: str
    reason: str
    created_at: datetime.datetime
    lines: list[CreditNoteLine] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credit_note_id = self.credit_note_id

        number = self.number

        invoice_id = self.invoice_id

        amount = self.amount

        currency = self.currency

        reason = self.reason

        created_at = self.created_at.isoformat()

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credit_note_id": credit_note_id,
                "number": number,
                "invoice_id": invoice_id,
                "amount": amount,
                "currency": currency,
                "reason": reason,
                "created_at": created_at,
            }
        )
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.credit_note_line import CreditNoteLine

        d = dict(src_dict)
        credit_note_id = d.pop("credit_note_id")

        number = d.pop("number")

        invoice_id = d.pop("invoice_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        reason = d.pop("reason")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _lines = d.pop("lines", UNSET)
        lines: list[CreditNoteLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = CreditNoteLine.from_dict(lines_item_data)

                lines.append(lines_item)

        credit_note = cls(
            credit_note_id=credit_note_id,
            number=number,
            invoice_id=invoice_id,
            amount=amount,
            currency=currency,
            reason=reason,
            created_at=created_at,
            lines=lines,
        )

        credit_note.additional_properties = d
        return credit_note

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
