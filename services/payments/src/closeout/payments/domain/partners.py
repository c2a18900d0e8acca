"""A partner's share of a paid invoice, and what a refund takes back (minor units, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from closeout.payments.domain.fees import BASIS_POINTS

RuleKind = Literal["percent", "fixed"]


@dataclass(frozen=True)
class PartnerRule:
    """`percent`: `percent_bps` of each confirmed payment (rounded half up); `fixed`:
    `fixed_amount` once per paid invoice (with its first confirmed payment). Either at most
    `cap_amount` per payment; none for payments confirmed at or after `ends_at`."""

    kind: RuleKind
    percent_bps: int = 0
    fixed_amount: int = 0
    cap_amount: int | None = None
    ends_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.kind == "percent" and not 0 < self.percent_bps <= BASIS_POINTS:
            raise ValueError("a percent rule needs percent_bps between 1 and 10000")
        if self.kind == "fixed" and self.fixed_amount <= 0:
            raise ValueError("a fixed rule needs a positive fixed_amount")
        if self.kind not in ("percent", "fixed"):
            raise ValueError("kind must be percent or fixed")
        if self.percent_bps < 0 or self.fixed_amount < 0:
            raise ValueError("amounts must not be negative")
        if self.cap_amount is not None and self.cap_amount < 0:
            raise ValueError("cap_amount must not be negative")


def partner_share(
    rule: PartnerRule, amount: int, confirmed_at: datetime, *, invoice_already_shared: bool
) -> int:
    """The partner's share of a payment of `amount` confirmed at `confirmed_at`: never more
    than the cap nor than the payment. A fixed rule pays once per invoice."""
    if amount <= 0 or (rule.ends_at is not None and confirmed_at >= rule.ends_at):
        return 0
    if rule.kind == "fixed":
        share = 0 if invoice_already_shared else rule.fixed_amount
    else:
        share = (amount * rule.percent_bps + BASIS_POINTS // 2) // BASIS_POINTS
    if rule.cap_amount is not None:
        share = min(share, rule.cap_amount)
    return min(share, amount)


def reversal_amount(share: int, amount: int, refunded_before: int, refunded_after: int) -> int:
    """What a refund taking the payment's refunded total from `refunded_before` to
    `refunded_after` takes back of `share`. Computed on the running total (rounded down), so
    partial refunds never take back more than the share and a full refund takes all of it."""
    return _taken_back(share, amount, refunded_after) - _taken_back(share, amount, refunded_before)


def left_to_reverse(share: int, reversed_amounts: list[int]) -> int:
    """What of a paid share no reversal has taken back yet (a lost dispute takes all of it,
    and nothing after that takes more)."""
    return max(share - sum(reversed_amounts), 0)


def _taken_back(share: int, amount: int, refunded: int) -> int:
    if amount <= 0 or share <= 0 or refunded <= 0:
        return 0
    if refunded >= amount:
        return share
    return share * refunded // amount


def retry_delay_seconds(attempts: int, base_seconds: float, *, ceiling: float = 3600.0) -> float:
    """Exponential backoff after the `attempts`-th failed try (1, 2, 4, ... times the base)."""
    return float(min(base_seconds * 2 ** max(attempts - 1, 0), ceiling))
