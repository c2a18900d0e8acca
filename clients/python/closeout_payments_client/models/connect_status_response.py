from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connect_status_response_status import ConnectStatusResponseStatus

T = TypeVar("T", bound="ConnectStatusResponse")


@_attrs_define
class ConnectStatusResponse:
    """
    Attributes:
        business_id (str):
        connected (bool):
        account_id (None | str):
        status (ConnectStatusResponseStatus):
        charges_enabled (bool):
        details_submitted (bool):
    """

    business_id: str
    connected: bool
    account_id: None | str
    status: ConnectStatusResponseStatus
    charges_enabled: bool
    details_submitted: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        business_id = self.business_id

        connected = self.connected

        account_id: None | str
        account_id = self.account_id

        status = self.status.value

        charges_enabled = self.charges_enabled

        details_submitted = self.details_submitted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "business_id": business_id,
                "connected": connected,
                "account_id": account_id,
                "status": status,
                "charges_enabled": charges_enabled,
                "details_submitted": details_submitted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        business_id = d.pop("business_id")

        connected = d.pop("connected")

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        status = ConnectStatusResponseStatus(d.pop("status"))

        charges_enabled = d.pop("charges_enabled")

        details_submitted = d.pop("details_submitted")

        connect_status_response = cls(
            business_id=business_id,
            connected=connected,
            account_id=account_id,
            status=status,
            charges_enabled=charges_enabled,
            details_submitted=details_submitted,
        )

        connect_status_response.additional_properties = d
        return connect_status_response

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
