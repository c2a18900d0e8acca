from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookEventResponse")


@_attrs_define
class WebhookEventResponse:
    """
    Attributes:
        event_id (str):
        event_type (str):
        account (None | str):
        status (str):
        attempts (int):
        last_error (None | str):
        outcome (None | str):
        received_at (datetime.datetime):
        processed_at (datetime.datetime | None):
        next_attempt_at (datetime.datetime):
    """

    event_id: str
    event_type: str
    account: None | str
    status: str
    attempts: int
    last_error: None | str
    outcome: None | str
    received_at: datetime.datetime
    processed_at: datetime.datetime | None
    next_attempt_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        event_type = self.event_type

        account: None | str
        account = self.account

        status = self.status

        attempts = self.attempts

        last_error: None | str
        last_error = self.last_error

        outcome: None | str
        outcome = self.outcome

        received_at = self.received_at.isoformat()

        processed_at: None | str
        if isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        next_attempt_at = self.next_attempt_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "event_type": event_type,
                "account": account,
                "status": status,
                "attempts": attempts,
                "last_error": last_error,
                "outcome": outcome,
                "received_at": received_at,
                "processed_at": processed_at,
                "next_attempt_at": next_attempt_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        def _parse_processed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)

                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processed_at = _parse_processed_at(d.pop("processed_at"))

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        webhook_event_response = cls(
            event_id=event_id,
            event_type=event_type,
            account=account,
            status=status,
            attempts=attempts,
            last_error=last_error,
            outcome=outcome,
            received_at=received_at,
            processed_at=processed_at,
            next_attempt_at=next_attempt_at,
        )

        webhook_event_response.additional_properties = d
        return webhook_event_response

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
