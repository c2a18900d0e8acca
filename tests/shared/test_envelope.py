import json
from datetime import UTC, datetime

import pytest

from closeout.shared.contracts.jobs import InboundJob, JobCancelled
from closeout.shared.events import InvalidEventError, decode_event, encode_event, new_event
from closeout.shared.events.asyncapi import asyncapi_document
from closeout.shared.events.catalogue import CATALOGUE, all_topics
from closeout.shared.events.envelope import peek_envelope

INBOUND = {
    "specversion": "1.0", "id": "evt-7f3c", "source": "acme-dispatch", "type": "job.completed",
    "time": "2026-11-21T10:15:00Z", "business_id": "demo",
    "data": {"external_id": "JOB-1001", "title": "Replace water heater",
             "customer": {"name": "Dana Lee", "email": "dana@example.com",
                          "phone": "+61400000000", "address": "12 Beach Rd, Manly NSW 2095"},
             "currency": "AUD",
             "line_items": [
                 {"description": "Labour", "quantity": 3, "unit_amount": 12000, "tax_rate": "10"},
                 {"description": "Water heater 50L", "quantity": 1, "unit_amount": 89900,
                  "tax_rate": "10"}],
             "completed_at": "2026-11-21T10:14:00Z", "notes": "Old unit removed"},
}  # fmt: skip


def test_the_public_inbound_shape_parses() -> None:
    event = decode_event(json.dumps(INBOUND).encode(), InboundJob)
    assert event.business_id == "demo"
    assert event.dedupe_key == "demo|acme-dispatch|evt-7f3c"
    assert event.data.line_items[0].unit_amount == 12000
    assert str(event.data.line_items[0].tax_rate) == "10"


def test_the_dedupe_key_tells_businesses_apart() -> None:
    """Two businesses' platforms may use the same source name and event ids."""
    ours = peek_envelope(json.dumps(INBOUND).encode())
    theirs = peek_envelope(json.dumps(INBOUND | {"business_id": "other"}).encode())
    assert (ours.source, ours.id) == (theirs.source, theirs.id)
    assert ours.dedupe_key != theirs.dedupe_key


def test_a_dedupe_key_always_fits_the_inbox() -> None:
    longest = INBOUND | {"business_id": "b" * 100, "source": "s" * 500, "id": "i" * 200}
    key = peek_envelope(json.dumps(longest).encode()).dedupe_key
    assert len(key) <= 800
    other = peek_envelope(json.dumps(longest | {"business_id": "c" * 100}).encode())
    assert other.dedupe_key != key


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda e: e["data"]["line_items"][0].update(unit_amount=120.5), "unit_amount"),
        (lambda e: e["data"].update(currency="XYZ"), "currency"),
        (lambda e: e.pop("business_id"), "business_id"),
        (lambda e: e.update(specversion="0.3"), "specversion"),
    ],
)
def test_invalid_events_say_why(mutate: object, reason: str) -> None:
    event = json.loads(json.dumps(INBOUND))
    mutate(event)  # type: ignore[operator]
    with pytest.raises(InvalidEventError) as error:
        decode_event(json.dumps(event).encode(), InboundJob)
    assert reason in error.value.reason


def test_round_trip_keeps_correlation_and_subject() -> None:
    data = JobCancelled(job_id="j1", external_id="E1", cancelled_at=datetime.now(UTC), revision=2)
    event = new_event("job.cancelled", data, source="jobs", business_id="b", subject="j1")
    decoded = decode_event(encode_event(event), JobCancelled)
    assert decoded == event
    assert decoded.correlation_id == event.id


def test_catalogue_topics_and_asyncapi_cover_every_event() -> None:
    document = asyncapi_document()
    for event_type in CATALOGUE:
        assert event_type in document["channels"]
        assert event_type + ".dlq" in all_topics()
    assert "jobs.inbound" in document["channels"]


def test_deeply_nested_json_is_an_invalid_event_not_a_crash() -> None:
    with pytest.raises(InvalidEventError, match="nested too deeply"):
        decode_event(b"[" * 100_000 + b"]" * 100_000, InboundJob)
