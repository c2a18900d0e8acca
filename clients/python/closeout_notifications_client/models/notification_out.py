from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NotificationOut")


@_attrs_define
class NotificationOut:
    """
    Attributes:
        notification_id (str):
        invoice_id (None | str):
        template (str):
        channel (str):
        recipient (str):
        subject (str):
        status (str):
        attempts (int):
        last_error (None | str):
        message_id (str):
        cause_event_id (str):
        cause_event_type (str):
        created_at (datetime.datetime):
        next_attempt_at (datetime.datetime | None):
        sent_at (datetime.datetime | None):
        provider_message_id (None | str | Unset):
        delivery_status (None | str | Unset):
        delivery_error (None | str | Unset):
    """

    notification_id: str
    invoice_id: None | str
    template: str
    channel: str
    recipient: str
    subject: str
    status: str
    attempts: int
    last_error: None | str
    message_id: str
    cause_event_id: str
    cause_event_type: str
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    provider_message_id: None | str | Unset = UNSET
    delivery_status: None | str | Unset = UNSET
    delivery_error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        notification_id = self.notification_id

        invoice_id: None | str
        invoice_id = self.invoice_id

        template = self.template

        channel = self.channel

        recipient = self.recipient

        subject = self.subject

        status = self.status

        attempts = self.attempts

        last_error: None | str
        last_error = self.last_error

        message_id = self.message_id

        cause_event_id = self.cause_event_id

        cause_event_type = self.cause_event_type

        created_at = self.created_at.isoformat()

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        provider_message_id: None | str | Unset
        if isinstance(self.provider_message_id, Unset):
            provider_message_id = UNSET
        else:
            provider_message_id = self.provider_message_id

        delivery_status: None | str | Unset
        if isinstance(self.delivery_status, Unset):
            delivery_status = UNSET
        else:
            delivery_status = self.delivery_status

        delivery_error: None | str | Unset
        if isinstance(self.delivery_error, Unset):
            delivery_error = UNSET
        else:
            delivery_error = self.delivery_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "notification_id": notification_id,
                "invoice_id": invoice_id,
                "template": template,
                "channel": channel,
                "recipient": recipient,
                "subject": subject,
                "status": status,
                "attempts": attempts,
                "last_error": last_error,
                "message_id": message_id,
                "cause_event_id": cause_event_id,
                "cause_event_type": cause_event_type,
                "created_at": created_at,
                "next_attempt_at": next_attempt_at,
                "sent_at": sent_at,
            }
        )
        if provider_message_id is not UNSET:
            field_dict["provider_message_id"] = provider_message_id
        if delivery_status is not UNSET:
            field_dict["delivery_status"] = delivery_status
        if delivery_error is not UNSET:
            field_dict["delivery_error"] = delivery_error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        notification_id = d.pop("notification_id")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        template = d.pop("template")

        channel = d.pop("channel")

        recipient = d.pop("recipient")

        subject = d.pop("subject")

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        message_id = d.pop("message_id")

        cause_event_id = d.pop("cause_event_id")

        cause_event_type = d.pop("cause_event_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        def _parse_provider_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider_message_id = _parse_provider_message_id(
            d.pop("provider_message_id", UNSET)
        )

        def _parse_delivery_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delivery_status = _parse_delivery_status(d.pop("delivery_status", UNSET))

        def _parse_delivery_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delivery_error = _parse_delivery_error(d.pop("delivery_error", UNSET))

        notification_out = cls(
            notification_id=notification_id,
            invoice_id=invoice_id,
            template=template,
            channel=channel,
            recipient=recipient,
            subject=subject,
            status=status,
            attempts=attempts,
            last_error=last_error,
            message_id=message_id,
            cause_event_id=cause_event_id,
            cause_event_type=cause_event_type,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            sent_at=sent_at,
            provider_message_id=provider_message_id,
            delivery_status=delivery_status,
            delivery_error=delivery_error,
        )

        notification_out.additional_properties = d
        return notification_out

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
