"""The customer's invoice page at /i/{token}: server-rendered, no third-party scripts.

Unknown, revoked and expired tokens all get the same 404. Payment is offered only while the
invoice is collectable; the return from Checkout never marks anything paid.
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from closeout.invoicing.adapters.payments_client import (
    CardPaymentRefusedError,
    PaymentsClient,
    PaymentsUnavailableError,
)
from closeout.invoicing.api.deps import SessionDep
from closeout.invoicing.api.documents import pdf_response
from closeout.invoicing.api.ratelimit import TokenBuckets
from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.storage.records import Business, Invoice, Receipt
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases import documents, links, payments, views
from closeout.shared.contracts.invoices import PAYABLE_STATUSES
from closeout.shared.errors import ConflictError, InvalidInputError
from closeout.shared.money import Money, UnknownCurrencyError
from closeout.shared.web.limits import BodyTooLargeError, read_body

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True),
)
TEMPLATES.filters["money"] = lambda amount, currency: Money(int(amount), currency).format()
DEFAULT_COLOR = "#1f2937"
MAX_FORM_BYTES = 8_000
# A document behind a capability link: not cached by proxies, not indexed, not sniffed.
PDF_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}


def customer_router(settings: InvoicingSettings, payments_client: PaymentsClient) -> APIRouter:
    router = APIRouter(tags=["customer page"], include_in_schema=False)
    per_ip = TokenBuckets(settings.page_rate_per_ip)
    per_token = TokenBuckets(settings.page_rate_per_token)
    base_url = settings.public_base_url.rstrip("/")
    form_targets = " ".join(["'self'", *settings.checkout_origins.split()])

    def html(template: str, code: int = 200, **context: object) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        body = TEMPLATES.get_template(template).render(nonce=nonce, **context)
        return HTMLResponse(body, status_code=code, headers=_security_headers(nonce, form_targets))

    # Rendered once: every link that shows nothing (unknown, revoked, expired, void, paid long
    # ago) gets these very bytes, so no answer tells a dead link from one that never existed.
    gone = html("not_found.html", status.HTTP_404_NOT_FOUND)

    def not_found() -> HTMLResponse:
        return HTMLResponse(gone.body, status_code=gone.status_code, headers=dict(gone.headers))

    def limited(request: Request, token: str) -> HTMLResponse | None:
        ip = request.client.host if request.client else "unknown"
        if per_ip.allow(f"ip:{ip}") and per_token.allow(f"t:{links.hash_token(token)}"):
            return None
        response = html("limited.html", status.HTTP_429_TOO_MANY_REQUESTS)
        response.headers["Retry-After"] = "60"
        return response

    def page(
        invoice: Invoice,
        business: Business,
        token: str,
        receipts: list[Receipt] | None = None,
        **extra: bool,
    ) -> HTMLResponse:
        return html(
            "invoice.html",
            invoice=invoice,
            business=business,
            token=token,
            receipts=receipts or [],
            color=business.brand_color or DEFAULT_COLOR,
            collectable=invoice.status in PAYABLE_STATUSES and invoice.amount_due > 0,
            **extra,
        )

    def paid_page(
        invoice: Invoice, business: Business, token: str, receipts: list[Receipt] | None = None
    ) -> HTMLResponse:
        color = business.brand_color or DEFAULT_COLOR
        return html(
            "paid.html",
            invoice=invoice,
            business=business,
            color=color,
            token=token,
            receipts=receipts or [],
        )

    @router.get("/i/{token}")
    async def show(token: str, request: Request, session: SessionDep) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        async with session.begin():
            opened = await links.open_link(session, token, settings.paid_link_days)
            if opened is None:
                return not_found()
            invoice = await views.record_view(session, opened.link)
            business = await businesses.load(session, invoice.business_id)
            receipts = await documents.receipts(session, invoice.invoice_id)
        if opened.page == "paid":
            return paid_page(invoice, business, token, receipts)
        return page(
            invoice,
            business,
            token,
            receipts=receipts,
            claimed=request.query_params.get("claimed") == "1",
            card_error=request.query_params.get("card") == "unavailable",
            card_refused=request.query_params.get("card") == "refused",
        )

    @router.get("/i/{token}/return")
    async def checkout_return(token: str, request: Request, session: SessionDep) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        opened = await links.open_link(session, token, settings.paid_link_days)
        if opened is None:
            return not_found()
        invoice = opened.invoice
        business = await businesses.load(session, invoice.business_id)
        if opened.page == "paid":
            return paid_page(invoice, business, token)
        return page(invoice, business, token, processing=invoice.status in PAYABLE_STATUSES)

    @router.get("/i/{token}/invoice.pdf")
    async def invoice_pdf(token: str, request: Request, session: SessionDep) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        document = await documents.customer_invoice_pdf(session, token, settings.paid_link_days)
        if document is None:
            return not_found()
        return pdf_response(document, **PDF_HEADERS)

    @router.get("/i/{token}/receipts/{receipt_number}.pdf")
    async def receipt_pdf(
        token: str, receipt_number: str, request: Request, session: SessionDep
    ) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        document = await documents.customer_receipt_pdf(
            session, token, settings.paid_link_days, receipt_number
        )
        if document is None:
            return not_found()
        return pdf_response(document, **PDF_HEADERS)

    @router.post("/i/{token}/pay/card")
    async def pay_by_card(token: str, request: Request, session: SessionDep) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        opened = await links.open_link(session, token, settings.paid_link_days)
        if opened is None:
            return not_found()
        invoice = opened.invoice
        business = await businesses.load(session, invoice.business_id)
        await session.rollback()  # hold no transaction while waiting for the gateway
        if invoice.status not in PAYABLE_STATUSES or invoice.amount_due <= 0:
            return RedirectResponse(f"/i/{token}", status.HTTP_303_SEE_OTHER)
        try:
            checkout = await payments_client.create_checkout_session(
                {
                    "invoice_id": invoice.invoice_id,
                    "business_id": invoice.business_id,
                    "invoice_number": invoice.number,
                    "amount": invoice.amount_due,
                    "currency": invoice.currency,
                    "customer_email": invoice.customer_email,
                    "description": f"Invoice {invoice.number} from {business.name}",
                    "success_url": f"{base_url}/i/{token}/return",
                    "cancel_url": f"{base_url}/i/{token}",
                    "stripe_account_id": business.stripe_account_id,
                    "correlation_id": invoice.correlation_id,
                }
            )
        except CardPaymentRefusedError:
            return RedirectResponse(f"/i/{token}?card=refused", status.HTTP_303_SEE_OTHER)
        except PaymentsUnavailableError:
            return RedirectResponse(f"/i/{token}?card=unavailable", status.HTTP_303_SEE_OTHER)
        return RedirectResponse(checkout.url, status.HTTP_303_SEE_OTHER)

    @router.post("/i/{token}/claim")
    async def claim(token: str, request: Request, session: SessionDep) -> Response:
        if (refusal := limited(request, token)) is not None:
            return refusal
        try:
            body = await read_body(request, MAX_FORM_BYTES)
        except BodyTooLargeError:
            return html("error.html", 413, message="That form was too large.")
        # A browser form can carry NUL (%00), which PostgreSQL text cannot hold: drop it.
        fields = parse_qs(body.decode(errors="replace"))
        form = {k: v[0].replace("\x00", "").strip() for k, v in fields.items()}
        async with session.begin():
            opened = await links.open_link(session, token, settings.paid_link_days)
            if opened is None:
                return not_found()
            invoice = opened.invoice
            try:
                await payments.submit_claim(
                    session,
                    invoice.invoice_id,
                    method=form.get("method", ""),
                    amount=_minor_units(form.get("amount", ""), invoice.currency),
                    reference=form.get("reference", "")[:200] or None,
                    note=form.get("note", "")[:1000] or None,
                )
            except (InvalidInputError, ConflictError) as exc:
                return html("error.html", 400, message=str(exc), back=f"/i/{token}")
        return RedirectResponse(f"/i/{token}?claimed=1", status.HTTP_303_SEE_OTHER)

    return router


def _minor_units(text: str, currency: str) -> int | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "").lstrip("$£€¥"))
        return Money.from_decimal(value, currency).amount
    except (InvalidOperation, UnknownCurrencyError, ValueError) as exc:
        raise InvalidInputError(f"the amount {text!r} is not a number") from exc


def _security_headers(nonce: str, form_targets: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'nonce-{nonce}'; img-src https: data:;"
            f" form-action {form_targets}; base-uri 'none'; frame-ancestors 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-store",
        "X-Robots-Tag": "noindex, nofollow",
    }
