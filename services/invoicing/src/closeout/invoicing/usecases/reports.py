"""The overview report: what is owed and late, how old it is, what came in, per currency."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.reports import AGING_BUCKETS, Calendar, collected
from closeout.invoicing.domain.zones import UTC, is_known_zone, zone_named
from closeout.invoicing.storage import reports
from closeout.invoicing.storage import repository as repo
from closeout.shared.ids import utcnow


@dataclass
class CurrencyReport:
    currency: str
    outstanding: int = 0
    overdue: int = 0
    overdue_count: int = 0
    aging: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGING_BUCKETS, 0))
    aging_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGING_BUCKETS, 0))
    collected_this_month: int = 0
    collected_last_month: int = 0
    weekly: list[tuple[date, int]] = field(default_factory=list)


@dataclass(frozen=True)
class OverviewReport:
    business_id: str
    as_of: date
    timezone: str
    currencies: list[CurrencyReport]
    counts: dict[str, int]
    needs_review: int


def _zone(name: str) -> tuple[str, ZoneInfo]:
    return (name, zone_named(name)) if is_known_zone(name) else ("UTC", UTC)


async def overview(
    session: AsyncSession, business_id: str, now: datetime | None = None
) -> OverviewReport:
    business = await repo.get_business(session, business_id)
    timezone, zone = _zone(business.timezone if business else "UTC")
    calendar = Calendar((now or utcnow()).astimezone(zone).date())
    by_currency: dict[str, CurrencyReport] = {}

    def report_of(currency: str) -> CurrencyReport:
        return by_currency.setdefault(currency, CurrencyReport(currency))

    for row in await reports.aging(session, business_id, calendar.today):
        figures = report_of(row.currency)
        figures.outstanding += row.amount
        figures.aging[row.bucket] += row.amount
        figures.aging_counts[row.bucket] += row.count
        if row.bucket != "current":
            figures.overdue += row.amount
            figures.overdue_count += row.count
    daily = await reports.daily_collections(session, business_id, timezone, calendar.since)
    for currency in daily:
        report_of(currency)
    for figures in by_currency.values():
        sums = collected(calendar, daily.get(figures.currency, []))
        figures.collected_this_month = sums.this_month
        figures.collected_last_month = sums.last_month
        figures.weekly = sorted(sums.by_week.items())
    return OverviewReport(
        business_id=business_id,
        as_of=calendar.today,
        timezone=timezone,
        currencies=sorted(by_currency.values(), key=lambda f: (-f.outstanding, f.currency)),
        counts=await reports.status_counts(session, business_id),
        needs_review=await reports.review_count(session, business_id),
    )
