"""The overview's figures, as invoicing's report (`GET /v1/reports/overview`) gives them, and
the shares the page draws its bars with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict

from closeout.dashboard.domain.invoices import InvoiceSummary
from closeout.shared.money import Money

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class AgingBucket(_Answer):
    bucket: str
    amount: int
    count: int


class Week(_Answer):
    week_start: date
    collected: int


def _percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percent, rounded to a bar width class (0, 5, ... 100)."""
    if whole <= 0 or part <= 0:
        return 0
    return min(100, round(20 * part / whole) * 5)


class CurrencyFigures(_Answer):
    currency: str
    outstanding: int
    overdue: int
    overdue_count: int
    collected_this_month: int
    collected_last_month: int
    aging: list[AgingBucket]
    weekly: list[Week]

    def money(self, amount: int) -> str:
        return Money(amount, self.currency).format()

    def aged(self, bucket: str) -> int:
        return next((b.amount for b in self.aging if b.bucket == bucket), 0)

    def share(self, bucket: str) -> int:
        """The bucket's share of the outstanding amount, as a bar width."""
        return _percent(self.aged(bucket), self.outstanding)

    def week_share(self, week: Week) -> int:
        """The week's cash against the best week of the chart, as a bar width."""
        return _percent(week.collected, max((w.collected for w in self.weekly), default=0))

    @property
    def collected_in_chart(self) -> int:
        return sum(w.collected for w in self.weekly)


class OverviewReport(_Answer):
    as_of: date
    timezone: str
    currencies: list[CurrencyFigures]
    counts: dict[str, int]
    needs_review: int


@dataclass
class Overview:
    figures: list[CurrencyFigures]
    counts: dict[str, int]
    overdue_count: int
    review: list[InvoiceSummary]
    drafts: int
    as_of: date


def overview_of(report: OverviewReport, review: list[InvoiceSummary]) -> Overview:
    return Overview(
        figures=report.currencies,
        counts=dict(sorted(report.counts.items())),
        overdue_count=sum(f.overdue_count for f in report.currencies),
        review=review,
        drafts=report.counts.get("draft", 0),
        as_of=report.as_of,
    )
