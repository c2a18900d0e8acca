"""What invoicing's request schemas say is what its routes do (found by schemathesis)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from closeout.invoicing.api.schemas import BusinessPatch, DraftPatch, NewInvoiceIn


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


def test_a_draft_edit_over_the_money_cap_is_refused_not_a_server_error() -> None:
    """New line items over 10^12 in total failed building the invoice.updated event: a 500."""
    line = {"description": "x", "quantity": "1", "unit_amount": 10**12, "tax_rate": "50"}
    with pytest.raises(ValidationError, match="an invoice may total"):
        DraftPatch.model_validate({"line_items": [line]})


def test_a_draft_edit_changes_something_and_clears_nothing() -> None:
    """`{}` and `{"notes": null}` were schema-valid but refused ("nothing to change"): the
    schema now asks for a field and offers no null, and an explicit null is refused."""
    schema = DraftPatch.model_json_schema()
    assert schema["minProperties"] == 1
    for field, described in schema["properties"].items():
        assert "anyOf" not in described, field
        assert described.get("type") != "null", field
    with pytest.raises(ValidationError, match="cannot be null"):
        DraftPatch.model_validate({"notes": None, "payment_terms_days": 7})


def test_draft_payment_terms_are_a_json_integer() -> None:
    """`"5"` was taken as 5 though the schema says integer; 5.0 is a JSON Schema integer."""
    with pytest.raises(ValidationError):
        DraftPatch.model_validate({"payment_terms_days": "5"})
    assert DraftPatch.model_validate({"payment_terms_days": 5.0}).payment_terms_days == 5
