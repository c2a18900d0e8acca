from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.line_item import LineItem


T = TypeVar("T", bound="DraftPatch")


@_attrs_define
class DraftPatch:
    """Only the fields given change, at least one; none can be cleared (its schema allows no
    null), and `line_items` replaces every line.

        Attributes:
            customer (Customer | Unset):
            line_items (list[LineItem] | Unset):
            notes (str | Unset):
            payment_terms_days (int | Unset):
    """

    customer: Customer | Unset = UNSET
    line_items: list[LineItem] | Unset = UNSET
    notes: str | Unset = UNSET
    payment_terms_days: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        line_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.line_items, Unset):
            line_items = []
            for line_items_item_data in self.line_items:
                line_items_item = line_items_item_data.to_dict()
                line_items.append(line_items_item)

        notes = self.notes

        payment_terms_days = self.payment_terms_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if customer is not UNSET:
            field_dict["customer"] = customer
        if line_items is not UNSET:
            field_dict["line_items"] = line_items
        if notes is not UNSET:
            field_dict["notes"] = notes
        if payment_terms_days is not UNSET:
            field_dict["payment_terms_days"] = payment_terms_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer import Customer
        from ..models.line_item import LineItem

        d = dict(src_dict)
        _customer = d.pop("customer", UNSET)
        customer: Customer | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = Customer.from_dict(_customer)

        _line_items = d.pop("line_items", UNSET)
        line_items: list[LineItem] | Unset = UNSET
        if _line_items is not UNSET:
            line_items = []
            for line_items_item_data in _line_items:
                line_items_item = LineItem.from_dict(line_items_item_data)

                line_items.append(line_items_item)

        notes = d.pop("notes", UNSET)

        payment_terms_days = d.pop("payment_terms_days", UNSET)

        draft_patch = cls(
            customer=customer,
            line_items=line_items,
            notes=notes,
            payment_terms_days=payment_terms_days,
        )

        return draft_patch
