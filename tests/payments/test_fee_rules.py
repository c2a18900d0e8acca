"""The platform fee: pure integer arithmetic at its edges."""

import pytest

from closeout.payments.domain.fees import FeeRule, application_fee, refunded_fee


def test_percent_rounds_half_up_in_minor_units() -> None:
    rule = FeeRule(percent_bps=250)  # 2.5 %
    assert application_fee(rule, 10_000) == 250
    assert application_fee(rule, 1_020) == 26  # 25.5 -> 26
    assert application_fee(rule, 1_019) == 25  # 25.475 -> 25
    assert application_fee(rule, 1) == 0


def test_fixed_plus_percent_is_capped() -> None:
    rule = FeeRule(percent_bps=300, fixed_amount=30, cap_amount=500)
    assert application_fee(rule, 10_000) == 330
    assert application_fee(rule, 15_666) == 500  # 470 + 30 = 500 exactly at the cap
    assert application_fee(rule, 1_000_000) == 500


def test_fee_never_exceeds_the_amount_and_zero_cap_means_no_fee() -> None:
    assert application_fee(FeeRule(fixed_amount=500), 300) == 300
    assert application_fee(FeeRule(percent_bps=10_000), 777) == 777
    assert application_fee(FeeRule(percent_bps=500, cap_amount=0), 10_000) == 0
    assert application_fee(FeeRule(percent_bps=500), 0) == 0


def test_rule_bounds_are_checked() -> None:
    for bad in (
        {"percent_bps": -1},
        {"percent_bps": 10_001},
        {"fixed_amount": -5},
        {"cap_amount": -1},
    ):
        with pytest.raises(ValueError, match="must"):
            FeeRule(**bad)


def test_refunded_fee_is_proportional_and_never_more_than_the_fee() -> None:
    assert refunded_fee(280, 10_000, 5_000) == 140
    assert refunded_fee(280, 10_000, 3_333) == 93  # 93.32 rounded down
    assert refunded_fee(280, 10_000, 10_000) == 280
    assert refunded_fee(280, 10_000, 0) == 0
    assert refunded_fee(0, 10_000, 5_000) == 0
