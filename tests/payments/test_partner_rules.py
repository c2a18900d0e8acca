"""A partner's share: pure integer arithmetic at its edges (cap, end date, rounding, refunds)."""

from datetime import UTC, datetime, timedelta

import pytest

from closeout.payments.domain.partners import (
    PartnerRule,
    partner_share,
    retry_delay_seconds,
    reversal_amount,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _share(rule: PartnerRule, amount: int, *, shared: bool = False, at: datetime = NOW) -> int:
    return partner_share(rule, amount, at, invoice_already_shared=shared)


def test_percent_rounds_half_up_in_minor_units() -> None:
    rule = PartnerRule(kind="percent", percent_bps=250)  # 2.5 %
    assert _share(rule, 10_000) == 250
    assert _share(rule, 1_020) == 26  # 25.5 -> 26
    assert _share(rule, 1_019) == 25  # 25.475 -> 25
    assert _share(rule, 1) == 0
    assert _share(rule, 0) == 0


def test_the_cap_bounds_each_payment_and_the_share_never_exceeds_it() -> None:
    capped = PartnerRule(kind="percent", percent_bps=1_000, cap_amount=700)
    assert _share(capped, 5_000) == 500
    assert _share(capped, 7_000) == 700  # exactly at the cap
    assert _share(capped, 1_000_000) == 700
    assert _share(PartnerRule(kind="fixed", fixed_amount=900, cap_amount=600), 5_000) == 600
    assert _share(PartnerRule(kind="fixed", fixed_amount=900), 300) == 300  # not above the payment


def test_fixed_pays_once_per_invoice() -> None:
    rule = PartnerRule(kind="fixed", fixed_amount=1_500)
    assert _share(rule, 10_000) == 1_500
    assert _share(rule, 10_000, shared=True) == 0
    # A percent rule shares every payment of the invoice.
    assert _share(PartnerRule(kind="percent", percent_bps=100), 10_000, shared=True) == 100


def test_no_share_from_the_end_date_on() -> None:
    rule = PartnerRule(kind="percent", percent_bps=500, ends_at=NOW)
    assert _share(rule, 10_000, at=NOW - timedelta(microseconds=1)) == 500
    assert _share(rule, 10_000, at=NOW) == 0
    assert _share(rule, 10_000, at=NOW + timedelta(days=1)) == 0


def test_refunds_take_back_a_proportional_part_never_more_than_the_share() -> None:
    share, amount = 1_000, 10_000
    assert reversal_amount(share, amount, 0, 2_500) == 250
    # Three refunds of a third each: rounded down on the running total, all of it at the end.
    thirds = [(0, 3_333), (3_333, 6_666), (6_666, 10_000)]
    parts = [reversal_amount(333, amount, before, after) for before, after in thirds]
    assert parts == [110, 111, 112]
    assert sum(parts) == 333
    assert reversal_amount(share, amount, 0, 20_000) == share
    assert reversal_amount(share, amount, 2_500, 2_500) == 0
    assert reversal_amount(0, amount, 0, amount) == 0


def test_rule_bounds_are_checked() -> None:
    for bad in (
        {"kind": "percent", "percent_bps": 0},
        {"kind": "percent", "percent_bps": 10_001},
        {"kind": "fixed", "fixed_amount": 0},
        {"kind": "percent", "percent_bps": 100, "cap_amount": -1},
        {"kind": "other", "percent_bps": 100},
    ):
        with pytest.raises(ValueError, match=r"needs|must"):
            PartnerRule(**bad)  # type: ignore[arg-type]


def test_retries_back_off_exponentially_up_to_a_ceiling() -> None:
    assert [retry_delay_seconds(n, 30) for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay_seconds(30, 30) == 3600
