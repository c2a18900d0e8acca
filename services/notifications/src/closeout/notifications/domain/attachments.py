"""Which document an email carries when the business attaches PDFs: the invoice to the
invoice email, the payment's receipt to the receipt email. The reference is a path under the
invoice in invoicing's admin API, fetched at send time (invoicing owns the documents)."""

from __future__ import annotations

from closeout.notifications.domain.planning import MessageContext


def attachment_for(template: str, channel: str, ctx: MessageContext) -> str | None:
    if channel != "email" or not ctx.business.attach_pdfs:
        return None
    if template == "invoice":
        return "invoice.pdf"
    if template == "receipt" and ctx.applied_payment is not None:
        number = ctx.applied_payment.receipt_number
        return f"receipts/{number}.pdf" if number else None
    return None
