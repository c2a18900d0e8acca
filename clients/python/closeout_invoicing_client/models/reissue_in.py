from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReissueIn")


@_attrs_define
class ReissueIn:
    """
    Attributes:
        send (bool | Unset): false: the new invoice is a draft; true: sent now Default: False.
    """

    send: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        send = self.send

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if send is not UNSET:
            field_dict["send"] = send

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        send = d.pop("send", UNSET)

        reissue_in = cls(
            send=send,
        )

        return reissue_in
