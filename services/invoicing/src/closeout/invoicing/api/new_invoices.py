"""Admin API: invoices that do not come from a job's completion (by hand, re-issues)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, status

from closeout.invoicing.api.deps import Admin, LinkerDep, SessionDep, actor_of
from closeout.invoicing.api.schemas import InvoiceDetail, NewInvoiceIn, ReissueIn
from closeout.invoicing.usecases import invoice_details, manual_invoices, reissues
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(prefix="/v1", tags=["admin"], dependencies=[Depends(reject_nul_characters)])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="A retry with the same key returns the same invoice; the same key with "
        "another body is a 409",
    ),
]


@router.post(
    "/invoices",
    status_code=status.HTTP_201_CREATED,
    summary="Make an invoice by hand: a draft, or issued and sent at once (`send`)",
)
async def create_invoice(
    principal: Admin,
    session: SessionDep,
    linker: LinkerDep,
    body: NewInvoiceIn,
    idempotency_key: IdempotencyKey = None,
) -> InvoiceDetail:
    new_invoice = manual_invoices.NewInvoice(
        customer=body.customer,
        lines=body.lines,
        currency=body.currency,
        due_date=body.due_date,
        terms_days=body.terms_days,
        notes=body.notes,
        number=body.number,
    )
    idempotency = None
    if idempotency_key is not None:
        idempotency = (idempotency_key, manual_invoices.request_hash(body.model_dump_json()))
    async with session.begin():
        invoice_id = await manual_invoices.create_by_hand(
            session,
            principal.business_id,
            new_invoice,
            send=body.send,
            idempotency=idempotency,
            actor=actor_of(principal),
            linker=linker,
        )
    found = await invoice_details.details(session, invoice_id, principal.business_id)
    return InvoiceDetail.of_details(found)


@router.post(
    "/invoices/{invoice_id}/reissue",
    status_code=status.HTTP_201_CREATED,
    summary="Bill a voided job invoice's job again: a new invoice linked to the voided one",
)
async def reissue(
    invoice_id: str, principal: Admin, session: SessionDep, linker: LinkerDep, body: ReissueIn
) -> InvoiceDetail:
    async with session.begin():
        invoice = await reissues.reissue(
            session,
            invoice_id,
            principal.business_id,
            send=body.send,
            actor=actor_of(principal),
            linker=linker,
        )
    found = await invoice_details.details(session, invoice.invoice_id, principal.business_id)
    return InvoiceDetail.of_details(found)
