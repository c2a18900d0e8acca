"""The "New invoice" form: what the owner typed, read into `POST /v1/invoices`'s body.

Prices are typed in the currency's major unit ("120.50"); the body carries minor units.
Blank line rows are ignored; a line needs a description and a price.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from closeout.shared.money import CURRENCY_EXPONENTS

LINE_ROWS = 5


@dataclass
class InvoiceForm:
    values: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_form(form: dict[str, str], default_currency: str) -> InvoiceForm:
    result = InvoiceForm(values=dict(form))
    currency = (form.get("currency") or default_currency).strip().upper()
    if currency not in CURRENCY_EXPONENTS:
        result.errors["currency"] = "Choose a currency Closeout supports."
        currency = default_currency
    customer: dict[str, Any] = {"name": form.get("customer_name", "").strip()}
    if not customer["name"]:
        result.errors["customer_name"] = "The customer's name is required."
    for name in ("email", "phone", "address"):
        if value := form.get(f"customer_{name}", "").strip():
            customer[name] = value
    lines = read_lines(form, currency, result.errors)
    body: dict[str, Any] = {
        "customer": customer,
        "lines": lines,
        "currency": currency,
        "send": form.get("send") == "now",
    }
    due_date, terms = form.get("due_date", "").strip(), form.get("terms_days", "").strip()
    if due_date and terms:
        result.errors["due_date"] = "Give a due date or payment terms, not both."
    elif due_date:
        body["due_date"] = due_date
    elif terms:
        if terms.isdigit() and int(terms) <= 365:
            body["terms_days"] = int(terms)
        else:
            result.errors["terms_days"] = "Terms are a number of days from 0 to 365."
    if notes := form.get("notes", "").strip():
        body["notes"] = notes
    result.body = body
    return result


def read_lines(form: dict[str, str], currency: str, errors: dict[str, str]) -> list[Any]:
    """The filled rows of the lines table (`line<n>_description`, `_quantity`, `_price`,
    `_tax_rate`), as the admin API's line items; what is wrong goes into `errors` by field."""
    lines = []
    for n in range(1, LINE_ROWS + 1):
        line = _line(form, n, currency, errors)
        if line is not None:
            lines.append(line)
    if not lines and not any(k.startswith("line") for k in errors):
        errors["line1_description"] = "Add at least one line."
    return lines


def _line(form: dict[str, str], n: int, currency: str, errors: dict[str, str]) -> Any:
    description = form.get(f"line{n}_description", "").strip()
    price = form.get(f"line{n}_price", "").strip()
    quantity = form.get(f"line{n}_quantity", "").strip() or "1"
    tax_rate = form.get(f"line{n}_tax_rate", "").strip() or "0"
    if not description and not price:
        return None
    if not description:
        errors[f"line{n}_description"] = f"Line {n} needs a description."
        return None
    amount = _minor_units(price, currency)
    if amount is None:
        errors[f"line{n}_price"] = f"Line {n}: a price like 120.50 is needed."
        return None
    for key, value in ((f"line{n}_quantity", quantity), (f"line{n}_tax_rate", tax_rate)):
        if _decimal(value) is None:
            errors[key] = f"Line {n}: {value!r} is not a number."
            return None
    return {
        "description": description,
        "quantity": quantity,
        "unit_amount": amount,
        "tax_rate": tax_rate,
    }


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _minor_units(value: str, currency: str) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    scaled = number.scaleb(CURRENCY_EXPONENTS[currency])
    return int(scaled) if scaled == scaled.to_integral_value() else None
