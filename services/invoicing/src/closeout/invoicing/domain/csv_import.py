"""The CSV import format: its columns, the template, and what one row means (no I/O).

One row is one invoice line; rows that share an `invoice_key` make one invoice, and they must
agree on everything but the line (customer, currency, due date or terms, number, notes).
Prices are in the currency's major unit as written on paper ("120.50"); the invoice keeps
minor units.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from pydantic import ValidationError

from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.money import CURRENCY_EXPONENTS

MAX_ROWS = 10_000
MAX_IMPORT_BYTES = 8 * 1024 * 1024  # 10,000 rows of up to ~800 bytes
MAX_CELL_CHARS = 5_000

COLUMNS = (
    "invoice_key",
    "customer_name",
    "customer_email",
    "customer_phone",
    "customer_address",
    "description",
    "quantity",
    "unit_price",
    "tax_rate",
    "currency",
    "due_date",
    "terms_days",
    "number",
    "notes",
)
REQUIRED = ("invoice_key", "customer_name", "description", "unit_price")
# What every row of one invoice must repeat identically.
INVOICE_COLUMNS = (
    "customer_name",
    "customer_email",
    "customer_phone",
    "customer_address",
    "currency",
    "due_date",
    "terms_days",
    "number",
    "notes",
)

TEMPLATE = (
    ",".join(COLUMNS)
    + "\r\n"
    + "A-1,Pat Customer,pat@example.com,,12 Example St,Gutter clean,2,45.00,10,AUD,,14,,Thanks\r\n"
    + "A-1,Pat Customer,pat@example.com,,12 Example St,Call-out fee,1,30.00,0,AUD,,14,,Thanks\r\n"
    + "B-7,Sam Walk-in,sam@example.com,,,Hot water service,1,180.00,10,AUD,2026-12-31,,,\r\n"
)


class UnreadableFileError(ValueError):
    """The file as a whole cannot be imported (its reason is shown on row 1 of the report)."""


class HeaderError(UnreadableFileError):
    """The file's first line is not a header Closeout reads."""


def check_text(values: list[str], row_number: int) -> None:
    """PostgreSQL text holds no NUL: a file with one is not a CSV a spreadsheet saved."""
    if any("\x00" in value for value in values):
        raise UnreadableFileError(f"row {row_number} contains NUL characters: not a CSV file")


@dataclass(frozen=True)
class CellError:
    column: str
    message: str


def open_rows(text: IO[str]) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a CSV text stream, comma or semicolon (from the header)."""
    header_line = text.readline()
    if not header_line.strip():
        raise HeaderError("the file is empty: the first line must be the header")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [c.strip().lower() for c in next(csv.reader([header_line], delimiter=delimiter))]
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown columns: {', '.join(unknown)}")
        raise HeaderError(f"{'; '.join(parts)} (download the template for the columns)")
    return header, csv.reader(text, delimiter=delimiter)


def cells_of(header: list[str], values: list[str]) -> dict[str, str]:
    return {name: value.strip() for name, value in zip(header, values, strict=False)}


def parse_row(
    cells: Mapping[str, str], default_currency: str
) -> tuple[dict[str, Any] | None, list[CellError]]:
    """A row's line and invoice fields (JSON-ready), or the errors of its cells."""
    errors: list[CellError] = []
    for name in REQUIRED:
        if not cells.get(name):
            errors.append(CellError(name, "required"))
    for name, value in cells.items():
        if len(value) > MAX_CELL_CHARS:
            errors.append(CellError(name, f"longer than {MAX_CELL_CHARS} characters"))
    if errors:
        return None, errors
    currency = (cells.get("currency") or default_currency).upper()
    if currency not in CURRENCY_EXPONENTS:
        errors.append(CellError("currency", f"unsupported currency {currency!r}"))
    unit_amount = _minor_units(cells["unit_price"], currency, errors)
    quantity = _decimal(cells.get("quantity") or "1", "quantity", errors)
    tax_rate = _decimal(cells.get("tax_rate") or "0", "tax_rate", errors)
    due_date = _date(cells.get("due_date", ""), errors)
    terms_days = _int(cells.get("terms_days", ""), "terms_days", 0, 365, errors)
    if due_date is not None and terms_days is not None:
        errors.append(CellError("terms_days", "give due_date or terms_days, not both"))
    customer = _validated(
        Customer,
        {
            "name": cells["customer_name"],
            "email": cells.get("customer_email") or None,
            "phone": cells.get("customer_phone") or None,
            "address": cells.get("customer_address") or None,
        },
        "customer_",
        errors,
    )
    line = None
    if unit_amount is not None and quantity is not None and tax_rate is not None:
        line = _validated(
            LineItem,
            {
                "description": cells["description"],
                "quantity": quantity,
                "unit_amount": unit_amount,
                "tax_rate": tax_rate,
            },
            "",
            errors,
        )
    number = cells.get("number") or None
    if number is not None and (len(number) > 60 or not number[0].isalnum()):
        errors.append(CellError("number", "at most 60 characters, starting with a letter/digit"))
    if errors or customer is None or line is None:
        return None, errors
    return {
        "customer": customer.model_dump(mode="json"),
        "line": line.model_dump(mode="json"),
        "currency": currency,
        "due_date": due_date.isoformat() if due_date else None,
        "terms_days": terms_days,
        "number": number,
        "notes": cells.get("notes") or None,
    }, []


def disagreement(first: Mapping[str, str], row: Mapping[str, str]) -> list[CellError]:
    """Where a row of an invoice says something else than the invoice's first row."""
    return [
        CellError(name, f"differs from the first row of invoice {row.get('invoice_key')!r}")
        for name in INVOICE_COLUMNS
        if (first.get(name) or "") != (row.get(name) or "")
    ]


_FIELD_COLUMNS = {"unit_amount": "unit_price", "name": "name", "description": "description"}


def _validated(
    model: type[Customer] | type[LineItem],
    values: dict[str, Any],
    prefix: str,
    errors: list[CellError],
) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for e in exc.errors():
            field = str(e["loc"][0]) if e["loc"] else "row"
            column = prefix + _FIELD_COLUMNS.get(field, field)
            errors.append(CellError(column, e["msg"]))
        return None


def _decimal(value: str, column: str, errors: list[CellError]) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        errors.append(CellError(column, f"not a number: {value!r}"))
        return None
    if not number.is_finite():
        errors.append(CellError(column, f"not a number: {value!r}"))
        return None
    return number


def _minor_units(value: str, currency: str, errors: list[CellError]) -> int | None:
    amount = _decimal(value, "unit_price", errors)
    if amount is None or currency not in CURRENCY_EXPONENTS:
        return None
    places = CURRENCY_EXPONENTS[currency]
    scaled = amount.scaleb(places)
    if scaled != scaled.to_integral_value():
        errors.append(CellError("unit_price", f"{currency} has {places} decimal places"))
        return None
    return int(scaled)


def _date(value: str, errors: list[CellError]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(CellError("due_date", f"not a date (YYYY-MM-DD): {value!r}"))
        return None


def _int(value: str, column: str, low: int, high: int, errors: list[CellError]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        errors.append(CellError(column, f"a whole number from {low} to {high}"))
        return None
    return int(value)
