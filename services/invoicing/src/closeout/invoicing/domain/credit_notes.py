"""Credit notes: part of a paid invoice credited. A note states what is credited; it moves no
money and changes no payment, so the invoice's status and amount due stay as they are."""

from __future__ import annotations

from collections.abc import Sequence

from closeout.shared.contracts.invoices import CreditNoteLine, InvoiceStatus
from closeout.shared.errors import ConflictError, InvalidInputError
from closeout.shared.money import Money


def creditable(amount_paid: int, amount_refunded: int, amount_credited: int) -> int:
    """What may still be credited: the net paid amount less what earlier notes took."""
    return max(amount_paid - amount_refunded - amount_credited, 0)


def check_credit(
    status: InvoiceStatus, available: int, amount: int, lines: Sequence[CreditNoteLine]
) -> None:
    """Refuse a note the invoice cannot take (409) or whose lines do not add up (422)."""
    if lines and sum(line.amount for line in lines) != amount:
        raise InvalidInputError("the lines' amounts must add up to the credit note's amount")
    if status in ("draft", "void"):
        raise ConflictError(f"cannot credit an invoice that is {status}")
    if available <= 0:
        raise ConflictError("nothing on this invoice can be credited: nothing paid is left")
    if amount > available:
        raise ConflictError(
            f"at most {available} (minor units) can be credited: what was paid less refunds "
            "and earlier credit notes"
        )


def amount_text(amount: int, currency: str) -> str:
    """`2500, "AUD"` -> `25.00 AUD` (for the timeline)."""
    return f"{Money(amount, currency).to_decimal()} {currency}"
