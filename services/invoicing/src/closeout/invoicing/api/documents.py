"""Invoice and receipt PDFs in the admin API (admin keys: their own business; service keys:
any). The customer page serves the same documents by link token (`api.customer`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from closeout.invoicing.api.deps import Reader, SessionDep
from closeout.invoicing.usecases import documents
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.problem_docs import problem_responses

router = APIRouter(prefix="/v1", tags=["admin"], dependencies=[Depends(reject_nul_characters)])

PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF"}
}


def pdf_response(document: documents.Document, **headers: str) -> Response:
    return Response(
        document.content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document.filename}"', **headers},
    )


@router.get(
    "/invoices/{invoice_id}/invoice.pdf",
    summary="The issued invoice as a PDF",
    response_class=Response,
    responses={**PDF, **problem_responses(409)},  # a draft has no PDF yet
)
async def invoice_pdf(invoice_id: str, principal: Reader, session: SessionDep) -> Response:
    document = await documents.invoice_pdf(session, invoice_id, principal.business_id)
    return pdf_response(document)


@router.get(
    "/invoices/{invoice_id}/receipts/{receipt_number}.pdf",
    summary="The receipt of one confirmed payment as a PDF (numbers: see `receipts`)",
    response_class=Response,
    responses=PDF,
)
async def receipt_pdf(
    invoice_id: str, receipt_number: str, principal: Reader, session: SessionDep
) -> Response:
    document = await documents.receipt_pdf(
        session, invoice_id, principal.business_id, receipt_number
    )
    return pdf_response(document)
