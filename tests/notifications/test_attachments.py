"""PDF attachments: which document an email carries, how it is fetched from invoicing, and how
it travels in the MIME message (pure: no infrastructure; the whole path runs in
tests/e2e/test_pdf_attachments.py)."""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest

from closeout.notifications.adapters.channels import build_email
from closeout.notifications.adapters.documents import DocumentsClient
from closeout.notifications.domain.attachments import attachment_for
from closeout.notifications.domain.outgoing import (
    Attachment,
    OutgoingMessage,
    TransientDeliveryError,
)
from closeout.notifications.domain.samples import sample_context
from closeout.shared.contracts.invoices import AppliedPayment


def test_only_invoice_and_receipt_emails_carry_a_document_and_only_when_the_business_asks() -> None:
    off = sample_context("invoice")
    on = replace(off, business=off.business.model_copy(update={"attach_pdfs": True}))
    paid = AppliedPayment(
        payment_id="pay_1", amount=100, currency="AUD", method="card",
        occurred_at=datetime(2026, 11, 30, tzinfo=UTC), receipt_number="RCT-7",
    )  # fmt: skip
    with_payment = replace(on, applied_payment=paid)
    assert attachment_for("invoice", "email", off) is None
    assert attachment_for("invoice", "email", on) == "invoice.pdf"
    assert attachment_for("invoice", "sms", on) is None
    assert attachment_for("reminder", "email", on) is None
    assert attachment_for("receipt", "email", on) is None, "no payment: no receipt number"
    assert attachment_for("receipt", "email", with_payment) == "receipts/RCT-7.pdf"


def test_the_document_is_a_pdf_part_beside_the_text_and_html() -> None:
    message = OutgoingMessage(
        notification_id="n1", channel="email", recipient="dana@example.com",
        subject="Invoice INV-1", text="Hello", html="<p>Hello</p>", message_id="<n1@closeout>",
    )  # fmt: skip
    pdf = Attachment(filename="INV-1.pdf", content=b"%PDF-1.4 body")
    built = email.message_from_bytes(bytes(build_email(message, "billing@x.io", [pdf])))
    parts = {part.get_content_type(): part for part in built.walk()}
    assert built.get_content_type() == "multipart/mixed"
    assert {"text/plain", "text/html", "application/pdf"} <= set(parts)
    assert parts["application/pdf"].get_filename() == "INV-1.pdf"
    assert parts["application/pdf"].get_payload(decode=True) == b"%PDF-1.4 body"


def documents(handler: httpx.MockTransport) -> DocumentsClient:
    return DocumentsClient("http://invoicing.test", "secret" * 6, transport=handler)


async def test_the_document_is_fetched_from_invoicing_with_a_service_token() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        headers = {"content-disposition": 'inline; filename="INV-0042.pdf"'}
        return httpx.Response(200, content=b"%PDF", headers=headers)

    found = await documents(httpx.MockTransport(answer)).fetch("inv_1", "invoice.pdf")
    assert found == Attachment(filename="INV-0042.pdf", content=b"%PDF")
    assert seen[0].url.path == "/v1/invoices/inv_1/invoice.pdf"
    assert seen[0].headers["authorization"].startswith("Bearer ")


async def test_no_document_sends_without_it_and_an_unreachable_invoicing_waits() -> None:
    missing = documents(httpx.MockTransport(lambda _: httpx.Response(404)))
    assert await missing.fetch("inv_1", "receipts/RCT-1.pdf") is None
    for failing in (
        httpx.MockTransport(lambda _: httpx.Response(503)),
        httpx.MockTransport(lambda r: (_ for _ in ()).throw(httpx.ConnectError("down", request=r))),
    ):
        with pytest.raises(TransientDeliveryError):
            await documents(failing).fetch("inv_1", "invoice.pdf")
