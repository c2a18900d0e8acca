"""The overview's figures, from invoice summaries: pure arithmetic, per currency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from closeout.dashboard.domain.invoices import InvoiceSummary
from closeout.shared.contracts.invoices import PAYABLE_STATUSES
from closeout.shared.money import Money

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


def aging_bucket(due_date: date | None, today: date) -> str:
    """How long past due an unpaid balance is (no due date, or not yet due: current)."""
    days = (today - due_date).days if due_date is not None else 0
    if days <= 0:
        return "current"
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


@dataclass
class CurrencyFigures:
    currency: str
    outstanding: int = 0
    overdue: int = 0
    aging: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGING_BUCKETS, 0))

    def money(self, amount: int) -> str:
        return Money(amount, self.currency).format()

    def share(self, bucket: str) -> int:
        """The bucket's share of the outstanding amount, in whole percent (for the chart)."""
        return round(100 * self.aging[bucket] / self.outstanding) if self.outstanding else 0


@dataclass
class Overview:
    figures: list[CurrencyFigures]
    counts: dict[str, int]
    overdue_count: int
    review: list[InvoiceSummary]
    drafts: list[InvoiceSummary]


def overview_of(invoices: Iterable[InvoiceSummary], today: date) -> Overview:
    by_currency: dict[str, CurrencyFigures] = defaultdict(lambda: CurrencyFigures(""))
    counts: Counter[str] = Counter()
    overdue_count = 0
    review: list[InvoiceSummary] = []
    drafts: list[InvoiceSummary] = []
    for invoice in invoices:
        counts[invoice.status] += 1
        if invoice.needs_review:
            review.append(invoice)
        if invoice.status == "draft":
            drafts.append(invoice)
        if invoice.status not in PAYABLE_STATUSES or invoice.amount_due <= 0:
            continue
        figures = by_currency[invoice.currency]
        figures.currency = invoice.currency
        figures.outstanding += invoice.amount_due
        bucket = aging_bucket(invoice.due_date, today)
        if invoice.overdue and bucket == "current":
            bucket = "1-30"  # invoicing judged it in the business's time zone: it is late
        figures.aging[bucket] += invoice.amount_due
        if invoice.overdue or bucket != "current":
            figures.overdue += invoice.amount_due
            overdue_count += 1
    return Overview(
        figures=sorted(by_currency.values(), key=lambda f: -f.outstanding),
        counts=dict(sorted(counts.items())),
        overdue_count=overdue_count,
        review=review,
        drafts=drafts,
    )
