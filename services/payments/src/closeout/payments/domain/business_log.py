"""The business's payment log across invoices: which ledger facts an owner sees, by category.

Fees, partner payouts and checkout bookkeeping stay on each invoice's own log; the business's
log is about money: payments confirmed, failed, refunded and disputed, and claims rejected."""

from __future__ import annotations

from typing import Literal, get_args

LogCategory = Literal["payments", "failed", "refunds", "disputes", "claims"]
CATEGORIES: tuple[LogCategory, ...] = get_args(LogCategory)

KINDS_OF: dict[LogCategory, tuple[str, ...]] = {
    "payments": ("confirmed",),
    "failed": ("failed",),
    "refunds": ("refund_requested", "refunded", "refund_failed"),
    "disputes": ("disputed", "dispute_closed"),
    "claims": ("claim_rejected",),
}
SHOWN_KINDS: tuple[str, ...] = tuple(kind for kinds in KINDS_OF.values() for kind in kinds)


def kinds_for(category: LogCategory | None) -> tuple[str, ...]:
    return KINDS_OF[category] if category is not None else SHOWN_KINDS
