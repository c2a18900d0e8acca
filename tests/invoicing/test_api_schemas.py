"""What invoicing's request schemas say is what its routes do (found by schemathesis)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from closeout.invoicing.api.schemas import BusinessPatch, NewInvoiceIn


def test_a_hand_made_invoice_over_the_money_cap_is_refused_not_a_server_error() -> None:
    """Quantity x unit amount over 10^12 passed every per-field bound, then failed building
    the invoice event: a 500. The same total cap as a job report's now refuses it (422)."""
    line = {"description": "x", "quantity": "1000", "unit_amount": 10**12}
    with pytest.raises(ValidationError, match="an invoice may total"):
        NewInvoiceIn.model_validate({"customer": {"name": "Ann"}, "lines": [line]})


@pytest.mark.parametrize("setting", ["name", "auto_send", "attach_pdfs", "payment_notice"])
def test_settings_every_business_needs_are_not_nullable_in_the_schema(setting: str) -> None:
    """They cannot be cleared (422): the schema no longer offers null for them."""
    schema = BusinessPatch.model_json_schema()["properties"][setting]
    assert "anyOf" not in schema, schema
    assert schema.get("type") != "null"


def test_optional_settings_stay_nullable() -> None:
    schema = BusinessPatch.model_json_schema()["properties"]["admin_email"]
    assert {"type": "null"} in schema["anyOf"]


def test_a_number_is_not_a_setting_switch() -> None:
    """`attach_pdfs: 0` was taken as false though the schema says boolean."""
    with pytest.raises(ValidationError):
        BusinessPatch.model_validate({"attach_pdfs": 0})
    with pytest.raises(ValidationError):
        BusinessPatch.model_validate({"auto_send": "true"})
