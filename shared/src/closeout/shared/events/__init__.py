"""The event envelope, the catalogue of event types and their topics, and codec helpers."""

from closeout.shared.events.catalogue import CATALOGUE, EventSpec, dead_letter_topic, spec_for
from closeout.shared.events.envelope import (
    Envelope,
    InvalidEventError,
    decode_event,
    encode_event,
    new_event,
    peek_envelope,
)

__all__ = [
    "CATALOGUE",
    "Envelope",
    "EventSpec",
    "InvalidEventError",
    "dead_letter_topic",
    "decode_event",
    "encode_event",
    "new_event",
    "peek_envelope",
    "spec_for",
]
