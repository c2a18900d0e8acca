"""Admin API: business settings and invoices of the caller's business.

Admin keys act on their own business only (another business's invoice is a 404); service keys
(Closeout's own services) may read any business.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from closeout.invoicing.api.deps import (
    Admin,
    LinkerDep,
    Reader,
    SessionDep,
    actor_of,
    business_scope,
)
from closeout.invoicing.api.schemas import (
    BusinessOut,
    BusinessPatch,
    DraftPatch,
    InvoiceDetail,
    InvoiceList,
    InvoiceSummary,
    IssuedOut,
    LinkCreatedOut,
    LinkOut,
    NoteIn,
    ReasonIn,
)
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases import invoice_details, invoices
from closeout.shared.contracts.common import Timestamp
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.errors import BadRequestError
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(prefix="/v1", tags=["admin"], dependencies=[Depends(reject_nul_characters)])


@router.get("/business", summary="The business's billing settings")
async def get_business(
    principal: Reader, session: SessionDep, business_id: str | None = None
) -> BusinessOut:
    scope = business_scope(principal, business_id)
    if scope is None:
        raise BadRequestError("business_id is required for this key")
    return BusinessOut.of(await businesses.load(session, scope))


@router.patch(
    "/business",
    summary="Change billing settings (only the fields given)",
    responses={
        422: {
            "description": "The body is invalid, or `timezone` is not an IANA time zone name "
            "(such as `Europe/Berlin`; a rule the schema cannot list)"
        }
    },
)
async def patch_business(principal: Admin, session: SessionDep, body: BusinessPatch) -> BusinessOut:
    changes = body.model_dump(exclude_unset=True)
    async with session.begin():
        business = await businesses.update_settings(session, principal.business_id, changes)
    return BusinessOut.of(business)


@router.get("/invoices", summary="List and filter invoices")
async def list_invoices(
    principal: Reader,
    session: SessionDep,
    business_id: str | None = None,
    status_: Annotated[InvoiceStatus | None, Query(alias="status")] = None,
    overdue: bool | None = None,
    customer: Annotated[str | None, Query(max_length=200)] = None,
    job_external_id: Annotated[str | None, Query(max_length=200)] = None,
    created_from: Annotated[Timestamp | None, Query(description="Inclusive")] = None,
    created_to: Annotated[Timestamp | None, Query(description="Exclusive")] = None,
    needs_review: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> InvoiceList:
    found = await repo.list_invoices(
        session,
        repo.InvoiceFilter(
            business_id=business_scope(principal, business_id),
            status=status_,
            overdue=overdue,
            customer=customer,
            job_external_id=job_external_id,
            created_from=created_from,
            created_to=created_to,
            needs_review=needs_review,
            limit=limit,
            offset=offset,
        ),
    )
    return InvoiceList(items=[InvoiceSummary.of(i) for i in found], limit=limit, offset=offset)


@router.get("/invoices/{invoice_id}", summary="One invoice with lines, timeline and payments")
async def get_invoice(invoice_id: str, principal: Reader, session: SessionDep) -> InvoiceDetail:
    return InvoiceDetail.of_details(
        await invoice_details.details(session, invoice_id, principal.business_id)
    )


@router.patch(
    "/invoices/{invoice_id}",
    summary="Edit a draft",
    responses={
        422: {
            "description": "The body is invalid, or its `line_items` total more than an invoice "
            "may (10^12 minor units over every line's quantity x unit_amount plus tax)"
        }
    },
)
async def edit_draft(
    invoice_id: str, principal: Admin, session: SessionDep, body: DraftPatch
) -> InvoiceSummary:
    changes = invoices.DraftChanges(
        customer=body.customer,
        lines=body.line_items,
        notes=body.notes,
        payment_terms_days=body.payment_terms_days,
    )
    async with session.begin():
        invoice = await invoices.edit_draft(
            session, invoice_id, principal.business_id, changes, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)


@router.post("/invoices/{invoice_id}/issue", summary="Issue and send a draft")
async def issue(
    invoice_id: str, principal: Admin, session: SessionDep, linker: LinkerDep
) -> IssuedOut:
    async with session.begin():
        invoice, url = await invoices.issue_draft(
            session,
            invoice_id,
            principal.business_id,
            actor=actor_of(principal),
            linker=linker,
        )
    return IssuedOut(invoice=InvoiceSummary.of(invoice), payment_url=url)


@router.post(
    "/invoices/{invoice_id}/void",
    summary="Void an invoice without payments (settles a pending review too)",
)
async def void(
    invoice_id: str, principal: Admin, session: SessionDep, body: ReasonIn
) -> InvoiceSummary:
    async with session.begin():
        invoice = await invoices.void(
            session, invoice_id, principal.business_id, body.reason, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)


@router.post("/invoices/{invoice_id}/mark-uncollectible", summary="Write off an open invoice")
async def mark_uncollectible(
    invoice_id: str, principal: Admin, session: SessionDep, body: ReasonIn
) -> InvoiceSummary:
    async with session.begin():
        invoice = await invoices.mark_uncollectible(
            session, invoice_id, principal.business_id, body.reason, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)


@router.post("/invoices/{invoice_id}/resend", summary="Send again, with a fresh link")
async def resend(
    invoice_id: str, principal: Admin, session: SessionDep, linker: LinkerDep
) -> IssuedOut:
    async with session.begin():
        invoice, url = await invoices.resend(
            session,
            invoice_id,
            principal.business_id,
            actor=actor_of(principal),
            linker=linker,
        )
    return IssuedOut(invoice=InvoiceSummary.of(invoice), payment_url=url)


@router.post(
    "/invoices/{invoice_id}/links",
    status_code=status.HTTP_201_CREATED,
    summary="Revoke every link and create a new one",
)
async def regenerate_link(
    invoice_id: str, principal: Admin, session: SessionDep, linker: LinkerDep
) -> LinkCreatedOut:
    async with session.begin():
        url = await invoices.regenerate_link(
            session,
            invoice_id,
            principal.business_id,
            actor=actor_of(principal),
            linker=linker,
        )
    return LinkCreatedOut(payment_url=url)


@router.get("/invoices/{invoice_id}/links", summary="The invoice's links (never their tokens)")
async def list_links(invoice_id: str, principal: Reader, session: SessionDep) -> list[LinkOut]:
    found = await invoice_details.links(session, invoice_id, principal.business_id)
    return [LinkOut.of(link) for link in found]


@router.delete(
    "/invoices/{invoice_id}/links/{link_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke one link",
)
async def revoke_link(invoice_id: str, link_id: str, principal: Admin, session: SessionDep) -> None:
    async with session.begin():
        await invoices.revoke_link(
            session, invoice_id, principal.business_id, link_id, actor=actor_of(principal)
        )


@router.post(
    "/invoices/{invoice_id}/review-done",
    summary="Keep the invoice as it is and clear its review flag (see `pending_review`)",
)
async def review_done(
    invoice_id: str, principal: Admin, session: SessionDep, body: NoteIn
) -> InvoiceSummary:
    async with session.begin():
        invoice = await invoices.acknowledge_review(
            session, invoice_id, principal.business_id, body.note, actor=actor_of(principal)
        )
    return InvoiceSummary.of(invoice)
