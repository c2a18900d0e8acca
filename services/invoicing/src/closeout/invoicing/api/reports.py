"""Admin API: the overview report (SQL aggregates of the business's invoices and ledger)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from closeout.invoicing.api.deps import Reader, SessionDep, business_scope
from closeout.invoicing.domain.reports import AGING_BUCKETS, CHART_WEEKS
from closeout.invoicing.usecases import reports
from closeout.shared.errors import BadRequestError
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.problem_docs import problem_responses

router = APIRouter(prefix="/v1", tags=["reports"], dependencies=[Depends(reject_nul_characters)])


class AgingBucketOut(BaseModel):
    bucket: str = Field(description=f"days past due: one of {', '.join(AGING_BUCKETS)}")
    amount: int = Field(description="unpaid balance, minor units")
    count: int = Field(description="invoices")


class WeekOut(BaseModel):
    week_start: date = Field(description="the Monday the week starts, in the business's zone")
    collected: int = Field(description="net cash collected (payments less refunds), minor units")


class CurrencyOverviewOut(BaseModel):
    currency: str
    outstanding: int = Field(description="unpaid balances of payable invoices, minor units")
    overdue: int = Field(description="the part of `outstanding` past its due date")
    overdue_count: int
    collected_this_month: int = Field(description="net cash collected this calendar month")
    collected_last_month: int
    aging: list[AgingBucketOut]
    weekly: list[WeekOut] = Field(description=f"the last {CHART_WEEKS} weeks, oldest first")


class OverviewOut(BaseModel):
    business_id: str
    as_of: date = Field(description="today in the business's time zone")
    timezone: str
    currencies: list[CurrencyOverviewOut]
    counts: dict[str, int] = Field(description="invoices by status")
    needs_review: int = Field(description="invoices flagged for review")

    @classmethod
    def of(cls, report: reports.OverviewReport) -> OverviewOut:
        return cls(
            business_id=report.business_id,
            as_of=report.as_of,
            timezone=report.timezone,
            counts=report.counts,
            needs_review=report.needs_review,
            currencies=[
                CurrencyOverviewOut(
                    currency=f.currency,
                    outstanding=f.outstanding,
                    overdue=f.overdue,
                    overdue_count=f.overdue_count,
                    collected_this_month=f.collected_this_month,
                    collected_last_month=f.collected_last_month,
                    aging=[
                        AgingBucketOut(bucket=b, amount=f.aging[b], count=f.aging_counts[b])
                        for b in AGING_BUCKETS
                    ],
                    weekly=[WeekOut(week_start=w, collected=c) for w, c in f.weekly],
                )
                for f in report.currencies
            ],
        )


@router.get(
    "/reports/overview",
    summary="Outstanding, overdue, aging, collected by month and week, counts by status",
    responses=problem_responses(400),
)
async def overview(
    principal: Reader, session: SessionDep, business_id: str | None = None
) -> OverviewOut:
    scope = business_scope(principal, business_id)
    if scope is None:
        raise BadRequestError("business_id is required for this key")
    async with session.begin():
        report = await reports.overview(session, scope)
    return OverviewOut.of(report)
