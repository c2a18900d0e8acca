from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credit_note_line import CreditNoteLine


T = TypeVar("T", bound="CreditNoteIn")


@_attrs_define
class CreditNoteIn:
    """
    Attributes:
        amount (int): Minor units; at most what was paid, less refunds and earlier credit notes
        reason (str):
        lines (list[CreditNoteLine] | Unset): Optional: what is credited, line by line; the amounts add up to `amount`
    """

    amount: int
    reason: str
    lines: list[CreditNoteLine] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        reason = self.reason

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "reason": reason,
            }
        )
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.credit_note_line import CreditNoteLine

        d = dict(src_dict)
        amount = d.pop("amount")

        reason = d.pop("reason")

        _lines = d.pop("lines", UNSET)
        lines: list[CreditNoteLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = CreditNoteLine.from_dict(lines_item_data)

                lines.append(lines_item)

        credit_note_in = cls(
            amount=amount,
            reason=reason,
            lines=lines,
        )

        return credit_note_in
