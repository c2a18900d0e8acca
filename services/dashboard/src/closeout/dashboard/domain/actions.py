"""The actions the invoice page offers: what each asks for and how its form is read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from closeout.shared.errors import InvalidInputError
from closeout.shared.money import Money, exponent


@dataclass(frozen=True)
class Action:
    name: str
    title: str
    button: str
    explains: str
    danger: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("issue", "Issue and send", "Issue and send", "The customer is emailed the invoice"
               " and its payment link now."),
        Action("resend", "Send again", "Send again", "The customer is emailed again, with a fresh"
               " link; older links stop working."),
        Action("void", "Void", "Void the invoice", "A void invoice is cancelled for good: its"
               " link stops working and nothing more is chased.", danger=True),
        Action("write-off", "Write off", "Write off the balance", "The unpaid balance is written"
               " off as uncollectible and no longer chased.", danger=True),
        Action("review-done", "Keep as it is", "Keep the invoice", "The review flag is cleared"
               " and the invoice is chased as issued."),
        Action("record-payment", "Record a payment", "Record the payment", "A cash or bank"
               " payment you received is applied to the invoice and a receipt is sent."),
        Action("confirm-claim", "Confirm the customer's payment", "Confirm: the money arrived",
               "The customer said they paid. Confirm only once the money is in your account: the"
               " payment is applied and a receipt is sent."),
        Action("reject-claim", "Reject the customer's claim", "Reject the claim", "The customer"
               " said they paid, but the money has not arrived. They are told why.", danger=True),
        Action("pause-reminders", "Pause reminders", "Pause reminders", "The customer gets no"
               " reminders for this invoice until you resume them."),
        Action("resume-reminders", "Resume reminders", "Resume reminders", "Reminders follow"
               " your reminder schedule again (one, the latest due, if any came due meanwhile)."),
        Action("credit-note", "Issue a credit note", "Issue the credit note", "Part of what was"
               " paid is credited with a numbered credit note. It moves no money: refund or"
               " settle it with the customer yourself."),
    )
}  # fmt: skip

MANUAL_METHODS = {"bank_transfer": "Bank transfer", "cash": "Cash"}


def amount_from_text(text: str, currency: str) -> int:
    """What a person types (`1,384.90`, `$50`) as minor units; refused when not a positive
    amount with at most the currency's decimals."""
    cleaned = text.strip().replace(",", "").lstrip("$£€¥₹₩R ").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise InvalidInputError(f"the amount {text!r} is not a number") from exc
    if not value.is_finite() or value <= 0:
        raise InvalidInputError("the amount must be more than zero")
    exponent_of_value = value.as_tuple().exponent
    if isinstance(exponent_of_value, int) and -exponent_of_value > exponent(currency):
        raise InvalidInputError(f"{currency} amounts have at most {exponent(currency)} decimals")
    if value > Decimal(10) ** 12:
        raise InvalidInputError("that amount is too large")
    return Money.from_decimal(value, currency).amount


def amount_as_text(amount: int, currency: str) -> str:
    return str(Money(amount, currency).to_decimal())


def required(form: dict[str, str], field: str, label: str, max_length: int = 1000) -> str:
    value = form.get(field, "").strip()
    if not value:
        raise InvalidInputError(f"{label} is required")
    if len(value) > max_length:
        raise InvalidInputError(f"{label} has at most {max_length} characters")
    return value


def optional(form: dict[str, str], field: str, label: str, max_length: int = 300) -> str | None:
    value = form.get(field, "").strip()
    if len(value) > max_length:
        raise InvalidInputError(f"{label} has at most {max_length} characters")
    return value or None
