"""Payments' request schemas say what the routes accept (issue 17): a whole-number float is a
JSON Schema integer, a boolean or a numeric string is not, and the Stripe webhook's OpenAPI
states the signed event it reads itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from pydantic import BaseModel, ValidationError

from closeout.payments.api.schemas import FeeRuleBody, PercentRuleBody
from closeout.payments.app import create_app
from closeout.payments.settings import PaymentsSettings


@pytest.mark.parametrize(
    ("model", "body", "accepted"),
    [
        (PercentRuleBody, {"kind": "percent", "percent_bps": 2121.0, "cap_amount": 4197.0}, True),
        (PercentRuleBody, {"kind": "percent", "percent_bps": "2121"}, False),
        (FeeRuleBody, {"percent_bps": 10.0, "fixed_amount": 30, "cap_amount": 500.0}, True),
        (FeeRuleBody, {"cap_amount": False}, False),
        (FeeRuleBody, {"fixed_amount": "30"}, False),
        (FeeRuleBody, {"percent_bps": 1.5}, False),
    ],
)
def test_rule_bodies_accept_what_their_schema_allows(
    model: type[BaseModel], body: dict[str, Any], accepted: bool
) -> None:
    assert Draft202012Validator(model.model_json_schema()).is_valid(body) == accepted
    try:
        model.model_validate_json(json.dumps(body))
        taken = True
    except ValidationError:
        taken = False
    assert taken == accepted


def test_the_webhook_states_its_signature_header_and_event_body() -> None:
    settings = PaymentsSettings(
        _env_file=None,
        database_url="postgresql+asyncpg://docs/docs",
        auth_secret="docs-" * 5,
    )
    operation = create_app(settings).openapi()["paths"]["/webhooks/stripe"]["post"]
    [header] = operation["parameters"]
    assert [header["name"], header["in"], header["required"]] == [
        "Stripe-Signature", "header", True,
    ]  # fmt: skip
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["id", "type"]
    assert "400" in operation["responses"]
