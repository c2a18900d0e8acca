"""Tax and rounding rules (pure): examples and properties."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from closeout.invoicing.domain.totals import invoice_totals, line_amounts, round_half_up

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10_000), places=3)
unit_amounts = st.integers(min_value=-(10**9), max_value=10**9)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=4)


def test_examples() -> None:
    assert line_amounts(Decimal("2.5"), 9000, Decimal(10), "exclusive").total == 24750
    # 0.5 cent of tax rounds up, away from zero
    assert line_amounts(Decimal(1), 5, Decimal(10), "exclusive").tax == 1
    assert line_amounts(Decimal(1), -5, Decimal(10), "exclusive").tax == -1
    # inclusive: 110.00 including 10 % is 100.00 + 10.00
    assert line_amounts(Decimal(1), 11000, Decimal(10), "inclusive") == line_amounts(
        Decimal(1), 10000, Decimal(10), "exclusive"
    )
    # 1.333 x 1.00 = 1.333 -> 1.33
    assert line_amounts(Decimal("1.333"), 100, Decimal(0), "exclusive").total == 133
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("-2.5")) == -3


@given(quantities, unit_amounts, rates)
def test_exclusive_adds_rounded_tax_to_the_net(q: Decimal, unit: int, rate: Decimal) -> None:
    line = line_amounts(q, unit, rate, "exclusive")
    assert line.net == round_half_up(q * unit)
    assert line.total == line.net + line.tax
    assert abs(Decimal(line.tax) - Decimal(line.net) * rate / 100) <= Decimal("0.5")
    assert (line.tax >= 0) == (line.net >= 0) or line.tax == 0


@given(quantities, unit_amounts, rates)
def test_inclusive_splits_the_gross_exactly(q: Decimal, unit: int, rate: Decimal) -> None:
    line = line_amounts(q, unit, rate, "inclusive")
    assert line.total == round_half_up(q * unit)
    assert line.net + line.tax == line.total
    assert abs(Decimal(line.net) * (100 + rate) / 100 - line.total) <= Decimal("0.5") * (
        1 + rate / 100
    )


@given(quantities, unit_amounts, st.sampled_from(["exclusive", "inclusive"]))
def test_zero_rate_means_no_tax(q: Decimal, unit: int, mode: str) -> None:
    line = line_amounts(q, unit, Decimal(0), mode)  # type: ignore[arg-type]
    assert line.tax == 0
    assert line.net == line.total


@given(st.lists(st.tuples(quantities, unit_amounts, rates), max_size=20))
def test_invoice_totals_are_sums_of_lines(items: list[tuple[Decimal, int, Decimal]]) -> None:
    lines = [line_amounts(q, u, r, "exclusive") for q, u, r in items]
    totals = invoice_totals(lines)
    assert totals.subtotal == sum(line.net for line in lines)
    assert totals.tax_total == sum(line.tax for line in lines)
    assert totals.total == totals.subtotal + totals.tax_total
