"""Partners on the owner's page: the rule in words, and the add form read into payments' body."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from closeout.shared.errors import InvalidInputError


def rule_text(rule: dict[str, Any]) -> str:
    """`10% of each payment, at most 50.00` style, amounts in minor units as given."""
    if rule.get("kind") == "fixed":
        text = f"{rule.get('fixed_amount', 0)} (minor units) per paid invoice"
    else:
        percent = Decimal(int(rule.get("percent_bps", 0))) / 100
        text = f"{percent.normalize():f}% of each payment"
    if rule.get("cap_amount") is not None:
        text += f", at most {rule['cap_amount']}"
    if rule.get("ends_at"):
        text += f", until {str(rule['ends_at'])[:10]}"
    return text


def partner_body(form: dict[str, str]) -> dict[str, Any]:
    """The add-partner form as payments' `POST /v1/partners` body; a bad number is refused
    here with a message the owner can act on."""
    name = form.get("name", "").strip()
    if not name:
        raise InvalidInputError("Give the partner a name.")
    kind = form.get("kind", "percent")
    rule: dict[str, Any] = {"kind": kind if kind in ("percent", "fixed") else "percent"}
    if rule["kind"] == "percent":
        try:
            percent = Decimal(form.get("percent", "").strip())
        except InvalidOperation as exc:
            raise InvalidInputError("The share must be a percentage, e.g. 10 or 2.5.") from exc
        bps = percent * 100
        if bps != bps.to_integral_value() or not 0 < bps <= 10_000:
            raise InvalidInputError("The share must be between 0.01 and 100 percent.")
        rule["percent_bps"] = int(bps)
    else:
        rule["fixed_amount"] = _whole(form.get("fixed_amount", ""), "The fixed amount")
    if form.get("cap_amount", "").strip():
        rule["cap_amount"] = _whole(form["cap_amount"], "The cap")
    emails = [e.strip() for e in form.get("customer_emails", "").split(",") if e.strip()]
    body: dict[str, Any] = {"name": name, "rule": rule, "customer_emails": emails}
    if form.get("email", "").strip():
        body["email"] = form["email"].strip()
    return body


def _whole(value: str, what: str) -> int:
    try:
        amount = int(value.strip())
    except ValueError as exc:
        raise InvalidInputError(f"{what} must be a whole number of minor units.") from exc
    if amount < 0:
        raise InvalidInputError(f"{what} must not be negative.")
    return amount
