"""The payments page: the business's payment log across invoices, filtered and paged."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from closeout.dashboard.api.deps import ClientsDep, SessionDep, SignedIn, calls_for
from closeout.dashboard.api.rendering import actor_name, render
from closeout.dashboard.domain.payments import CATEGORIES, METHODS
from closeout.dashboard.storage import repository as repo
from closeout.shared.ids import utcnow

router = APIRouter(tags=["dashboard"], include_in_schema=False)
PAGE_SIZE = 25


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _start_of(day: date | None) -> str | None:
    return datetime.combine(day, time.min).isoformat() + "Z" if day else None


@router.get("/payments")
async def payments_page(
    request: Request,
    signed: SignedIn,
    clients: ClientsDep,
    session: SessionDep,
    category: Annotated[str, Query(max_length=20)] = "",
    method: Annotated[str, Query(max_length=20)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    chosen_category = category if category in CATEGORIES else ""
    chosen_method = method if method in METHODS else ""
    first, last = _day(since), _day(until)
    if first and last and last < first:
        first, last = last, first
    log = await calls_for(clients, signed).business_payment_log(
        category=chosen_category or None,
        method=chosen_method or None,
        since=_start_of(first),
        until=_start_of(last + timedelta(days=1)) if last else None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    async with session.begin():
        people = await repo.emails_of_business(session, signed.user.business_id)
    return render(
        request,
        "payments.html",
        {
            "log": log,
            "who": {e.id: actor_name(e.actor, people) for e in log.items},
            "categories": CATEGORIES,
            "methods": METHODS,
            "category": chosen_category,
            "method": chosen_method,
            "since": first.isoformat() if first else "",
            "until": last.isoformat() if last else "",
            "page": page,
            "has_next": page * PAGE_SIZE < log.total,
            "today": utcnow().date().isoformat(),
        },
    )
