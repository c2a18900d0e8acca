"""The platform's fee on a card payment on a business's connected account (minor units)."""

from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class FeeRule:
    """`percent_bps` of the amount (rounded half up) plus `fixed_amount`, at most `cap_amount`."""

    percent_bps: int = 0
    fixed_amount: int = 0
    cap_amount: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.percent_bps <= BASIS_POINTS:
            raise ValueError("percent_bps must be between 0 and 10000")
        if self.fixed_amount < 0:
            raise ValueError("fixed_amount must not be negative")
        if self.cap_amount is not None and self.cap_amount < 0:
            raise ValueError("cap_amount must not be negative")


def application_fee(rule: FeeRule, amount: int) -> int:
    """The fee on `amount`: never more than the cap, nor than the amount itself."""
    if amount <= 0:
        return 0
    # Half up in integers: (a * bps + 5000) // 10000.
    fee = (amount * rule.percent_bps + BASIS_POINTS // 2) // BASIS_POINTS + rule.fixed_amount
    if rule.cap_amount is not None:
        fee = min(fee, rule.cap_amount)
    return min(fee, amount)


def refunded_fee(fee: int, amount: int, refunded: int) -> int:
    """The part of `fee` to give back when `refunded` of `amount` is refunded (rounded down, so
    several partial refunds never return more than the fee; a full refund returns all of it)."""
    if amount <= 0 or fee <= 0 or refunded <= 0:
        return 0
    if refunded >= amount:
        return fee
    return fee * refunded // amount
