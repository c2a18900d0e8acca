"""Admin API: credit notes, part of a paid invoice credited (no payment changes with one)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from closeout.invoicing.api.deps import Admin, Reader, SessionDep, actor_of
from closeout.invoicing.api.documents import PDF, pdf_response
from closeout.invoicing.usecases import credit_notes, manual_invoices
from closeout.shared.contracts.common import PositiveMinorUnits
from closeout.shared.contracts.invoices import CreditNote, CreditNoteLine
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(prefix="/v1", tags=["admin"], dependencies=[Depends(reject_nul_characters)])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="A retry with the same key returns the same credit note; the same key with "
        "another body is a 409",
    ),
]


class CreditNoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    amount: PositiveMinorUnits = Field(
        description="Minor units; at most what was paid, less refunds and earlier credit notes"
    )
    reason: str = Field(min_length=1, max_length=1000)
    lines: list[CreditNoteLine] = Field(
        default_factory=list,
        max_length=500,
        description="Optional: what is credited, line by line; the amounts add up to `amount`",
    )


@router.post(
    "/invoices/{invoice_id}/credit-notes",
    status_code=status.HTTP_201_CREATED,
    summary="Credit part of a paid invoice: a numbered credit note (no payment changes)",
    description="409 when the invoice is a draft or void, when the amount is more than what "
    "was paid less refunds and earlier credit notes, or when the Idempotency-Key was used "
    "with another body; 422 when the lines do not add up to the amount.",
    responses={
        422: {
            "description": "The body is invalid, or its `lines` do not add up to `amount` (a "
            "rule across array items the schema cannot state)"
        }
    },
)
async def create_credit_note(
    invoice_id: str,
    principal: Admin,
    session: SessionDep,
    body: CreditNoteIn,
    idempotency_key: IdempotencyKey = None,
) -> CreditNote:
    idempotency = None
    if idempotency_key is not None:
        idempotency = (idempotency_key, manual_invoices.request_hash(body.model_dump_json()))
    new_note = credit_notes.NewCreditNote(amount=body.amount, reason=body.reason, lines=body.lines)
    async with session.begin():
        note = await credit_notes.credit(
            session,
            invoice_id,
            principal.business_id,
            new_note,
            idempotency=idempotency,
            actor=actor_of(principal),
        )
    return note.contract()


@router.get(
    "/invoices/{invoice_id}/credit-notes",
    summary="The invoice's credit notes, oldest first",
)
async def list_credit_notes(
    invoice_id: str, principal: Reader, session: SessionDep
) -> list[CreditNote]:
    found = await credit_notes.of_invoice(session, invoice_id, principal.business_id)
    return [note.contract() for note in found]


@router.get(
    "/invoices/{invoice_id}/credit-notes/{number}.pdf",
    summary="One credit note of the invoice as a PDF (numbers: see `credit_notes`)",
    response_class=Response,
    responses=PDF,
)
async def credit_note_pdf(
    invoice_id: str, number: str, principal: Reader, session: SessionDep
) -> Response:
    document = await credit_notes.credit_note_pdf(
        session, invoice_id, principal.business_id, number
    )
    return pdf_response(document)
