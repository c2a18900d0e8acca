"""Invoice status: derived from facts (issue, void, ledger, disputes, overdue marking), and
the commands each status allows.

Payments are facts and are always recorded; only admin and customer commands can be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from closeout.shared.contracts.invoices import PAYABLE_STATUSES, InvoiceStatus
from closeout.shared.errors import ConflictError


class InvalidTransitionError(ConflictError):
    """The command is not allowed in the invoice's current status (409)."""


@dataclass(frozen=True)
class Facts:
    issued: bool
    voided: bool
    uncollectible: bool
    past_due: bool
    total: int
    paid: int
    refunded: int
    open_dispute: bool

    @property
    def net_paid(self) -> int:
        return self.paid - self.refunded


def derive_status(facts: Facts) -> InvoiceStatus:
    """Net paid (paid - refunded) against the total decides; a refund never closes an invoice
    by itself: what is not covered by net payments is still due."""
    if facts.voided:
        return "void"
    if not facts.issued:
        return "draft"
    if facts.open_dispute:
        return "disputed"
    if facts.net_paid >= facts.total:
        return "paid"
    if facts.uncollectible:
        return "uncollectible"
    if facts.refunded > 0:
        return "refunded" if facts.net_paid <= 0 else "partially_refunded"
    if facts.net_paid > 0:
        return "partially_paid"
    return "overdue" if facts.past_due else "open"


def amount_due(status: InvoiceStatus, facts: Facts) -> int:
    if status in ("void", "uncollectible"):
        return 0
    return max(facts.total - max(facts.net_paid, 0), 0)


def is_overpaid(facts: Facts) -> bool:
    return facts.issued and facts.net_paid > facts.total


# Chased by the scheduler (overdue marking, reminders).
COLLECTABLE: frozenset[InvoiceStatus] = frozenset({"open", "overdue", "partially_paid"})

ALLOWED: dict[str, frozenset[InvoiceStatus]] = {
    "edit": frozenset({"draft"}),
    "issue": frozenset({"draft"}),
    "void": frozenset({"draft", "open", "overdue", "refunded"}),
    "mark_uncollectible": PAYABLE_STATUSES,
    "resend": PAYABLE_STATUSES,
    "pay": PAYABLE_STATUSES,
    "claim": PAYABLE_STATUSES,
    "mark_overdue": COLLECTABLE,
    "reissue": frozenset({"void"}),
}


def ensure_allowed(command: str, status: InvoiceStatus) -> None:
    allowed = ALLOWED[command]
    if status not in allowed:
        readable = command.replace("_", " ")
        raise InvalidTransitionError(
            f"cannot {readable} an invoice that is {status}"
            f" (allowed when: {', '.join(sorted(allowed))})"
        )
