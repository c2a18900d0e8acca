"""The invoice page's credit note action over a real invoicing app (in process): staff credit
part of a paid invoice (CSRF-checked, the amount as a person types it), the page lists the
note, a resubmitted form makes no second note, and a viewer cannot."""

from __future__ import annotations

from dashboard.test_schedules_pages import dashboard_over_invoicing
from support.dashboard import hidden_field
from support.infra import Infra
from support.invoicing import TOTAL, configure_business, issued_invoice, payment


async def test_staff_issue_a_credit_note_from_the_invoice_page(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack:
        await configure_business(stack.invoicing, default_currency="AUD")
        invoice_id = (await issued_invoice(stack.invoicing))["invoice_id"]
        paid = payment("payment.confirmed", invoice_id, TOTAL)
        await stack.invoicing.apply(stack.invoicing.event("payment.confirmed", paid))
        action = f"/invoices/{invoice_id}/actions/credit-note"

        async with stack.browser("staff") as staff:
            page = await staff.get(f"/invoices/{invoice_id}")
            assert page.status_code == 200, page.text
            assert action in page.text
            confirm = await staff.get(action)
            assert confirm.status_code == 200, confirm.text
            form = {
                "csrf": hidden_field(confirm.text, "csrf"),
                "idempotency_key": hidden_field(confirm.text, "idempotency_key"),
                "amount": "25.00",
                "reason": "one hour less than billed",
            }
            too_much = await staff.post(action, data=form | {"amount": "10000"})
            assert too_much.status_code == 409, too_much.text
            done = await staff.post(action, data=form)
            assert done.status_code == 303, done.text
            again = await staff.post(action, data=form)  # the same form sent twice
            assert again.status_code == 303, again.text
            page = await staff.get(f"/invoices/{invoice_id}")
            assert 'data-credit-note="INV-CN-0001"' in page.text
            assert 'data-credit-note="INV-CN-0002"' not in page.text
            assert "one hour less than billed" in page.text

        detail = await stack.invoicing.client.get(
            f"/v1/invoices/{invoice_id}", headers=stack.invoicing.admin_headers()
        )
        assert detail.json()["amount_credited"] == 2500
        [note] = detail.json()["credit_notes"]
        assert note["amount"] == 2500

        async with stack.browser("viewer") as viewer:
            page = await viewer.get(f"/invoices/{invoice_id}")
            tried = await viewer.post(
                action,
                data={"csrf": hidden_field(page.text, "csrf"), "amount": "1", "reason": "x"},
            )
            assert tried.status_code == 403
        notes = await stack.invoicing.client.get(
            f"/v1/invoices/{invoice_id}/credit-notes", headers=stack.invoicing.admin_headers()
        )
        assert [n["number"] for n in notes.json()] == ["INV-CN-0001"]
