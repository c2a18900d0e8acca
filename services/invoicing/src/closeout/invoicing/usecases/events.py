"""Outgoing `invoice.*` events: every one carries the full snapshot and the business profile.

Each event bumps the invoice version, so consumers can order snapshots and ignore stale ones.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.shared.contracts.common import Customer
from closeout.shared.contracts.invoices import (
    BusinessProfile,
    InvoiceEvent,
    InvoiceLine,
    InvoiceSnapshot,
)
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import new_event

SOURCE = "closeout/invoicing"


def snapshot(invoice: Invoice) -> InvoiceSnapshot:
    return InvoiceSnapshot(
        invoice_id=invoice.invoice_id,
        number=invoice.number,
        status=invoice.status,
        version=invoice.version,
        job_id=invoice.job_id,
        job_external_id=invoice.job_external_id,
        job_title=invoice.job_title,
        site_address=invoice.site_address,
        job_completed_at=invoice.job_completed_at,
        notes=invoice.notes,
        customer=Customer.model_validate(invoice.customer),
        currency=invoice.currency,
        lines=[
            InvoiceLine(
                description=line["description"],
                quantity=Decimal(line["quantity"]),
                unit_amount=line["unit_amount"],
                tax_rate=Decimal(line["tax_rate"]),
                net_amount=line["net_amount"],
                tax_amount=line["tax_amount"],
                total_amount=line["total_amount"],
            )
            for line in invoice.lines
        ],
        subtotal=invoice.subtotal,
        tax_total=invoice.tax_total,
        total=invoice.total,
        amount_paid=invoice.amount_paid,
        amount_refunded=invoice.amount_refunded,
        amount_due=invoice.amount_due,
        amount_credited=invoice.amount_credited,
        issued_at=invoice.issued_at,
        due_date=invoice.due_date,
        paid_at=invoice.paid_at,
    )


def profile(business: Business) -> BusinessProfile:
    return BusinessProfile(
        business_id=business.business_id,
        name=business.name,
        email=business.email,
        phone=business.phone,
        address=business.address,
        website=business.website,
        logo_url=business.logo_url,
        brand_color=business.brand_color,
        bank_transfer_instructions=business.bank_transfer_instructions,
        admin_email=business.admin_email,
        timezone=business.timezone,
        stripe_account_id=business.stripe_account_id,
        attach_pdfs=business.attach_pdfs,
        payment_notice=business.payment_notice,
    )


async def publish(
    session: AsyncSession,
    event_type: str,
    invoice: Invoice,
    business: Business,
    **extras: object,
) -> Invoice:
    """Bump the version and enqueue `event_type` in the caller's transaction."""
    invoice = await repo.update_invoice(session, invoice.invoice_id, version=invoice.version + 1)
    data = InvoiceEvent(invoice=snapshot(invoice), business=profile(business), **extras)
    event = new_event(
        event_type,
        data,
        source=SOURCE,
        business_id=invoice.business_id,
        subject=invoice.invoice_id,
        correlation_id=invoice.correlation_id,
    )
    await enqueue(session, event)
    return invoice
