"""Line items whose invoice would pass the money cap are invalid in the contract itself, so
both edges (REST 422, Kafka dead letter) and every consumer of job events refuse them."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from closeout.shared.contracts.common import MAX_AMOUNT
from closeout.shared.contracts.jobs import InboundJob, JobCompleted
from closeout.shared.events import InvalidEventError, decode_event, encode_event, new_event

JOB = {"external_id": "E1", "title": "T", "customer": {"name": "N"}, "currency": "AUD"}


def line(quantity: str, unit_amount: int, tax_rate: str = "0") -> dict[str, Any]:
    return {
        "description": "d",
        "quantity": quantity,
        "unit_amount": unit_amount,
        "tax_rate": tax_rate,
    }


@pytest.mark.parametrize(
    "lines",
    [
        [line("1000000", MAX_AMOUNT)],  # each factor is within its own bound
        [line("1", MAX_AMOUNT, "0.01")],  # the tax takes it over
        [line("1", MAX_AMOUNT // 2 + 1), line("1", -(MAX_AMOUNT // 2 + 1))],  # in size, too
        [line("0.001", 10**15)],  # unit_amount over the cap fails on its own
    ],
)
def test_lines_past_the_cap_are_invalid(lines: list[dict[str, Any]]) -> None:
    with pytest.raises(ValidationError):
        InboundJob.model_validate(JOB | {"line_items": lines})


def test_lines_at_the_cap_are_valid() -> None:
    lines = [line("4", MAX_AMOUNT // 8 - 1, "100"), line("0.5", -2)]  # cap - 8 + 1
    assert len(InboundJob.model_validate(JOB | {"line_items": lines}).line_items) == 2


def test_a_published_job_past_the_cap_is_an_invalid_event_with_the_reason() -> None:
    valid = JobCompleted.model_validate(
        JOB | {"job_id": "j", "revision": 1, "completed_at": datetime.now(UTC), "line_items": []}
    )
    raw = json.loads(encode_event(new_event("job.completed", valid, source="s", business_id="b")))
    raw["data"]["line_items"] = [{"description": "d", "quantity": "3", "unit_amount": MAX_AMOUNT}]
    with pytest.raises(InvalidEventError, match="an invoice may total"):
        decode_event(json.dumps(raw).encode(), JobCompleted)
