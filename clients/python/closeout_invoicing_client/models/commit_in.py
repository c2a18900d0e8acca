from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.commit_in_rows import CommitInRows
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommitIn")


@_attrs_define
class CommitIn:
    """
    Attributes:
        rows (CommitInRows | Unset): `all`: only a file without errors is imported; `valid`: the invoices whose rows are
            all valid, leaving out those with an error Default: CommitInRows.ALL.
    """

    rows: CommitInRows | Unset = CommitInRows.ALL

    def to_dict(self) -> dict[str, Any]:
        rows: str | Unset = UNSET
        if not isinstance(self.rows, Unset):
            rows = self.rows.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if rows is not UNSET:
            field_dict["rows"] = rows

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _rows = d.pop("rows", UNSET)
        rows: CommitInRows | Unset
        if isinstance(_rows, Unset):
            rows = UNSET
        else:
            rows = CommitInRows(_rows)

        commit_in = cls(
            rows=rows,
        )

        return commit_in
