"""Admin API: the business's payment log across its invoices, filtered and paged."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from closeout.payments.api.deps import AdminDep
from closeout.payments.api.schemas import BusinessLogEntryResponse, BusinessLogResponse
from closeout.payments.domain.business_log import LogCategory
from closeout.payments.usecases.payment_log import business_log
from closeout.shared.contracts.common import PaymentMethod, Timestamp
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(prefix="/v1", tags=["payments"], dependencies=[Depends(reject_nul_characters)])


@router.get(
    "/payment-log",
    response_model=BusinessLogResponse,
    summary="The business's payments, failures, refunds and disputes across invoices, newest first",
)
async def payment_log(
    principal: AdminDep,
    session: SessionDep,
    category: LogCategory | None = None,
    method: PaymentMethod | None = None,
    invoice_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    since: Timestamp | None = None,
    until: Timestamp | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> BusinessLogResponse:
    async with session.begin():
        page = await business_log(
            session,
            principal.business_id,
            category=category,
            method=method,
            invoice_id=invoice_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    return BusinessLogResponse(
        items=[BusinessLogEntryResponse(**asdict(row)) for row in page.rows],
        total=page.total,
        limit=limit,
        offset=offset,
    )
