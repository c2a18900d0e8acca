"""What the OpenAPI documents say is what the routes do (issue 17): the NUL rule, date-times,
currency codes and a 405's Allow (unit tests on a bare app with the shared plumbing; the
services' schemathesis runs in tests/contracts check the real apps)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel, TypeAdapter, ValidationError

from closeout.shared.contracts.common import Contract, Quantity, TaxRate, Timestamp
from closeout.shared.money import CURRENCY_PATTERN, CurrencyCode, normalize_currency
from closeout.shared.web.deps import reject_nul_characters  # where services import it from
from closeout.shared.web.nul_rule import NO_NUL_PATTERN, operations_refusing_nul
from closeout.shared.web.problem_docs import document_problems
from closeout.shared.web.problems import answer_problems


class Note(Contract):
    text: str
    tags: list[str] = []


def bare_app() -> FastAPI:
    app = FastAPI(separate_input_output_schemas=False)
    answer_problems(app)
    checked = APIRouter(dependencies=[Depends(reject_nul_characters)])
    unchecked = APIRouter()

    @checked.post("/notes/{note_id}")
    async def save(note_id: str, note: Note) -> Note:
        return note

    @checked.get("/notes/{note_id}")
    async def read(note_id: str) -> str:
        return note_id

    @checked.post("/notes/fresh")
    async def fresh(note: Note) -> Note:
        return note

    @unchecked.post("/raw")
    async def raw(note: Note) -> Note:
        return note

    app.include_router(checked)
    app.include_router(unchecked)
    document_problems(app, operations_refusing_nul([checked, unchecked]))
    return app


async def post(path: str, body: bytes) -> httpx.Response:
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(path, content=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    "note",
    [{"text": "a\u0000b"}, {"text": "ok", "tags": ["\u0000"]}],
    ids=["declared field", "declared list"],
)
async def test_a_nul_in_a_declared_field_is_refused(note: dict[str, Any]) -> None:
    response = await post("/notes/n1", json.dumps(note).encode())
    assert response.status_code == 422
    assert response.json()["detail"] == "NUL characters are not allowed in any field"


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"text": "ok", "extra\u0000": "x\u0000"}),  # undeclared: ignored by the model
        json.dumps({"text": "a backslash then u0000: \\u0000"}),  # text, not a NUL
    ],
    ids=["undeclared field", "escaped backslash"],
)
async def test_what_holds_no_nul_the_route_keeps_is_accepted(body: str) -> None:
    response = await post("/notes/n1", body.encode())
    assert response.status_code == 200, response.text
    assert "\x00" not in response.json()["text"]


def test_the_openapi_states_the_nul_rule_where_routes_refuse_nul() -> None:
    schema = bare_app().openapi()
    note = schema["components"]["schemas"]["Note"]["properties"]
    assert note["text"]["pattern"] == NO_NUL_PATTERN
    assert note["tags"]["items"]["pattern"] == NO_NUL_PATTERN
    parameter = schema["paths"]["/notes/{note_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["pattern"] == NO_NUL_PATTERN
    assert re.fullmatch(NO_NUL_PATTERN, "fine")
    assert not re.fullmatch(NO_NUL_PATTERN, "a\x00")
    # A body that cannot be parsed is a 400, documented with the rest.
    assert "400" in schema["paths"]["/raw"]["post"]["responses"]


@pytest.mark.parametrize("value", [0, 0.5, "0.5", "1700000000", "2026-11-21T10:14:00"])
def test_a_timestamp_is_rfc_3339_text_with_an_offset(value: object) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Timestamp).validate_python(value)


def test_a_timestamp_accepts_rfc_3339() -> None:
    parsed = TypeAdapter(Timestamp).validate_python("2026-11-21T10:14:00+10:00")
    assert parsed.utcoffset() is not None
    assert TypeAdapter(Timestamp).json_schema()["format"] == "date-time"


@pytest.mark.parametrize("code", ["AUD", "aud", " Eur ", "JPY", "", "XYZ", "AUDD", "A U D"])
def test_the_currency_pattern_accepts_exactly_what_is_normalized(code: str) -> None:
    try:
        normalize_currency(code)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.fullmatch(CURRENCY_PATTERN, code)) == accepted

    class Priced(BaseModel):
        currency: CurrencyCode

    assert Priced.model_json_schema()["properties"]["currency"]["pattern"] == CURRENCY_PATTERN


async def test_a_405_on_a_literal_path_names_that_paths_methods() -> None:
    # GET /notes/fresh is also GET /notes/{note_id}; the document lists only POST at it.
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.delete("/notes/fresh")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


class Line(Contract):
    description: str
    title: str


def test_a_property_named_like_a_keyword_gets_the_nul_pattern_too() -> None:
    app = FastAPI(separate_input_output_schemas=False)
    router = APIRouter(dependencies=[Depends(reject_nul_characters)])

    @router.post("/lines")
    async def add(line: Line) -> None:
        return None

    app.include_router(router)
    document_problems(app, operations_refusing_nul([router]))
    properties = app.openapi()["components"]["schemas"]["Line"]["properties"]
    assert properties["description"]["pattern"] == NO_NUL_PATTERN
    assert properties["title"]["pattern"] == NO_NUL_PATTERN


@pytest.mark.parametrize(
    ("line", "accepted"),
    [
        ({"unit_amount": 12000.0}, True),  # JSON Schema's integer includes 12000.0
        ({"unit_amount": 12000.5}, False),
        ({"unit_amount": "12000"}, False),
        ({"unit_amount": 1, "quantity": "0.05", "tax_rate": "10.0000"}, True),
        ({"unit_amount": 1, "quantity": 1.5, "tax_rate": 7.25}, True),
        ({"unit_amount": 1, "quantity": "1e3"}, False),
        ({"unit_amount": 1, "quantity": " 2"}, False),
        ({"unit_amount": 1, "quantity": "0"}, False),
        ({"unit_amount": 1, "tax_rate": "100.5"}, False),
        ({"unit_amount": 1, "tax_rate": "abc"}, False),
    ],
)
def test_line_items_accept_what_their_schema_allows(line: dict[str, Any], accepted: bool) -> None:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from closeout.shared.contracts.common import LineItem

    body = {"description": "Labour", **line}
    schema = LineItem.model_json_schema()
    assert Draft202012Validator(schema).is_valid(body) == accepted
    try:
        LineItem.model_validate_json(json.dumps(body))
        taken = True
    except ValidationError:
        taken = False
    assert taken == accepted


@pytest.mark.parametrize("consent", ["true", 1, "yes"])
def test_sms_consent_is_a_json_boolean(consent: object) -> None:
    from closeout.shared.contracts.common import Customer

    with pytest.raises(ValidationError):
        Customer.model_validate_json(json.dumps({"name": "Dana", "sms_consent": consent}))


def test_minor_units_state_their_bounds_as_json_schema_keywords() -> None:
    """`ge`/`le` are not JSON Schema: a client (and schemathesis) would think any integer fits."""
    from pydantic import TypeAdapter

    from closeout.shared.contracts.common import MAX_AMOUNT, MinorUnits, PositiveMinorUnits

    assert TypeAdapter(MinorUnits).json_schema() == {
        "type": "integer", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT,
    }  # fmt: skip
    assert TypeAdapter(PositiveMinorUnits).json_schema() == {
        "type": "integer", "exclusiveMinimum": 0, "maximum": MAX_AMOUNT,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "accepted"),
    [(4197.0, True), (0, True), (4197.5, False), ("4197", False), (-1, False), (True, False)],
)
def test_non_negative_minor_units_accept_what_their_schema_allows(
    amount: object, accepted: bool
) -> None:
    """A cap of 4197.0 is a JSON Schema integer (schemathesis sent one; payments refused it)."""
    from jsonschema import Draft202012Validator

    from closeout.shared.contracts.common import NonNegativeMinorUnits

    adapter: TypeAdapter[int] = TypeAdapter(NonNegativeMinorUnits)
    assert Draft202012Validator(adapter.json_schema()).is_valid(amount) == accepted
    try:
        adapter.validate_json(json.dumps(amount))
        taken = True
    except ValidationError:
        taken = False
    assert taken == accepted


@pytest.mark.parametrize(
    ("name", "accepted"),
    [("Dana Lee", True), (" Dana\r\nLee ", True), ("\u0088", False), (" \x85 ", False),
     ("\u00a0", False), ("a\x00b", False)],
)  # fmt: skip
def test_a_name_needs_a_visible_character_as_its_schema_says(name: str, accepted: bool) -> None:
    """A name of only control characters and spaces was accepted, then empty once cleaned: a
    500 where another model required it non-empty. The pattern states the rule."""
    import re

    from pydantic import TypeAdapter, ValidationError

    from closeout.shared.contracts.common import VISIBLE_TEXT_PATTERN, Customer

    assert Customer.model_json_schema()["properties"]["name"]["pattern"] == VISIBLE_TEXT_PATTERN
    assert bool(re.search(VISIBLE_TEXT_PATTERN, name)) is accepted
    try:
        TypeAdapter(Customer).validate_python({"name": name})
    except ValidationError:
        assert not accepted
    else:
        assert accepted


def test_an_email_with_a_nul_is_refused_as_its_pattern_says() -> None:
    """The email pattern allowed NUL, which the API then refused: schema-valid input refused."""
    import re

    from pydantic import TypeAdapter, ValidationError

    from closeout.shared.contracts.common import Customer

    pattern = Customer.model_json_schema()["properties"]["email"]["anyOf"][0]["pattern"]
    assert re.search(pattern, "dana@example.com")
    assert not re.search(pattern, "da\x00na@example.com")
    with pytest.raises(ValidationError):
        TypeAdapter(Customer).validate_python({"name": "Dana", "email": "da\x00na@example.com"})


@pytest.mark.parametrize("value", [1.4e16, 3.35e307, -1e300, float("1e28")])
@pytest.mark.parametrize("kind", ["quantity", "tax rate"])
def test_a_float_too_large_to_round_is_refused_not_a_server_error(kind: str, value: float) -> None:
    """Decimal's 28 digits cannot round 1e16 to 3 places (InvalidOperation was a 500)."""
    adapter = TypeAdapter(Quantity if kind == "quantity" else TaxRate)
    with pytest.raises(ValidationError):
        adapter.validate_python(value)


def test_a_float_quantity_is_still_rounded_half_up() -> None:
    assert TypeAdapter(Quantity).validate_python(2.0005) == Decimal("2.001")
