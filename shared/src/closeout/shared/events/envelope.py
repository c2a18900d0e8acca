"""CloudEvents 1.0 envelope with Closeout's extension attributes and a typed `data` payload."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from closeout.shared.ids import new_id, utcnow
from closeout.shared.observability.tracing import current_traceparent, valid_traceparent
from closeout.shared.sizes import MAX_EVENT_BYTES

DataT = TypeVar("DataT", bound=BaseModel)

MAX_DEDUPE_KEY_CHARS = 800  # the inbox's event_key column


class InvalidEventError(ValueError):
    """The bytes are not a valid event; `reason` says why, for the dead-letter record."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EnvelopeHeader(BaseModel):
    """The envelope's attributes without the payload: enough to route and deduplicate."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    specversion: Literal["1.0"]
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500)
    type: str = Field(min_length=1, max_length=200)
    time: datetime | None = None
    subject: str | None = Field(None, max_length=500)
    business_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")
    correlation_id: str | None = Field(None, max_length=200)
    dataversion: int = Field(1, ge=1)
    # CloudEvents distributed-tracing extension: the trace the event was published in.
    traceparent: str | None = None

    @field_validator("traceparent", mode="before")
    @classmethod
    def _drop_broken_trace_context(cls, value: object) -> str | None:
        return valid_traceparent(value)

    @property
    def dedupe_key(self) -> str:
        """CloudEvents ids are unique per source, and sources are named by each business's
        own platform: two businesses may use the same source and ids, so all three identify
        an event. Keys longer than the inbox column are replaced by their SHA-256."""
        key = f"{self.business_id}|{self.source}|{self.id}"
        if len(key) <= MAX_DEDUPE_KEY_CHARS:
            return key
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class Envelope(EnvelopeHeader, Generic[DataT]):
    time: datetime
    datacontenttype: Literal["application/json"] = "application/json"
    data: DataT


def new_event(
    event_type: str,
    data: DataT,
    *,
    source: str,
    business_id: str,
    subject: str | None = None,
    correlation_id: str | None = None,
) -> Envelope[DataT]:
    event_id = new_id()
    envelope_type: type[Envelope[DataT]] = Envelope[type(data)]  # type: ignore[misc,assignment]
    return envelope_type(
        specversion="1.0",
        id=event_id,
        source=source,
        type=event_type,
        time=utcnow(),
        subject=subject,
        business_id=business_id,
        correlation_id=correlation_id or event_id,
        traceparent=current_traceparent(),
        data=data,
    )


def encode_event(event: Envelope[Any]) -> bytes:
    return event.model_dump_json(exclude_none=True).encode()


def _load_json(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_EVENT_BYTES:
        raise InvalidEventError(f"event larger than {MAX_EVENT_BYTES} bytes")
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidEventError(f"not JSON: {exc}") from exc
    except RecursionError as exc:
        raise InvalidEventError("not JSON: nested too deeply") from exc
    if not isinstance(value, dict):
        raise InvalidEventError("event must be a JSON object")
    return value


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def parse_event(raw: bytes) -> dict[str, Any]:
    """The record's JSON object (size and shape checked), to peek at and decode without parsing
    the bytes again."""
    return _load_json(raw)


def peek_envelope(raw: bytes | dict[str, Any]) -> EnvelopeHeader:
    """Validate the envelope attributes only (routing, dedupe), with a clear reason on failure."""
    value = raw if isinstance(raw, dict) else _load_json(raw)
    try:
        return EnvelopeHeader.model_validate(value)
    except ValidationError as exc:
        raise InvalidEventError(f"invalid envelope: {_describe(exc)}") from exc


def decode_event(raw: bytes | dict[str, Any], data_model: type[DataT]) -> Envelope[DataT]:
    """Parse (unless given `parse_event`'s object) and validate a whole event against its data
    model."""
    value = raw if isinstance(raw, dict) else _load_json(raw)
    try:
        return Envelope[data_model].model_validate(value)  # type: ignore[valid-type]
    except ValidationError as exc:
        raise InvalidEventError(f"invalid {value.get('type', 'event')}: {_describe(exc)}") from exc
