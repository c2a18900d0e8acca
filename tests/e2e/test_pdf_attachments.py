"""A business that attaches PDFs gets the invoice PDF on the invoice email and the receipt PDF
on the receipt email: notifications fetches each from invoicing at send time (five processes,
real SMTP sink)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from e2e import flows
from e2e.stack import Stack, unique_email
from support.invoicing import pdf_text

TOTAL = 22_000  # 2 x 100.00 plus 10 % tax


@pytest.fixture
async def attaching(stack: Stack) -> AsyncIterator[None]:
    async with stack.admin("invoicing") as client:
        assert (await client.patch("/v1/business", json={"attach_pdfs": True})).status_code == 200
        try:
            yield
        finally:
            await client.patch("/v1/business", json={"attach_pdfs": False})


async def pdfs_of(stack: Stack, mail: dict[str, Any]) -> dict[str, str]:
    """Each PDF attached to the mail, by file name, as its text."""
    async with httpx.AsyncClient(base_url=stack.infra.mailpit_api_url, timeout=10) as mailpit:
        detail = (await mailpit.get(f"/api/v1/message/{mail['ID']}")).json()
        found = {}
        for part in detail["Attachments"]:
            assert part["ContentType"] == "application/pdf", part
            content = await mailpit.get(f"/api/v1/message/{mail['ID']}/part/{part['PartID']}")
            found[part["FileName"]] = pdf_text(content.content)
        return found


@pytest.mark.usefixtures("attaching")
async def test_the_invoice_and_receipt_emails_carry_their_pdfs(stack: Stack) -> None:
    email = unique_email("attached")
    async with stack.admin("invoicing") as client:
        created = await client.post(
            "/v1/invoices",
            json={
                "customer": {"name": "Pat Doe", "email": email},
                "lines": [{"description": "Gutter clean", "quantity": 2, "unit_amount": 10000,
                           "tax_rate": "10"}],
                "send": True,
            },
        )  # fmt: skip
    assert created.status_code == 201, created.text
    invoice = created.json()
    assert invoice["total"] == TOTAL

    invoice_mail = (await flows.mails(stack, email, 1))[0]
    [(name, text)] = (await pdfs_of(stack, invoice_mail)).items()
    assert invoice["number"] in name
    assert invoice["number"] in text
    assert "220.00" in text

    await flows.confirm_manual(stack, invoice["invoice_id"], TOTAL, "bank_transfer", "REF-PDF-1")
    receipt = [m for m in await flows.mails(stack, email, 2) if m["ID"] != invoice_mail["ID"]]
    [(name, text)] = (await pdfs_of(stack, receipt[0])).items()
    assert "Receipt" in text
    assert invoice["number"] in text
    assert "REF-PDF-1" in text
